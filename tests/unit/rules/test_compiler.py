"""The compiler's own promises: the holes an adversarial probe found are closed, the compiled
macro is exact and detectably stale, and the vars dbt runs with reach the checker."""

from __future__ import annotations

import json
import shutil
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from leadscore import cli, rules
from leadscore.paths import PROJECT_ROOT
from leadscore.rules import check_rules, rule_max_points
from leadscore.rules.codegen import compiled_config, dialect_sql
from leadscore.rules.language import project_vars
from tests.unit.rules.bad_rules import EVENT_RULE, LANGUAGE, LEAD_RULE, TODAY
from tests.unit.rules.seed_files import append_rows, check, read_rows, replace_rows


def errors_of(seeds_dir: Path) -> list[str]:
    return [str(problem) for problem in check(seeds_dir).errors]


def test_numbers_beyond_the_warehouse_columns_are_refused(seeds: Path) -> None:
    append_rows(
        seeds / "scoring_rules.csv",
        [
            {**LEAD_RULE, "rule_id": "huge_points", "points": "10000000000000"},
            {**EVENT_RULE, "rule_id": "huge_repeats", "max_occurrences": "99999999999"},
        ],
    )
    errors = errors_of(seeds)
    assert any(
        "rule 'huge_points' (model 'default'): points must be between -1000000 and 1000000, "
        "got 10000000000000" in error
        for error in errors
    ), errors
    assert any(
        "rule 'huge_repeats' (model 'default'): max_occurrences must be between -2147483647 and "
        "2147483647" in error
        for error in errors
    ), errors


def test_a_row_with_too_many_fields_is_refused(seeds: Path) -> None:
    path = seeds / "scoring_rules.csv"
    line = len(path.read_text().splitlines()) + 1
    with path.open("a", encoding="utf-8") as handle:
        # An unquoted comma in the description: one field too many, so dbt would drop a value.
        handle.write(
            "default,fit_extra,fit,lead,,seniority = 'vp',5,,,,,none,,,,,,true,VPs, and more\n"
        )
    assert (
        f"ERROR {seeds / 'scoring_rules.csv'}: line {line} has 20 fields but the header has 19 "
        "(an unquoted comma?)"
    ) in errors_of(seeds)


def test_a_row_with_too_few_fields_is_refused(seeds: Path) -> None:
    path = seeds / "scoring_rules.csv"
    line = len(path.read_text().splitlines()) + 1
    with path.open("a", encoding="utf-8") as handle:
        # Written for the header before the activity columns: is_active would land in
        # activity_measure.
        handle.write("default,fit_extra,fit,lead,,seniority = 'vp',5,,,,none,,,true,VPs\n")
    assert errors_of(seeds) == [
        f"ERROR {seeds / 'scoring_rules.csv'}: line {line} has 15 fields but the header has 19 "
        "(a row written for another version of the file?)"
    ]


def test_a_header_naming_a_column_twice_is_refused(seeds: Path) -> None:
    path = seeds / "scoring_rules.csv"
    rows = path.read_text().splitlines()
    # A second condition column: only one copy of a condition would be checked, and the other
    # (a stacked statement here) could reach the warehouse.
    rows[0] += ",condition"
    rows[1] += ",'x'; drop table leads"
    path.write_text("\n".join(rows) + "\n")
    assert (
        f"ERROR {seeds / 'scoring_rules.csv'}: column 'condition' appears twice in the header"
    ) in errors_of(seeds)


@pytest.mark.parametrize("written", ["NULL", "null", "Null"])
def test_null_written_as_a_condition_is_refused(seeds: Path, written: str) -> None:
    # An event rule with no condition matches every event of its type: NULL must not mean that.
    append_rows(seeds / "scoring_rules.csv", [{**EVENT_RULE, "rule_id": "n", "condition": written}])
    assert any(
        "rule 'n' (model 'default'): condition: 'null' can only follow 'is'" in error
        for error in errors_of(seeds)
    ), errors_of(seeds)


def test_a_model_with_no_active_rules_is_an_error(seeds: Path) -> None:
    rules_file = seeds / "scoring_rules.csv"
    replace_rows(
        rules_file, [row for row in read_rows(rules_file) if row["model_id"] != "automation"]
    )
    assert (
        f"ERROR {seeds / 'scoring_rules.csv'}: model 'automation' is active but has no active "
        "rules, so every lead would score 0 under it (add rules, or set is_active to false on "
        "the model)"
    ) in errors_of(seeds)


@pytest.fixture
def deadline() -> Iterator[None]:
    """Fail instead of hanging: checks must take time linear in the seeds, not in their values."""

    def expire(*_: object) -> None:
        raise TimeoutError("the check did not finish in 20 seconds")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(20)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_huge_repeat_counts_cost_nothing(seeds: Path, deadline: None) -> None:
    append_rows(
        seeds / "scoring_rules.csv",
        [{**EVENT_RULE, "rule_id": "many", "max_occurrences": "2147483647", "rule_cap": ""}],
    )
    report = check(seeds)
    rule = next(rule for rule in report.rules if rule.rule_id == "many")
    model = next(model for model in report.models if model.model_id == "default")
    weight = max(1.0, model.inbound_engagement_weight or 0, model.outbound_engagement_weight or 0)
    # points / (1 - r): the sum over two billion repeats is the sum of the endless series.
    assert rule_max_points(rule, model) == pytest.approx(4 / (1 - 0.5) * weight)


def _seconds_to_check(seeds: Path, rules: int) -> float:
    """The fastest of two checks of the seeds plus this many extra lead rules."""
    rows = read_rows(seeds / "scoring_rules.csv")
    extra = [{**LEAD_RULE, "rule_id": f"r{n}", "points": "1"} for n in range(rules)]
    replace_rows(seeds / "scoring_rules.csv", [*rows, *extra])
    timings = []
    for _ in range(2):
        started = time.perf_counter()
        warnings = [problem.message for problem in check(seeds).warnings]
        timings.append(time.perf_counter() - started)
    assert any("active rules in one model" in message for message in warnings)
    replace_rows(seeds / "scoring_rules.csv", rows)
    return min(timings)


def test_many_rules_are_checked_in_linear_time(seeds: Path) -> None:
    # Four times the rules: about four times the time if linear, sixteen if quadratic. A ratio,
    # not a time limit, so a busy machine slows both sides alike.
    few, many = _seconds_to_check(seeds, 300), _seconds_to_check(seeds, 1_200)
    assert many / few < 8, f"300 rules: {few:.2f} s, 1,200 rules: {many:.2f} s"


def write_project(root: Path, name: str, dbt_vars: dict[str, object]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "dbt_project.yml").write_text(yaml.safe_dump({"name": name, "vars": dbt_vars}))
    shutil.copytree(PROJECT_ROOT / "seeds", root / "seeds")
    return root


def test_vars_from_the_root_project_and_the_command_line_reach_the_checker(tmp_path: Path) -> None:
    long_condition = "seniority in ('vp', 'executive', 'director')"
    root = write_project(
        tmp_path / "acme",
        "acme",
        {
            "leadscore": {"leadscore_rule_condition_max_length": 20},
            "acme": {"leadscore_rule_condition_max_length": 9999},  # acme's own, not leadscore's
        },
    )
    assert project_vars(root)["leadscore_rule_condition_max_length"] == 20
    append_rows(
        root / "seeds" / "scoring_rules.csv",
        [{**LEAD_RULE, "rule_id": "long", "condition": long_condition}],
    )
    refused = check_rules(project_dir=root, today=TODAY)
    assert any("condition is longer than 20 characters" in str(p) for p in refused.errors)
    # --vars win over both projects, as in dbt.
    accepted = check_rules(
        project_dir=root, cli_vars={"leadscore_rule_condition_max_length": 500}, today=TODAY
    )
    assert not any(problem.rule_id == "long" for problem in accepted.errors)
    # A column declared on the command line is in the language.
    columns = project_vars(None)["leadscore_rule_columns"]
    extended = {**columns, "lead": {**columns["lead"], "is_partner": "boolean"}}
    language = rules.RuleLanguage.from_project(None, {"leadscore_rule_columns": extended})
    assert rules.compile_condition("is_partner = true", "lead", language).columns == {"is_partner"}


def test_the_compiled_macro_holds_the_checked_config_and_goes_stale(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(PROJECT_ROOT / "dbt_project.yml", project / "dbt_project.yml")
    shutil.copytree(PROJECT_ROOT / "seeds", project / "seeds")
    result = rules.compile_rules(project_dir=project, today=TODAY)
    text = result.path.read_text()
    assert text.startswith("{#-\n    GENERATED by `leadscore rules compile`")
    body = text.split("{% set compiled_json %}\n", 1)[1].split("\n{% endset %}", 1)[0]
    assert "{{" not in body and "{%" not in body and "{#" not in body
    config = json.loads(body)
    report = check_rules(project / "seeds", language=LANGUAGE, today=TODAY)
    assert config == compiled_config(report, project / "seeds", project_vars(project))
    vp = next(rule for rule in config["rules"] if rule["rule_id"] == "fit_title_vp")
    # SQL the dialects agree on is written once.
    assert vp["condition_sql"] == {"default": "rule_input.seniority = 'vp'"}
    assert rules.is_compiled(project_dir=project, today=TODAY)
    assert not rules.compile_rules(project_dir=project, today=TODAY).changed

    append_rows(
        project / "seeds" / "score_thresholds.csv",
        [{"model_id": "default", "stage": "hot", "min_total_score": "80"}],
    )
    assert not rules.is_compiled(project_dir=project, today=TODAY)


def test_cli_compile_check_fails_on_a_stale_file(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["rules", "compile", "--check"]) == 0
    monkeypatch.setattr(rules, "is_compiled", lambda **_: False)
    assert cli.main(["rules", "compile", "--check"]) == 1
    assert "run `leadscore rules compile`" in capsys.readouterr().err


def testdialect_sql_keeps_only_the_dialects_that_differ() -> None:
    class SparkQuotesDifferently:
        def sql(self, dialect: str) -> str:
            return "a = 'x'" if dialect != "spark" else 'a = "x"'

    assert dialect_sql(SparkQuotesDifferently()) == {  # type: ignore[arg-type]
        "default": "a = 'x'",
        "spark": 'a = "x"',
    }

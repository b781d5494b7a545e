"""The seed checks: the shipped seeds are clean, and every bad row is refused with its reason."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import sqlglot
from sqlglot.errors import ErrorLevel

from leadscore.rules import DIALECTS, check_rules, compile_condition, compiled_conditions
from tests.unit.rules.bad_rules import (
    BAD_RULES,
    LANGUAGE,
    TODAY,
    BadRule,
    allowed,
)
from tests.unit.rules.seed_files import append_rows, check, read_rows, replace_rows
from tests.unit.rules.test_properties import rule_input_table


def test_the_table_is_big_and_varied() -> None:
    assert len(BAD_RULES) >= 40
    assert sum(case.malicious for case in BAD_RULES) >= 20
    assert sum(not case.malicious for case in BAD_RULES) >= 20
    assert len({case.rule_id for case in BAD_RULES}) == len(BAD_RULES)


# --------------------------------------------------------------------------------------------
# The shipped seeds
# --------------------------------------------------------------------------------------------


def test_shipped_seeds_are_clean() -> None:
    report = check_rules(today=TODAY)
    assert report.problems == [], report.format()
    assert {model.model_id for model in report.models if model.is_active} >= {
        "default",
        "automation",
    }


def test_shipped_conditions_render_for_every_dialect() -> None:
    """Every shipped rule and model assignment, built from its parsed tree, renders for each
    target with nothing unsupported, parses back in that dialect, and runs on DuckDB."""
    report = check_rules(today=TODAY)
    conditions = list(compiled_conditions(report))
    written = [rule for rule in report.rules if rule.condition] + report.models
    assert len(conditions) == len(written) >= 40
    connection = rule_input_table()
    for name, condition in conditions:
        for dialect in DIALECTS:
            written = condition.sql(dialect)
            reparsed = sqlglot.parse(written, read=dialect, error_level=ErrorLevel.RAISE)
            assert len(reparsed) == 1, (name, dialect, written)
            assert "rule_input." in written or condition.columns == frozenset(), name
        connection.execute(f"select count(*) from rule_input where {condition.sql('duckdb')}")


def test_ilike_becomes_lower_like_everywhere() -> None:
    condition = compile_condition("job_title ilike '%VP%'", "lead", LANGUAGE)
    for dialect in DIALECTS:
        assert "ILIKE" not in condition.sql(dialect).upper(), dialect
        assert condition.sql(dialect).upper().startswith("LOWER(RULE_INPUT.JOB_TITLE) LIKE")


def test_text_values_are_escaped_per_dialect() -> None:
    condition = compile_condition("job_title = 'O''Brien'", "lead", LANGUAGE)
    assert condition.sql("duckdb") == "rule_input.job_title = 'O''Brien'"
    assert condition.sql("postgres") == "rule_input.job_title = 'O''Brien'"
    assert condition.sql("bigquery") == "rule_input.job_title = 'O\\'Brien'"


# --------------------------------------------------------------------------------------------
# Bad rows: every one refused with its exact reason, all reported at once
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", BAD_RULES, ids=lambda case: case.case_id)
def test_bad_rule_row_is_refused_with_its_reason(case: BadRule, seeds: Path) -> None:
    append_rows(seeds / "scoring_rules.csv", [case.row])
    report = check(seeds)
    mine = [problem for problem in report.errors if problem.rule_id == case.rule_id]
    others = [problem for problem in report.errors if problem.rule_id != case.rule_id]
    assert [problem.message for problem in mine] == list(case.expected)
    # The duplicate rule_id case also names the original's row key; nothing else is wrong.
    assert others == []
    for problem in mine:
        assert problem.severity == "error"
        assert problem.seed_file.endswith("scoring_rules.csv")
        assert problem.row_key == f"rule '{case.rule_id}' (model '{case.row['model_id']}')"
        assert str(problem).startswith(
            f"ERROR {problem.seed_file}: rule '{case.rule_id}' (model '{case.row['model_id']}'): "
        )


def test_all_bad_rows_are_reported_at_once(seeds: Path) -> None:
    append_rows(seeds / "scoring_rules.csv", [case.row for case in BAD_RULES])
    report = check(seeds)
    expected = [(case.rule_id, message) for case in BAD_RULES for message in case.expected]
    assert [(problem.rule_id, problem.message) for problem in report.errors] == expected
    assert not report.ok
    assert "FAILED" in report.verdict()


@pytest.mark.parametrize(
    ("seed", "overrides", "expected"),
    [
        (
            "scoring_models.csv",
            {"assignment_condition": "product_interest = 'automation' or 1 = 1"},
            "model 'automation': assignment_condition: '=' tests no column, so it is always "
            "true or always false",
        ),
        (
            "scoring_models.csv",
            {"assignment_condition": ""},
            "model 'automation': assignment_condition: condition is empty",
        ),
        (
            "scoring_models.csv",
            {"assignment_condition": "page_path = '/pricing'"},
            "model 'automation': assignment_condition: unknown column 'page_path' for lead "
            f"rules (allowed: {allowed('lead')})",
        ),
        (
            "scoring_models.csv",
            {"fit_cap": "0"},
            "model 'automation': fit_cap must be above 0, got 0",
        ),
        (
            "scoring_models.csv",
            {"negative_floor": "10"},
            "model 'automation': negative_floor must be at most 0, got 10",
        ),
        (
            "scoring_models.csv",
            {"last_reviewed_on": "23/11/2026"},
            "model 'automation': last_reviewed_on must be a date written YYYY-MM-DD, got "
            "'23/11/2026'",
        ),
        (
            "scoring_models.csv",
            {"baseline_points": "-5"},
            "model 'automation': baseline_points below 0 (-5) needs floor_at_zero false: a "
            "total floored at zero cannot start below it",
        ),
        (
            "scoring_models.csv",
            {"baseline_points": "ten"},
            "model 'automation': baseline_points must be a number, got 'ten'",
        ),
        (
            "scoring_models.csv",
            {"floor_at_zero": "maybe"},
            "model 'automation': floor_at_zero must be true or false, got 'maybe'",
        ),
        (
            "scoring_models.csv",
            {"assignment_priority": "high"},
            "model 'automation': assignment_priority must be a whole number, got 'high'",
        ),
        (
            "score_thresholds.csv",
            {"min_total_score": "-1"},
            "stage 'mql' (model 'automation'): min_total_score must be above 0, got -1",
        ),
        (
            "score_thresholds.csv",
            {"stage": "none"},
            "stage 'none' (model 'automation'): stage 'none' is reserved for leads below every "
            "threshold",
        ),
        (
            "fit_grade_bands.csv",
            {"min_fit_score": "-5"},
            "grade 'A' (model 'automation'): min_fit_score must be at least 0, got -5",
        ),
    ],
)
def test_bad_rows_of_the_other_seeds(
    seeds: Path, seed: str, overrides: dict[str, str], expected: str
) -> None:
    path = seeds / seed
    rows = read_rows(path)
    first = next(index for index, row in enumerate(rows) if row["model_id"] == "automation")
    rows[first] = {**rows[first], **overrides}
    replace_rows(path, rows)
    report = check(seeds)
    assert [f"{problem.row_key}: {problem.message}" for problem in report.errors] == [expected]


def test_missing_zero_grade_and_no_active_model(seeds: Path) -> None:
    models = read_rows(seeds / "scoring_models.csv")
    replace_rows(seeds / "scoring_models.csv", [{**row, "is_active": "false"} for row in models])
    bands = read_rows(seeds / "fit_grade_bands.csv")
    replace_rows(seeds / "fit_grade_bands.csv", [row for row in bands if row["fit_grade"] != "D"])
    messages = [str(problem) for problem in check(seeds).errors]
    assert messages == [
        f"ERROR {seeds / 'scoring_models.csv'}: no active model (set is_active to true on at "
        "least one)"
    ]
    replace_rows(seeds / "scoring_models.csv", models)
    messages = [problem.message for problem in check(seeds).errors]
    assert messages == [
        "model 'default' needs a grade with min_fit_score 0 so every lead gets a grade",
        "model 'automation' needs a grade with min_fit_score 0 so every lead gets a grade",
    ]


def test_a_seed_file_with_a_missing_column(seeds: Path) -> None:
    rows = read_rows(seeds / "score_thresholds.csv")
    with (seeds / "score_thresholds.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["model_id", "stage", "description"])
        writer.writerows([row["model_id"], row["stage"], row["description"]] for row in rows)
    messages = [problem.message for problem in check(seeds).errors]
    assert "missing column(s) in the header: min_total_score" in messages


def test_models_without_the_later_columns_keep_todays_behaviour(seeds: Path) -> None:
    rows = read_rows(seeds / "scoring_models.csv")
    columns = [name for name in rows[0] if name not in ("baseline_points", "floor_at_zero")]
    with (seeds / "scoring_models.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    report = check(seeds)
    assert report.errors == []
    assert {(m.baseline_points, m.floor_at_zero) for m in report.models} == {(0.0, True)}


def test_an_unknown_header_column_is_refused(seeds: Path) -> None:
    rows = read_rows(seeds / "scoring_models.csv")
    with (seeds / "scoring_models.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=[*rows[0], "intercept"])
        writer.writeheader()
        writer.writerows({**row, "intercept": "3"} for row in rows)
    messages = [problem.message for problem in check(seeds).errors]
    assert messages == ["unknown column(s) in the header: intercept"]

"""End to end: the rule seeds through dbt itself, in a copy of the dbt project.

* Both shipped models score every lead side by side (one row per lead and active model, exactly
  one primary).
* The dbt-side gate (macros/rules/compile_rule_condition.sql, the one plain `dbt build` runs)
  and the Python checker (leadscore/rules.py) accept and reject the same conditions and compile
  the accepted ones to the same SQL: one `dbt run-operation check_rule_conditions` over the bad
  rule table, the shipped rules and a few hundred generated conditions.
* Bad rule rows make plain `dbt build` fail naming seed file, rule id and reason (the same text
  `leadscore rules check` prints) and leave the published scores exactly as they were.

Three dbt invocations in all, in a copy of the project (so editing its seeds disturbs nobody),
with their own DuckDB file, target and log folders. With a PostgreSQL server configured
(LEADSCORE_PG_*), the compiled conditions are also run on Postgres and must select the same rows.
"""

from __future__ import annotations

import datetime
import json
import os
import random
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
import sqlglot
from sqlglot import exp
from sqlglot.errors import ErrorLevel

from leadscore.dbt import dbt_executable
from leadscore.generate import GeneratorConfig, generate
from leadscore.paths import PROJECT_ROOT
from leadscore.rules import DIALECTS, check_rules, compiled_conditions
from tests.unit.test_rules import (
    BAD_RULES,
    LANGUAGE,
    TODAY,
    compile_or_none,
    matching_rows,
    random_condition,
    random_mutant,
    random_soup,
    rule_input_rows,
    rule_input_table,
)

pytestmark = pytest.mark.e2e

SCORE_DATE = "2026-06-30"
# What dbt reads: the project file, profiles, and the model, macro, seed and test folders.
DBT_PROJECT_PARTS = ("dbt_project.yml", "profiles.yml", "models", "macros", "seeds", "tests/dbt")
# Corners of the two tokenizers: Unicode spaces and digits, Jinja in text values, line breaks.
# (Not sent: characters YAML cannot carry in --args, such as NUL or surrogate pairs.)
EDGE_CONDITIONS = (
    ("employee_count\u2003>\u3000200", "lead"),
    ("employee_count\u00a0> 200", "lead"),
    ("employee_count\u200b> 200", "lead"),
    ("employee_count > \u0663", "lead"),
    ("employee_count > \uff11", "lead"),
    ("job_title = '{{ 7 * 7 }}'", "lead"),
    ("job_title = '{% raw %}x{% endraw %}'", "lead"),
    ("job_title = 'line one\nline two'", "lead"),
    ("job_title\n=\t'Gesch\u00e4ftsf\u00fchrer'", "lead"),
    ("page_path like '%--%' or page_path like '%/*%' or page_path = ';'", "event"),
)
RULE_MODELS = (
    "int_event_rule_matches",
    "int_lead_attribute_rule_matches",
    "int_lead_model_assignments",
)


@dataclass(frozen=True)
class DbtProject:
    directory: Path
    database: Path
    artifacts: Path

    @property
    def seeds(self) -> Path:
        return self.directory / "seeds"

    def dbt(self, *args: str) -> subprocess.CompletedProcess[str]:
        env = dict(os.environ)
        env.update(
            {
                "DBT_PROFILES_DIR": str(self.directory),
                "LEADSCORE_DUCKDB_PATH": str(self.database),
                "DBT_TARGET_PATH": str(self.artifacts / "target"),
                "DBT_LOG_PATH": str(self.artifacts / "logs"),
                "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
            }
        )
        env.pop("LEADSCORE_TARGET", None)
        return subprocess.run(
            [dbt_executable(), *args],
            cwd=self.directory,
            env=env,
            text=True,
            capture_output=True,
            check=False,
        )

    def query(self, sql: str) -> list[tuple]:
        connection = duckdb.connect(str(self.database), read_only=True)
        try:
            return connection.execute(sql).fetchall()
        finally:
            connection.close()


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> DbtProject:
    """A copy of the dbt project, built once with plain `dbt build` on a small demo warehouse."""
    root = tmp_path_factory.mktemp("rules_e2e")
    directory = root / "project"
    for part in DBT_PROJECT_PARTS:
        source = PROJECT_ROOT / part
        if source.is_dir():
            shutil.copytree(source, directory / part)
        elif source.exists():
            (directory / part).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, directory / part)
    database = root / "warehouse.duckdb"
    generate(
        GeneratorConfig(
            leads=400,
            seed=5,
            end_date=datetime.date.fromisoformat(SCORE_DATE),
            database=database,
        )
    )
    built = DbtProject(directory, database, root)
    completed = built.dbt("build", "--vars", json.dumps({"score_date": SCORE_DATE}))
    assert completed.returncode == 0, completed.stdout[-5000:] + completed.stderr[-2000:]
    return built


# --------------------------------------------------------------------------------------------
# Several models side by side
# --------------------------------------------------------------------------------------------


def test_both_models_score_every_lead_side_by_side(project: DbtProject) -> None:
    report = check_rules(project.seeds, language=LANGUAGE, today=TODAY)
    active = sorted(model.model_id or "" for model in report.models if model.is_active)
    assert active == ["automation", "default"]
    rows = project.query(
        """
        select
            leads.lead_id,
            leads.product_interest,
            count(scores.model_id) as models,
            count(distinct scores.model_id) as distinct_models,
            sum(case when scores.is_primary_model then 1 else 0 end) as primaries,
            max(case when scores.is_primary_model then scores.model_id end) as primary_model
        from main_intermediate.int_leads_enriched as leads
        left join scores.lead_scores as scores using (lead_id)
        group by 1, 2
        """
    )
    assert len(rows) >= 300
    for lead_id, interest, models, distinct_models, primaries, primary in rows:
        assert (models, distinct_models, primaries) == (2, 2, 1), lead_id
        assert primary == ("automation" if interest == "automation" else "default"), lead_id
    # Both models' own rules fire, and the two scores differ for some leads.
    fired = dict(
        project.query(
            "select model_id, count(distinct rule_id) from scores.lead_score_explanations "
            "group by 1"
        )
    )
    assert fired["automation"] >= 10 and fired["default"] >= 10, fired
    (differing,) = project.query(
        """
        select count(*) from scores.lead_scores as a
        join scores.lead_scores as d using (lead_id)
        where a.model_id = 'automation' and d.model_id = 'default'
            and a.total_score <> d.total_score
        """
    )[0]
    assert differing > 50


def test_compiled_rule_models_transpile_to_every_dialect(project: DbtProject) -> None:
    """The models that carry rule SQL, as dbt compiled them, for every target dialect."""
    manifest = json.loads((project.artifacts / "target" / "manifest.json").read_text())
    compiled = {
        node["name"]: node["compiled_code"]
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["name"] in RULE_MODELS
    }
    assert sorted(compiled) == sorted(RULE_MODELS)
    for name, sql in compiled.items():
        assert "'auto_fit_ops_title'" in sql or name != "int_lead_attribute_rule_matches"
        for dialect in DIALECTS:
            (written,) = sqlglot.transpile(
                sql, read="duckdb", write=dialect, unsupported_level=ErrorLevel.RAISE
            )
            sqlglot.parse_one(written, read=dialect)


# --------------------------------------------------------------------------------------------
# The dbt gate and the Python checker agree
# --------------------------------------------------------------------------------------------


def normalized(sql: str) -> str:
    """One spelling for the same expression tree: the parentheses each gate chose dropped, then
    every and/or/not/predicate parenthesized; `x not like y` read as `not (x like y)`."""

    def rewrite(node: exp.Expression) -> exp.Expression:
        for key, value in list(node.args.items()):
            if isinstance(value, exp.Expression):
                node.set(key, rewrite(value))
            elif isinstance(value, list):
                node.set(key, [rewrite(v) if isinstance(v, exp.Expression) else v for v in value])
        if isinstance(node, exp.Paren):
            return node.this
        if isinstance(node, (exp.Like, exp.ILike, exp.Is)) and node.args.get("negate"):
            node.set("negate", None)
            node = exp.Not(this=exp.Paren(this=node))
        if isinstance(node, exp.Not):
            return exp.Not(this=exp.Paren(this=node.this))
        if isinstance(node, (exp.Connector, exp.Predicate)):
            return exp.Paren(this=node)  # fully parenthesized: distinct trees, distinct text
        return node

    return rewrite(sqlglot.parse_one(sql, read="duckdb")).sql(dialect="duckdb")


@pytest.fixture(scope="module")
def gate_results(project: DbtProject) -> list[tuple[str, str, dict[str, str | None]]]:
    """[(condition, subject, dbt's result)] for every condition of the parity check."""
    conditions: list[tuple[str, str]] = [
        (case.row["condition"], case.row["subject"]) for case in BAD_RULES
    ]
    report = check_rules(project.seeds, language=LANGUAGE, today=TODAY)
    conditions += [(rule.condition, rule.subject) for rule in report.rules if rule.condition]
    conditions += [(model.assignment_condition or "", "lead") for model in report.models]
    conditions += list(EDGE_CONDITIONS)
    rng = random.Random(20261123)
    for _ in range(150):
        subject = rng.choice(sorted(LANGUAGE.columns))
        conditions.append((random_condition(rng, subject), subject))
        conditions.append((random_mutant(rng, subject), subject))
    conditions += [(random_soup(rng), rng.choice(sorted(LANGUAGE.columns))) for _ in range(100)]
    arguments = json.dumps({"conditions": [list(pair) for pair in conditions]})
    completed = project.dbt("run-operation", "check_rule_conditions", "--args", arguments)
    assert completed.returncode == 0, completed.stdout[-5000:] + completed.stderr[-2000:]
    prefix = "leadscore-rule-check: "
    lines = [line for line in completed.stdout.splitlines() if line.startswith(prefix)]
    assert len(lines) == 1, completed.stdout[-3000:]
    results = json.loads(lines[0][len(prefix) :])
    assert len(results) == len(conditions)
    return [
        (text, subject, result) for (text, subject), result in zip(conditions, results, strict=True)
    ]


def test_dbt_gate_and_python_checker_accept_the_same_conditions(
    gate_results: list[tuple[str, str, dict[str, str | None]]],
) -> None:
    disagreements = []
    accepted = 0
    for text, subject, result in gate_results:
        python = compile_or_none(text, subject)
        if (python is None) != (result["error"] is not None):
            disagreements.append((text, subject, result["error"] or result["sql"], python))
        elif python is not None:
            accepted += 1
            assert result["sql"] is not None
            assert normalized(result["sql"]) == normalized(python.sql("duckdb")), text
    assert disagreements == []
    assert accepted >= 200, "the check should exercise many accepted conditions"


def test_dbt_gate_refuses_every_bad_condition_with_the_same_reason(
    gate_results: list[tuple[str, str, dict[str, str | None]]],
) -> None:
    by_condition = {(text, subject): result for text, subject, result in gate_results}
    for case in BAD_RULES:
        condition_errors = [m for m in case.expected if m.startswith("condition: ")]
        if not condition_errors:
            continue
        result = by_condition[(case.row["condition"], case.row["subject"])]
        assert result["error"] is not None, case.case_id
        if case.same_in_dbt:
            assert f"condition: {result['error']}" == condition_errors[0], case.case_id


def test_dbt_compiled_shipped_rules_transpile(
    project: DbtProject, gate_results: list[tuple[str, str, dict[str, str | None]]]
) -> None:
    """The SQL dbt runs for each shipped rule and model assignment: valid for every dialect."""
    report = check_rules(project.seeds, language=LANGUAGE, today=TODAY)
    shipped = {(condition.text, condition.subject) for _, condition in compiled_conditions(report)}
    checked = 0
    for text, subject, result in gate_results:
        if (text, subject) in shipped and result["sql"]:
            for dialect in DIALECTS:
                sqlglot.transpile(
                    result["sql"], read="duckdb", write=dialect, unsupported_level=ErrorLevel.RAISE
                )
            checked += 1
    assert checked >= len(shipped)


# --------------------------------------------------------------------------------------------
# A rejected rule changes no published score
# --------------------------------------------------------------------------------------------


def published_scores(project: DbtProject) -> dict[str, list[tuple]]:
    tables = [
        name
        for (name,) in project.query(
            "select table_name from information_schema.tables where table_schema = 'scores' "
            "order by 1"
        )
    ]
    return {name: project.query(f"select * from scores.{name} order by all") for name in tables}


@pytest.fixture
def bad_rule_seeds(project: DbtProject) -> Iterator[Path]:
    seed_file = project.seeds / "scoring_rules.csv"
    original = seed_file.read_bytes()
    from tests.unit.test_rules import append_rows

    # Every bad row, text in number columns included: the scoring seeds load as text
    # (dbt_project.yml), so the rule compiler, not the seed loader, names each problem.
    append_rows(seed_file, [case.row for case in BAD_RULES])
    try:
        yield seed_file
    finally:
        seed_file.write_bytes(original)


def test_rejected_rules_fail_dbt_build_and_leave_published_scores_unchanged(
    project: DbtProject, bad_rule_seeds: Path
) -> None:
    before = published_scores(project)
    assert set(before) >= {"lead_scores", "account_scores", "lead_score_explanations"}
    assert all(before.values())

    report = check_rules(project.seeds, language=LANGUAGE, today=TODAY)
    assert len(report.errors) >= 60

    completed = project.dbt("build", "--vars", json.dumps({"score_date": SCORE_DATE}))
    output = completed.stdout + completed.stderr
    assert completed.returncode != 0
    assert "nothing was scored" in output
    same_in_dbt = {case.rule_id: case.same_in_dbt for case in BAD_RULES}
    missing = []
    for problem in report.errors:
        where = f"seeds/scoring_rules.csv: {problem.row_key}: "
        if problem.column == "condition" and not same_in_dbt.get(problem.rule_id or "", True):
            expected = where + "condition: "  # dbt words this one differently; same row, column
        else:
            expected = where + problem.message
        if expected not in output:
            missing.append(expected)
    assert missing == [], "dbt's error should name every problem the checker names"

    assert published_scores(project) == before


# --------------------------------------------------------------------------------------------
# Postgres: the compiled conditions run there too, and select the same rows as on DuckDB
# --------------------------------------------------------------------------------------------


@pytest.mark.postgres
def test_compiled_conditions_run_on_postgres_like_on_duckdb() -> None:
    from leadscore.load_postgres import PostgresSettings, postgres_configured

    if not postgres_configured():
        if os.environ.get("CI"):
            pytest.fail("CI must test Postgres: .ci/run should have set LEADSCORE_PG_HOST/_PORT")
        pytest.skip("no PostgreSQL server: set LEADSCORE_PG_HOST and LEADSCORE_PG_PORT")
    report = check_rules(language=LANGUAGE, today=TODAY)
    rng = random.Random(7)
    conditions = [condition for _, condition in compiled_conditions(report)]
    for _ in range(300):
        subject = rng.choice(sorted(LANGUAGE.columns))
        compiled = compile_or_none(random_condition(rng, subject), subject)
        assert compiled is not None
        conditions.append(compiled)

    columns = sorted(
        {
            name: kind for subject in LANGUAGE.columns.values() for name, kind in subject.items()
        }.items()
    )
    pg_types = {"string": 'text collate "C"', "number": "double precision", "boolean": "boolean"}
    rows = rule_input_rows()
    duck = rule_input_table()
    connection = PostgresSettings.from_env().connect("postgres")
    try:
        with connection.cursor() as cursor:
            definition = ", ".join(f"{name} {pg_types[kind]}" for name, kind in columns)
            cursor.execute(f"create temporary table rule_input (row_id integer, {definition})")
            names = ["row_id", *(name for name, _ in columns)]
            cursor.executemany(
                f"insert into rule_input ({', '.join(names)}) values "
                f"({', '.join('%s' for _ in names)})",
                [[row[name] for name in names] for row in rows],
            )
            for condition in conditions:
                cursor.execute(
                    "select row_id from rule_input where "
                    + condition.sql("postgres")
                    + " order by 1"
                )
                on_postgres = [row_id for (row_id,) in cursor.fetchall()]
                assert on_postgres == matching_rows(duck, condition.sql("duckdb")), condition.text
    finally:
        connection.rollback()
        connection.close()
        duck.close()

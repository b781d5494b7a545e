"""End to end: the rule compiler and dbt, on the small published warehouse.

* Both shipped models score every lead side by side (one row per lead and active model, exactly
  one primary).
* Plain `dbt build` never runs an unchecked rule: after a seed edit, and with `--vars` that change
  the rule language, it refuses to run anything until `leadscore rules compile` has run, naming
  the command, and the published scores stay as they were.
* (A compiled edit reaching the scores, and Jinja-like text staying text: test_custom_columns.)

In a copy of the dbt project (so editing its seeds disturbs nobody). With a PostgreSQL server
configured (LEADSCORE_PG_*), compiled conditions are also run on Postgres and must select the
same rows as on DuckDB.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import duckdb
import pytest

from leadscore.rules import check_rules, compiled_conditions
from tests.e2e.postgres import require_postgres
from tests.e2e.projects import DbtProject, copy_project
from tests.unit.rules.bad_rules import LANGUAGE, TODAY
from tests.unit.rules.seed_files import read_rows, replace_rows
from tests.unit.rules.test_properties import (
    compile_or_none,
    matching_rows,
    random_condition,
    rule_input_rows,
    rule_input_table,
)

pytestmark = pytest.mark.e2e


@pytest.fixture
def project(small_warehouse: Path, tmp_path: Path) -> DbtProject:
    """A copy of the dbt project with a copy of the small warehouse, scored and published."""
    database = tmp_path / "warehouse.duckdb"
    shutil.copy(small_warehouse, database)
    return copy_project(tmp_path / "project", database)


def published(project: DbtProject) -> list[tuple]:
    return project.query("select * from scores.publication_log order by all")


def test_both_models_score_every_lead_side_by_side(small_warehouse: Path) -> None:
    report = check_rules(language=LANGUAGE, today=TODAY)
    active = sorted(model.model_id or "" for model in report.models if model.is_active)
    assert active == ["automation", "default"]
    connection = duckdb.connect(str(small_warehouse), read_only=True)
    try:
        rows = connection.execute(
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
        ).fetchall()
        fired = dict(
            connection.execute(
                "select model_id, count(distinct rule_id) from scores.lead_score_explanations "
                "group by 1"
            ).fetchall()
        )
        (differing,) = connection.execute(
            """
            select count(*) from scores.lead_scores as a
            join scores.lead_scores as d using (lead_id)
            where a.model_id = 'automation' and d.model_id = 'default'
                and a.total_score <> d.total_score
            """
        ).fetchall()[0]
    finally:
        connection.close()
    assert len(rows) >= 300
    for lead_id, interest, models, distinct_models, primaries, primary in rows:
        assert (models, distinct_models, primaries) == (2, 2, 1), lead_id
        assert primary == ("automation" if interest == "automation" else "default"), lead_id
    # Both models' own rules fire, and the two scores differ for some leads.
    assert fired["automation"] >= 10 and fired["default"] >= 10, fired
    assert differing > 50


def test_dbt_refuses_rules_the_compiler_has_not_seen(project: DbtProject) -> None:
    before = published(project)
    rows = read_rows(project.seeds / "scoring_rules.csv")
    for row in rows:
        if (row["model_id"], row["rule_id"]) == ("default", "eng_pricing_view"):
            row["points"] = "8x"  # an edit nobody compiled, and a bad one
    replace_rows(project.seeds / "scoring_rules.csv", rows)
    # And vars that change the rule language: one build finds both (each reason is checked on
    # its own and named; a build per reason would cost another dbt start and parse, ~20 s).
    stale = project.build(leadscore_rule_condition_max_length=800)
    assert stale.returncode != 0
    assert "the compiled rules are out of date (seeds/scoring_rules.csv changed; " in stale.stdout
    assert "; the rule-language vars (leadscore_rule_columns, " in stale.stdout
    assert "Run `leadscore rules compile`" in stale.stdout
    assert "START sql" not in stale.stdout, "no model may run"
    assert published(project) == before


# --------------------------------------------------------------------------------------------
# Postgres: the compiled conditions run there too, and select the same rows as on DuckDB
# --------------------------------------------------------------------------------------------


@pytest.mark.postgres
def test_compiled_conditions_run_on_postgres_like_on_duckdb() -> None:
    from leadscore.load_postgres import PostgresSettings

    require_postgres("the Postgres check of the compiled conditions")
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

"""Every compiled model parses, and transpiles cleanly, for DuckDB, Postgres, Snowflake, BigQuery
and Spark.

The models are the ones the session's `dbt build` compiled (DuckDB target; compiling needs the
seeds in a warehouse, because the rule compiler reads them). Each is read with sqlglot's DuckDB
dialect, written for each target with unsupported features raised as errors, and parsed back
with that target's dialect. Dialect-specific SQL belongs in dispatched macros
(macros/cross_db/) or dbt's cross-database macros; this test catches what slips through.
"""

from __future__ import annotations

import json

import pytest
import sqlglot
from sqlglot import exp
from sqlglot.errors import ErrorLevel

from tests.conftest import ScoredWarehouse

pytestmark = pytest.mark.e2e

DIALECTS = ("duckdb", "postgres", "snowflake", "bigquery", "spark")


@pytest.fixture(scope="module")
def compiled_models(scored_warehouse: ScoredWarehouse) -> dict[str, str]:
    manifest = json.loads((scored_warehouse.artifacts_dir / "target" / "manifest.json").read_text())
    models = {
        node["name"]: node["compiled_code"]
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node.get("compiled_code")
    }
    assert len(models) >= 20, sorted(models)
    return models


def test_every_model_was_compiled(compiled_models: dict[str, str]) -> None:
    for name in ("lead_scores", "lead_score_explanations", "account_scores", "int_scoring_rules"):
        assert name in compiled_models


@pytest.mark.parametrize("dialect", DIALECTS)
def test_compiled_models_transpile(compiled_models: dict[str, str], dialect: str) -> None:
    failures: dict[str, str] = {}
    for name, sql in sorted(compiled_models.items()):
        try:
            statements = sqlglot.parse(sql, read="duckdb", error_level=ErrorLevel.RAISE)
            assert len(statements) == 1, f"{len(statements)} statements (a stray ';'?)"
            tree = statements[0]
            assert isinstance(tree, exp.Query), f"not a query: {type(tree).__name__}"
            written = tree.sql(dialect=dialect, unsupported_level=ErrorLevel.RAISE)
            reparsed = sqlglot.parse(written, read=dialect, error_level=ErrorLevel.RAISE)
            assert len(reparsed) == 1 and isinstance(reparsed[0], exp.Query)
        except Exception as error:  # collect them all, then report
            failures[name] = f"{type(error).__name__}: {str(error)[:400]}"
    assert failures == {}, f"models that do not transpile to {dialect}:\n" + "\n".join(
        f"  {name}: {problem}" for name, problem in failures.items()
    )

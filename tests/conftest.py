"""Shared fixtures: one generated, scored warehouse per test session (dbt runs are slow)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from leadscore.dbt import run_dbt
from leadscore.generate import GeneratorConfig, generate

# Tests pin both the end of generated activity and the day scores are computed as of.
SCORE_DATE = datetime.date(2026, 6, 30)
E2E_LEADS = 6_000
E2E_SEED = 11


def query_read_only(
    database: Path, sql: str, parameters: list[object] | None = None
) -> list[tuple]:
    """Rows of one query on a DuckDB file, opened read-only and closed again (no lock kept)."""
    connection = duckdb.connect(str(database), read_only=True)
    try:
        return connection.execute(sql, parameters or []).fetchall()
    finally:
        connection.close()


@dataclass(frozen=True)
class ScoredWarehouse:
    database: Path
    artifacts_dir: Path
    build_output: str

    def query(self, sql: str, parameters: list[object] | None = None) -> list[tuple]:
        return query_read_only(self.database, sql, parameters)


@pytest.fixture(scope="session")
def scored_warehouse(tmp_path_factory: pytest.TempPathFactory) -> ScoredWarehouse:
    """A demo warehouse plus hand-crafted leads, built and published by `dbt build`."""
    from tests.e2e.handcrafted import insert_handcrafted_rows

    workdir = tmp_path_factory.mktemp("warehouse")
    database = workdir / "leadscore.duckdb"
    generate(
        GeneratorConfig(leads=E2E_LEADS, seed=E2E_SEED, end_date=SCORE_DATE, database=database)
    )
    insert_handcrafted_rows(database)
    completed = run_dbt(
        ["build"],
        score_date=SCORE_DATE.isoformat(),
        duckdb_path=database,
        artifacts_dir=workdir,
        capture=True,
    )
    return ScoredWarehouse(database, workdir, completed.stdout)

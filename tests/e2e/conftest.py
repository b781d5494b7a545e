"""The warehouse the incremental runs are compared with: the session warehouse's final raw data,
fully refreshed (built once for test_incremental and test_postgres)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from leadscore.dbt import run_dbt
from tests.conftest import SCORE_DATE, ScoredWarehouse


@pytest.fixture(scope="session")
def full_refresh_warehouse(
    scored_warehouse: ScoredWarehouse, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """The session warehouse's raw tables as they end up, scored by `dbt build --full-refresh`."""
    workdir = tmp_path_factory.mktemp("full_refresh")
    database = workdir / "full.duckdb"
    shutil.copy(scored_warehouse.database, database)
    run_dbt(
        ["build", "--full-refresh"],
        score_date=SCORE_DATE.isoformat(),
        duckdb_path=database,
        artifacts_dir=workdir,
        capture=True,
    )
    return database

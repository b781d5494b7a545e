"""The same seeds and raw data give identical marts on DuckDB and on a real PostgreSQL server.

Needs a server: set LEADSCORE_PG_HOST, LEADSCORE_PG_PORT (and _USER, _PASSWORD if needed);
.ci/run starts a throwaway PostgreSQL 15 on loopback and sets them. The test creates its own
database, copies the raw tables of the session's DuckDB warehouse (as generated) into it, and
replays the raw changes of tests/e2e/corrections.py (late events, a copy of an old id,
corrections to old events) between a first build and an incremental daily build. Then it
compares every published mart row by row with DuckDB's full refresh of the same raw data.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from leadscore.compare import MART_KEYS, compare_marts, duckdb_fetch, postgres_fetch
from leadscore.dbt import run_dbt
from leadscore.load_postgres import PostgresSettings, copy_tables
from tests.conftest import SCORE_DATE, ScoredWarehouse
from tests.e2e.corrections import (
    CORRECTIONS,
    CROSS_WINDOW_DUPLICATE,
    FIRST_SCORE_DATE,
    LOADED_FIRST,
    REPEATED_ACROSS_DAYS,
)
from tests.e2e.postgres import scratch_database

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]


def _execute(settings: PostgresSettings, *statements: str) -> None:
    connection = settings.connect()
    try:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
        connection.commit()
    finally:
        connection.close()


@pytest.fixture(scope="module")
def postgres_warehouse(
    scored_warehouse: ScoredWarehouse, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[PostgresSettings]:
    with scratch_database("leadscore_e2e", "the Postgres end-to-end tests") as settings:
        # As in test_incremental: the first run scores as of 06-28 without the late events; the
        # daily run meets them, a copy of an old id and corrections to old events.
        artifacts = tmp_path_factory.mktemp("postgres")
        copy_tables(scored_warehouse.pristine, settings, where={"events": LOADED_FIRST})
        _execute(settings, REPEATED_ACROSS_DAYS)
        for run, score_date in (("first", FIRST_SCORE_DATE), ("daily", SCORE_DATE.isoformat())):
            if run == "daily":
                copy_tables(
                    scored_warehouse.pristine,
                    settings,
                    tables=["events"],
                    where={"events": f"not {LOADED_FIRST}"},
                    append=True,
                )
                _execute(settings, CROSS_WINDOW_DUPLICATE, *CORRECTIONS)
            run_dbt(
                ["build"],
                score_date=score_date,
                target="postgres",
                artifacts_dir=artifacts / run,
                extra_env={"LEADSCORE_PG_DATABASE": settings.database},
                capture=True,
            )
        yield settings


@pytest.mark.parametrize("mart", sorted(MART_KEYS))
def test_marts_identical_on_duckdb_and_postgres(
    full_refresh_warehouse: Path, postgres_warehouse: PostgresSettings, mart: str
) -> None:
    differences = compare_marts(
        duckdb_fetch(full_refresh_warehouse),
        postgres_fetch(postgres_warehouse.connect),
        marts=[mart],
    )[mart]
    assert differences == [], f"scores.{mart} differs between DuckDB and Postgres:\n" + "\n".join(
        differences
    )

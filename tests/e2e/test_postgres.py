"""The same seeds and raw data give identical marts on DuckDB and on a real PostgreSQL server.

Needs a server: set LEADSCORE_PG_HOST, LEADSCORE_PG_PORT (and _USER, _PASSWORD if needed);
.ci/run starts a throwaway PostgreSQL 15 on loopback and sets them. The test creates its own
database, copies the raw tables of the session's generated DuckDB warehouse into it (events in
two steps, so the second `dbt build --target postgres` is incremental) and compares every
published mart row by row with DuckDB's.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterator

import pytest

from leadscore.compare import MART_KEYS, compare_marts, duckdb_fetch, postgres_fetch
from leadscore.dbt import run_dbt
from leadscore.load_postgres import (
    PostgresSettings,
    copy_tables,
    ensure_database,
    postgres_configured,
)
from tests.conftest import SCORE_DATE, ScoredWarehouse
from tests.e2e.test_incremental import FIRST_SCORE_DATE, LOADED_FIRST

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]


def _drop_database(settings: PostgresSettings) -> None:
    connection = settings.connect("postgres")
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(f'drop database if exists "{settings.database}" with (force)')
    finally:
        connection.close()


@pytest.fixture(scope="module")
def postgres_warehouse(
    scored_warehouse: ScoredWarehouse, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[PostgresSettings]:
    if not postgres_configured():
        if os.environ.get("CI"):
            pytest.fail("CI must test Postgres: .ci/run should have set LEADSCORE_PG_HOST/_PORT")
        pytest.skip(
            "no PostgreSQL server: set LEADSCORE_PG_HOST and LEADSCORE_PG_PORT "
            "(.ci/run starts one on loopback) to run the Postgres end-to-end tests"
        )
    settings = dataclasses.replace(
        PostgresSettings.from_env(), database=f"leadscore_e2e_{os.getpid()}"
    )
    _drop_database(settings)
    ensure_database(settings)
    try:
        # Loaded in two steps, as in test_incremental: the first run scores as of 06-28 without
        # the later and late-arriving events, the second run adds them incrementally, so the
        # incremental models' delete-and-append window is exercised on Postgres too.
        artifacts = tmp_path_factory.mktemp("postgres")
        copy_tables(scored_warehouse.database, settings, where={"events": LOADED_FIRST})
        for run, score_date in (("first", FIRST_SCORE_DATE), ("daily", SCORE_DATE.isoformat())):
            if run == "daily":
                copy_tables(
                    scored_warehouse.database,
                    settings,
                    tables=["events"],
                    where={"events": f"not {LOADED_FIRST}"},
                    append=True,
                )
            run_dbt(
                ["build"],
                score_date=score_date,
                target="postgres",
                artifacts_dir=artifacts / run,
                extra_env={"LEADSCORE_PG_DATABASE": settings.database},
                capture=True,
            )
        yield settings
    finally:
        _drop_database(settings)


@pytest.mark.parametrize("mart", sorted(MART_KEYS))
def test_marts_identical_on_duckdb_and_postgres(
    scored_warehouse: ScoredWarehouse, postgres_warehouse: PostgresSettings, mart: str
) -> None:
    differences = compare_marts(
        duckdb_fetch(scored_warehouse.database),
        postgres_fetch(postgres_warehouse.connect),
        marts=[mart],
    )[mart]
    assert differences == [], f"scores.{mart} differs between DuckDB and Postgres:\n" + "\n".join(
        differences
    )

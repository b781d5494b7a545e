"""Kill -9 a real `dbt build` anywhere: readers still find one whole, one-dated published set, and
the next build just works.

Each kill point (tests/e2e/faults.py) gets a build of its own, scoring a day later than the one
before and with new and corrected raw events, so the incremental models have work to do and a
published set of two days would show. After each kill the published schema is read as a BI tool
would: the last publication's tables must all be there, hold the rows it logged, and be of its
one score date, which is the previous run's or the killed run's. The next killed run is the
"next build": it must get to its own kill point without any repair. At the end a build runs to
completion and publishes; with every kill point it must also give exactly what a full refresh
of the same raw data gives.

`make test` runs a sample of the kill points; `make faults` (LEADSCORE_FAULT_POINTS=all) runs
all of them, on DuckDB and, when a server is configured, on Postgres.
"""

from __future__ import annotations

import datetime
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from leadscore.compare import Fetch, compare_marts, duckdb_fetch, postgres_fetch
from leadscore.dbt import run_dbt
from leadscore.load_postgres import PostgresSettings, copy_tables
from tests.conftest import SCORE_DATE
from tests.e2e.faults import (
    KillPoint,
    duckdb_statements,
    every_kill_point,
    published_set,
    run_until,
    selected_kill_points,
)
from tests.e2e.postgres import scratch_database

pytestmark = [pytest.mark.e2e, pytest.mark.faults]

# Postgres runs a smaller sample in `make test`: inside the swap transaction.
POSTGRES_SAMPLE = ("swap 5 of 9",)


def raw_changes(run: int, day: datetime.date) -> tuple[str, ...]:
    """A new event on the day scored, and a correction to an old event (the same SQL on DuckDB
    and Postgres)."""
    return (
        "insert into raw.events (event_id, lead_id, event_type, occurred_at, page_path, "
        "asset_name, campaign_id) select concat('FAULT-', lead_id, '-"
        f"{run}'), lead_id, 'page_view', cast('{day} 10:00:00' as timestamp), '/pricing', "
        "null, null from raw.leads where lead_id is not null order by lead_id limit 3",
        "update raw.events set page_path = '/pricing' where event_id = (select min(event_id) "
        "from raw.events where event_type = 'page_view' and page_path <> '/pricing' "
        "and occurred_at < cast('2026-03-01' as timestamp))",
    )


def kill_each_point(
    points: tuple[KillPoint, ...],
    fetch: Fetch,
    execute: Callable[..., None],
    run: Callable[[KillPoint | None, datetime.date], object],
) -> datetime.date:
    """Kill one build per point; check the published set after each. Returns the last day."""
    previous = published_set(fetch)
    assert previous.problems == [], previous.problems
    day = SCORE_DATE
    for number, point in enumerate(points, 1):
        day = SCORE_DATE + datetime.timedelta(days=number)
        execute(*raw_changes(number, day))
        outcome = run(point, day)
        tail = "".join(outcome.output.splitlines(keepends=True)[-25:])
        assert outcome.killed, (
            f"kill point {point.name!r}: the build ended (exit {outcome.returncode}) before "
            f"reaching it, so the build after the last kill did not just work:\n{tail}"
        )
        found = published_set(fetch)
        assert found.problems == [], f"after a kill at {point.name!r}: {found.problems}"
        assert found.scored_as_of in {previous.scored_as_of, day.isoformat()}, (
            f"after a kill at {point.name!r}: published {found.scored_as_of}"
        )
        previous = found
    return day


def test_killed_duckdb_builds_leave_a_whole_published_set(
    small_warehouse: Path, tmp_path: Path
) -> None:
    database = tmp_path / "killed.duckdb"
    shutil.copy(small_warehouse, database)
    artifacts = tmp_path / "artifacts"  # one target folder, as a user's reruns share theirs
    fetch = duckdb_fetch(database)

    def run(point: KillPoint | None, day: datetime.date):
        return run_until(
            ["build"],
            point,
            dbt_vars={"score_date": day.isoformat()},
            duckdb_path=database,
            artifacts_dir=artifacts,
        )

    last_day = kill_each_point(selected_kill_points(), fetch, duckdb_statements(database), run)
    completed = run(None, last_day)
    assert completed.returncode == 0, completed.output[-3000:]
    final = published_set(fetch)
    assert (final.scored_as_of, final.problems) == (last_day.isoformat(), [])

    if not every_kill_point():
        return  # the comparison with a full refresh costs two more builds: `make faults` does it
    # Nothing the kills interrupted left a trace in the results.
    refreshed = tmp_path / "refreshed.duckdb"
    shutil.copy(database, refreshed)
    run_dbt(
        ["build", "--full-refresh"],
        score_date=last_day.isoformat(),
        duckdb_path=refreshed,
        artifacts_dir=tmp_path / "refresh",
        capture=True,
    )
    differences = compare_marts(fetch, duckdb_fetch(refreshed))
    assert all(found == [] for found in differences.values()), differences


@pytest.fixture
def postgres_small(small_warehouse: Path) -> Iterator[PostgresSettings]:
    with scratch_database("leadscore_faults", "the Postgres kill tests") as settings:
        copy_tables(small_warehouse, settings)
        yield settings


def test_killed_postgres_builds_leave_a_whole_published_set(
    postgres_small: PostgresSettings, tmp_path: Path
) -> None:
    environment = {"LEADSCORE_PG_DATABASE": postgres_small.database}
    artifacts = tmp_path / "artifacts"
    run_dbt(
        ["build"],
        score_date=SCORE_DATE.isoformat(),
        target="postgres",
        artifacts_dir=artifacts,
        extra_env=environment,
        capture=True,
    )
    fetch = postgres_fetch(postgres_small.connect)

    def execute(*statements: str) -> None:
        connection = postgres_small.connect()
        try:
            with connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)
            connection.commit()
        finally:
            connection.close()

    def run(point: KillPoint | None, day: datetime.date):
        return run_until(
            ["build"],
            point,
            dbt_vars={"score_date": day.isoformat()},
            target="postgres",
            artifacts_dir=artifacts,
            extra_env=environment,
        )

    points = selected_kill_points(POSTGRES_SAMPLE)
    last_day = kill_each_point(points, fetch, execute, run)
    completed = run(None, last_day)
    assert completed.returncode == 0, completed.output[-3000:]
    final = published_set(fetch)
    assert (final.scored_as_of, final.problems) == (last_day.isoformat(), [])

"""Shared fixtures: one generated, scored warehouse per test session (dbt runs are slow).

`make test` runs two pytest-xdist workers. The test files that share an expensive session
fixture must run on the same worker, or each worker would build it: SHARED_FIXTURE_GROUPS
names them, and the scheduler below sends each group to one worker as a whole.
"""

from __future__ import annotations

import datetime
import fcntl
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from leadscore.dbt import run_dbt
from leadscore.demo import GeneratorConfig, generate

# Test files by the expensive fixture they share (files not listed are spread freely). The
# small warehouse is not one of them: it is built once for both workers (small_warehouse).
SHARED_FIXTURE_GROUPS = {
    "tests/e2e/test_scoring_e2e.py": "scored_warehouse",
    "tests/e2e/test_incremental.py": "scored_warehouse",
    "tests/e2e/test_postgres.py": "scored_warehouse",
    "tests/e2e/test_quarantine.py": "scored_warehouse",
    "tests/e2e/test_orchestration_quality.py": "scored_warehouse",
    "tests/e2e/test_portability.py": "scored_warehouse",
    "tests/e2e/test_bank_marketing.py": "bank_marketing",
    "tests/orchestration/test_definitions.py": "dagster",
    "tests/orchestration/test_materialization.py": "dagster",
    "tests/orchestration/test_rule_gate.py": "dagster",
    "tests/orchestration/test_learning.py": "dagster",
}


# The order the groups and the long files are handed to the two workers, longest first (each
# worker takes the next when it is nearly done with its own), so they finish together. Measured
# with Postgres on a loaded machine (--durations, 2026-11-30), in seconds: scored_warehouse 500,
# dagster 390, test_faults 390 (with the small warehouse's build), test_learning_point_in_time
# 300, test_publish 260, test_custom_columns 215, bank_marketing 130, test_rules_e2e 50. The
# first two go to different workers, and neither builds the small warehouse: test_faults, on
# the other worker, builds it before anything else needs it. The bank marketing group (real
# data, an excerpt of it) is skipped when its file is absent.
GROUP_ORDER = (
    "scored_warehouse",
    "tests/e2e/test_faults.py",
    "dagster",
    "tests/e2e/test_learning_point_in_time.py",
    "tests/e2e/test_publish.py",
    "tests/e2e/test_custom_columns.py",
    "bank_marketing",
    "tests/e2e/test_rules_e2e.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Collect the long groups and files first (the scheduler queues them in collection order)."""

    def rank(item: pytest.Item) -> int:
        path = item.nodeid.split("::", 1)[0]
        group = SHARED_FIXTURE_GROUPS.get(path, path)
        return GROUP_ORDER.index(group) if group in GROUP_ORDER else len(GROUP_ORDER)

    items.sort(key=rank)


def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object:
    """Like --dist loadscope, with the scope of a test being its file's group.

    (pytest-xdist's own --dist loadgroup tags node ids in a way pytest 9 no longer sees.)
    loadscope hands out scopes by their number of tests unless told not to, which would ignore
    GROUP_ORDER (the parametrized Postgres and portability tests made scored_warehouse look the
    biggest): keep the collection order instead.
    """
    from xdist.scheduler import LoadScopeScheduling

    config.option.loadscopereorder = False

    class SharedFixtureScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::", 1)[0]
            return SHARED_FIXTURE_GROUPS.get(path, path)

    return SharedFixtureScheduling(config, log)


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
    """The session warehouse, scored as a daily schedule would (tests/e2e/corrections.py).

    database: built as of 2026-06-28 without its late events, then, after the late events, a
    copy of an old event id and corrections to old events, by an incremental build as of
    SCORE_DATE. pristine: its raw tables before any of that (for the Postgres replay).
    artifacts_dir: the daily build's target/ and logs/. changed_days and copy_days: the days the
    daily build must reload (see test_incremental); the invocation ids of its runs.
    """

    database: Path
    pristine: Path
    artifacts_dir: Path
    changed_days: frozenset[str]
    copy_days: frozenset[str]
    daily_invocation: str
    late_events_invocation: str

    def query(self, sql: str, parameters: list[object] | None = None) -> list[tuple]:
        return query_read_only(self.database, sql, parameters)


def _invocation_id(artifacts_dir: Path) -> str:
    results = json.loads((artifacts_dir / "target" / "run_results.json").read_text())
    return results["metadata"]["invocation_id"]


def _dates(database: Path, sql: str) -> set[str]:
    return {str(row[0]) for row in query_read_only(database, sql)}


def _execute(database: Path, *statements: str) -> None:
    connection = duckdb.connect(str(database))
    try:
        for statement in statements:
            connection.execute(statement)
    finally:
        connection.close()


@pytest.fixture(scope="session")
def scored_warehouse(tmp_path_factory: pytest.TempPathFactory) -> ScoredWarehouse:
    """A demo warehouse plus hand-crafted leads, scored twice as a daily schedule would."""
    from tests.e2e import corrections
    from tests.e2e.handcrafted import insert_handcrafted_rows

    workdir = tmp_path_factory.mktemp("warehouse")
    database = workdir / "leadscore.duckdb"
    pristine = workdir / "pristine.duckdb"
    generate(
        GeneratorConfig(leads=E2E_LEADS, seed=E2E_SEED, end_date=SCORE_DATE, database=database)
    )
    insert_handcrafted_rows(database)
    shutil.copy(database, pristine)
    loaded_first = corrections.LOADED_FIRST
    _execute(
        database,
        corrections.REPEATED_ACROSS_DAYS,
        f"create table raw.events_later as select * from raw.events where not {loaded_first}",
        f"delete from raw.events where not {loaded_first}",
    )
    run_dbt(
        ["build"],
        score_date=corrections.FIRST_SCORE_DATE,
        duckdb_path=database,
        artifacts_dir=workdir / "first",
        capture=True,
    )
    _execute(
        database,
        "insert into raw.events select * from raw.events_later",
        "drop table raw.events_later",
    )
    # The models up to int_events_loaded run alone, so the daily build finds
    # int_lead_rule_daily_matches a run behind.
    run_dbt(
        ["run", "--select", "+int_events_loaded"],
        score_date=SCORE_DATE.isoformat(),
        duckdb_path=database,
        artifacts_dir=workdir / "late_events",
        capture=True,
    )
    changed, copies = corrections.days_to_reload(lambda sql: _dates(database, sql))
    _execute(database, corrections.CROSS_WINDOW_DUPLICATE, *corrections.CORRECTIONS)
    run_dbt(
        ["build"],
        score_date=SCORE_DATE.isoformat(),
        duckdb_path=database,
        artifacts_dir=workdir / "daily",
        capture=True,
    )
    return ScoredWarehouse(
        database=database,
        pristine=pristine,
        artifacts_dir=workdir / "daily",
        changed_days=frozenset(changed),
        copy_days=frozenset(copies - changed),
        daily_invocation=_invocation_id(workdir / "daily"),
        late_events_invocation=_invocation_id(workdir / "late_events"),
    )


# A small warehouse for the tests that run many builds (publication rules, killed builds).
SMALL_LEADS = 400
SMALL_SEED = 5


@pytest.fixture(scope="session")
def small_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """400 generated leads scored and published as of SCORE_DATE (tests copy the file).

    Built once per test session, not once per worker: its tests are spread over both workers,
    and the first worker to need it builds it while the other waits on a file lock (a dbt build
    costs the same ~40 s on 400 leads as on 6,000: it is dbt's start, parse and node count).
    """
    session_dir = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        session_dir = session_dir.parent  # the workers' temp folders share this session's one
    workdir = session_dir / "small_warehouse"
    database = workdir / "small.duckdb"
    built = workdir / "built"  # written last: a build that failed halfway is built again
    with (session_dir / "small_warehouse.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not built.exists():
            shutil.rmtree(workdir, ignore_errors=True)
            workdir.mkdir()
            generate(
                GeneratorConfig(
                    leads=SMALL_LEADS, seed=SMALL_SEED, end_date=SCORE_DATE, database=database
                )
            )
            run_dbt(
                ["build"],
                score_date=SCORE_DATE.isoformat(),
                duckdb_path=database,
                artifacts_dir=workdir,
                capture=True,
            )
            built.touch()
    return database

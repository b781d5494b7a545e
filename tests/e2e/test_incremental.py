"""A daily incremental run gives the same tables as a full refresh over the same raw data.

The warehouse is scored once as of 2026-06-28 without the events of 2026-06-29 and later and
without a third of the events of 2026-06-26 to 06-28 (these arrive late). Then the held-back
events are loaded and int_events_loaded runs on them alone; then a copy of an old event_id
arrives under a new timestamp (a duplicate across the window), and an incremental `dbt build`
scores as of 2026-06-30. A second warehouse with all the same raw rows is built with
--full-refresh. Marts and the incremental models must be identical.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from leadscore.compare import MART_KEYS, compare_marts, duckdb_fetch
from leadscore.dbt import run_dbt
from tests.conftest import SCORE_DATE, ScoredWarehouse

pytestmark = pytest.mark.e2e

FIRST_SCORE_DATE = "2026-06-28"
# Raw events loaded before the first run; the rest (and rows with no timestamp) come later.
LOADED_FIRST = (
    "coalesce(cast(occurred_at as date) < date '2026-06-29' and not ("
    "cast(occurred_at as date) >= date '2026-06-26' and right(event_id, 1) in ('0', '1', '2')"
    "), false)"
)
# Windows: the newest loaded day minus the default lookback (3). After the first run that is
# 06-28; int_events_loaded has loaded up to 06-30 by the daily run.
EXPECTED_WINDOW_START = "2026-06-25"
DAILY_EVENTS_WINDOW_START = "2026-06-27"
CROSS_WINDOW_DUPLICATE = (
    "insert into raw.events select event_id, lead_id, event_type, "
    "timestamp '2026-06-29 12:00:00', page_path, asset_name, campaign_id "
    "from raw.events where cast(occurred_at as date) between date '2026-06-01' "
    "and date '2026-06-14' and event_type = 'email_open' "
    "and lead_id in (select lead_id from raw.leads) order by event_id limit 1"
)
# Intermediate tables compared (rebuilt_by and config_version name the run, so they differ).
INCREMENTAL_MODELS = {
    "main_intermediate.int_events_loaded": (
        "lead_id, event_type, occurred_at, event_date, page_path, asset_name, campaign_id, "
        "is_scoreable"
    ),
    "main_intermediate.int_lead_rule_daily_matches": (
        "lead_id, rule_key, event_date, event_count, first_event_at, last_event_at"
    ),
    "main_intermediate.int_lead_event_rule_points": "*",
}


def _execute(database: Path, *statements: str) -> None:
    connection = duckdb.connect(str(database))
    try:
        for statement in statements:
            connection.execute(statement)
    finally:
        connection.close()


@pytest.fixture(scope="module")
def incremental_and_full(
    scored_warehouse: ScoredWarehouse, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, Path, Path]:
    workdir = tmp_path_factory.mktemp("incremental")
    incremental, full = workdir / "incremental.duckdb", workdir / "full.duckdb"
    shutil.copy(scored_warehouse.database, incremental)
    shutil.copy(scored_warehouse.database, full)
    _execute(full, CROSS_WINDOW_DUPLICATE)
    _execute(
        incremental,
        f"create table raw.events_later as select * from raw.events where not {LOADED_FIRST}",
        f"delete from raw.events where not {LOADED_FIRST}",
    )
    run_dbt(
        ["build", "--full-refresh"],
        score_date=FIRST_SCORE_DATE,
        duckdb_path=incremental,
        artifacts_dir=workdir / "first",
        capture=True,
    )
    # The late events are loaded by int_events_loaded run alone, so the daily build finds it a
    # window ahead of int_lead_rule_daily_matches.
    _execute(
        incremental,
        "insert into raw.events select * from raw.events_later",
        "drop table raw.events_later",
    )
    run_dbt(
        ["run", "--select", "int_events_loaded"],
        score_date=SCORE_DATE.isoformat(),
        duckdb_path=incremental,
        artifacts_dir=workdir / "late_events",
        capture=True,
    )
    _execute(incremental, CROSS_WINDOW_DUPLICATE)
    run_dbt(
        ["build"],
        score_date=SCORE_DATE.isoformat(),
        duckdb_path=incremental,
        artifacts_dir=workdir / "daily",
        capture=True,
    )
    run_dbt(
        ["build", "--full-refresh"],
        score_date=SCORE_DATE.isoformat(),
        duckdb_path=full,
        artifacts_dir=workdir / "full",
        capture=True,
    )
    return incremental, full, workdir


def test_daily_run_reads_only_the_lookback_window(
    incremental_and_full: tuple[Path, Path, Path],
) -> None:
    _, _, workdir = incremental_and_full
    # The raw events are filtered on their timestamp as stored, so storage blocks can be skipped.
    window_filters = {
        ("late_events", "int_events_loaded"): (
            f"occurred_at >= cast('{EXPECTED_WINDOW_START}' as timestamp)"
        ),
        ("daily", "int_events_loaded"): (
            f"occurred_at >= cast('{DAILY_EVENTS_WINDOW_START}' as timestamp)"
        ),
        ("daily", "int_lead_rule_daily_matches"): (
            f"event_date >= cast('{EXPECTED_WINDOW_START}' as date)"
        ),
    }
    for (run, model), window_filter in window_filters.items():
        compiled = workdir / run / "target" / "compiled" / "leadscore" / "models" / "intermediate"
        assert window_filter in (compiled / f"{model}.sql").read_text(), (run, model)
    full_sql = (
        workdir / "full" / "target" / "compiled" / "leadscore" / "models" / "intermediate"
    ) / "int_events_loaded.sql"
    assert EXPECTED_WINDOW_START not in full_sql.read_text()


@pytest.mark.parametrize("mart", sorted(MART_KEYS))
def test_incremental_marts_equal_full_refresh(
    incremental_and_full: tuple[Path, Path, Path], mart: str
) -> None:
    incremental, full, _ = incremental_and_full
    differences = compare_marts(duckdb_fetch(incremental), duckdb_fetch(full), marts=[mart])[mart]
    assert differences == [], "\n".join(differences)


@pytest.mark.parametrize("relation", sorted(INCREMENTAL_MODELS))
def test_incremental_models_equal_full_refresh(
    incremental_and_full: tuple[Path, Path, Path], relation: str
) -> None:
    incremental, full, _ = incremental_and_full
    query = f"select {INCREMENTAL_MODELS[relation]} from {relation} order by all"
    left, right = duckdb_fetch(incremental)(query), duckdb_fetch(full)(query)
    assert left.columns == right.columns
    assert len(left.rows) == len(right.rows)
    mismatches = [(a, b) for a, b in zip(left.rows, right.rows, strict=True) if a != b]
    assert mismatches == [], f"{len(mismatches)} rows differ, e.g. {mismatches[:3]}"


def test_cross_window_duplicate_is_not_scored(
    incremental_and_full: tuple[Path, Path, Path],
) -> None:
    incremental, _, _ = incremental_and_full
    fetch = duckdb_fetch(incremental)
    # The copy is loaded (one row) but not scoreable: its event_id was loaded weeks before.
    loaded = fetch(
        "select is_scoreable from main_intermediate.int_events_loaded "
        "where occurred_at = timestamp '2026-06-29 12:00:00'"
    ).rows
    assert loaded == [(False,)]

"""A daily incremental run gives the same tables as a full refresh over the same raw data, and
reloads only the days whose events changed.

The session warehouse is built that way (tests/conftest.py): scored as of 2026-06-28 without its
late events; then the late events arrive and the models up to int_events_loaded run alone, so
the daily build finds int_lead_rule_daily_matches a run behind; then a copy of an old event_id
arrives and old events are corrected (updated, deleted, inserted late, copied onto an earlier
day, a first copy deleted: tests/e2e/corrections.py), and an incremental `dbt build` scores as of
2026-06-30. A second warehouse with the same raw rows is built with --full-refresh. Marts and
incremental models must be identical.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from leadscore.compare import MART_KEYS, compare_marts, duckdb_fetch
from tests.conftest import ScoredWarehouse

pytestmark = pytest.mark.e2e

# Incremental tables compared with the full refresh.
INCREMENTAL_MODELS = (
    "main_intermediate.int_events_loaded",
    "main_intermediate.int_lead_rule_daily_matches",
    "main_intermediate.int_event_id_copies",
    "main_intermediate.int_lead_event_rule_points",
)


def test_daily_run_reloads_only_the_days_that_changed(scored_warehouse: ScoredWarehouse) -> None:
    loaded = scored_warehouse.query(
        "select cast(event_date as varchar), change from main_intermediate.int_event_days_to_load"
    )
    changed = {day for day, change in loaded if change != "copy_of_changed"}
    assert changed == scored_warehouse.changed_days
    copies = {day for day, change in loaded if change == "copy_of_changed"}
    assert scored_warehouse.copy_days <= copies
    # Any other day reloaded holds a copy of an event id that is also on a changed day.
    for extra in sorted(copies - scored_warehouse.copy_days):
        shared = scored_warehouse.query(
            "select count(*) from raw.events as other join raw.events as changed_copy "
            "using (event_id) where cast(other.occurred_at as date) = ? "
            "and cast(changed_copy.occurred_at as date) in (select unnest(?::date[]))",
            [extra, sorted(scored_warehouse.changed_days)],
        )
        assert shared[0][0] > 0, f"{extra} was reloaded for no reason"
    # The ledger says the same: this run loaded those days and no others, and counted the rule
    # matches of those days and of the days the late-events run had loaded.
    processed = dict(
        scored_warehouse.query(
            "select processed_by, count(*) from main_intermediate.int_incremental_ledger "
            "where model_name = 'int_events_loaded' group by 1"
        )
    )
    assert processed[scored_warehouse.daily_invocation] == len(loaded)
    counted = scored_warehouse.query(
        "select count(*) from main_intermediate.int_incremental_ledger "
        "where model_name = 'int_lead_rule_daily_matches' and processed_by = ?",
        [scored_warehouse.daily_invocation],
    )[0][0]
    assert counted == len(loaded) + processed[scored_warehouse.late_events_invocation]


@pytest.mark.parametrize("mart", sorted(MART_KEYS))
def test_incremental_marts_equal_full_refresh(
    scored_warehouse: ScoredWarehouse, full_refresh_warehouse: Path, mart: str
) -> None:
    differences = compare_marts(
        duckdb_fetch(scored_warehouse.database), duckdb_fetch(full_refresh_warehouse), marts=[mart]
    )[mart]
    assert differences == [], "\n".join(differences)


@pytest.mark.parametrize("relation", INCREMENTAL_MODELS)
def test_incremental_models_equal_full_refresh(
    scored_warehouse: ScoredWarehouse, full_refresh_warehouse: Path, relation: str
) -> None:
    query = f"select * from {relation} order by all"
    left = duckdb_fetch(scored_warehouse.database)(query)
    right = duckdb_fetch(full_refresh_warehouse)(query)
    assert left.columns == right.columns
    assert len(left.rows) == len(right.rows)
    mismatches = [(a, b) for a, b in zip(left.rows, right.rows, strict=True) if a != b]
    assert mismatches == [], f"{len(mismatches)} rows differ, e.g. {mismatches[:3]}"


def test_copies_are_ranked_across_days(scored_warehouse: ScoredWarehouse) -> None:
    # The late copy of an old event_id is loaded (one row) but not scored.
    late_copy = scored_warehouse.query(
        "select is_scoreable from main_intermediate.int_events_loaded "
        "where occurred_at = timestamp '2026-06-29 12:00:00'"
    )
    assert late_copy == [(False,)]
    # The copy whose earlier original was deleted is the first copy now, so it is scored.
    orphaned_copy = scored_warehouse.query(
        "select is_scoreable from main_intermediate.int_events_loaded "
        "where occurred_at = timestamp '2026-06-20 12:00:00'"
    )
    assert orphaned_copy == [(True,)]

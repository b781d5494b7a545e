"""How the raw events change between the first and the daily build of the incremental tests.

The same statements run on DuckDB and Postgres (tests/e2e/test_incremental.py, test_postgres.py).
The first build scores as of 2026-06-28 without the events of 2026-06-29 on and without a third of
those of 2026-06-26 to 06-28 (LOADED_FIRST): they arrive late. Before the daily build the
late events are loaded, a copy of an old event_id arrives with a new timestamp, and old events
are corrected (CORRECTIONS): updated in place, deleted, inserted long after they happened, copied
onto an earlier day, and the first copy of a repeated id deleted. An incremental daily build must
then give exactly what a full refresh of the same raw data gives.
"""

from __future__ import annotations

from collections.abc import Callable

FIRST_SCORE_DATE = "2026-06-28"

# Raw events loaded before the first run; the rest (and rows with no timestamp) come later.
LOADED_FIRST = (
    "coalesce(cast(occurred_at as date) < date '2026-06-29' and not ("
    "cast(occurred_at as date) >= date '2026-06-26' and right(event_id, 1) in ('0', '1', '2')"
    "), false)"
)

# An old email open copied, under its own id, to 2026-06-20: the May original is the first copy.
# Made before the first build, so the copy was loaded as a duplicate (CORRECTIONS deletes the
# original, which must make the copy count).
REPEATED_ACROSS_DAYS = (
    "insert into raw.events select event_id, lead_id, event_type, "
    "cast('2026-06-20 12:00:00' as timestamp), page_path, asset_name, campaign_id "
    "from raw.events where cast(occurred_at as date) between date '2026-05-01' "
    "and date '2026-05-14' and event_type = 'email_open' "
    "and lead_id in (select lead_id from raw.leads) order by event_id limit 1"
)

# A copy of an old event_id arriving on 2026-06-29 under a new timestamp (not to be scored).
CROSS_WINDOW_DUPLICATE = (
    "insert into raw.events select event_id, lead_id, event_type, "
    "cast('2026-06-29 12:00:00' as timestamp), page_path, asset_name, campaign_id "
    "from raw.events where cast(occurred_at as date) between date '2026-06-01' "
    "and date '2026-06-14' and event_type = 'email_open' "
    "and lead_id in (select lead_id from raw.leads) order by event_id limit 1"
)

# The old events each correction touches (as a condition on raw.events), so the tests can say
# which days must be reloaded.
UPDATED_EVENTS = (
    "event_id in (select event_id from raw.events where cast(occurred_at as date) between "
    "date '2026-01-01' and date '2026-03-31' and event_type in ('email_open', 'email_click') "
    "order by event_id limit 300)"
)
DELETED_EVENTS = (
    "event_id in (select event_id from raw.events where cast(occurred_at as date) = "
    "date '2025-11-05' order by event_id limit 40)"
)
LATE_ARRIVALS_DAY = "2025-12-02"
COPIED_EARLIER_FROM_DAY = "2026-04-10"
COPIED_EARLIER_TO_DAY = "2026-03-11"

CORRECTIONS = (
    # 300 old events change type in place: the row count of every day stays the same.
    "update raw.events set event_type = case event_type when 'email_open' then 'email_click' "
    f"else 'email_open' end where {UPDATED_EVENTS}",
    f"delete from raw.events where {DELETED_EVENTS}",
    # Events that happened months ago, arriving only now.
    "insert into raw.events select concat(event_id, '-late'), lead_id, event_type, "
    f"cast('{LATE_ARRIVALS_DAY} 09:30:00' as timestamp), page_path, asset_name, campaign_id "
    "from raw.events where cast(occurred_at as date) = date '2026-06-20' "
    "order by event_id limit 25",
    # Copies dated before their originals: the originals, on a day with no change of its own,
    # stop being the first copies.
    "insert into raw.events select event_id, lead_id, event_type, "
    f"cast('{COPIED_EARLIER_TO_DAY} 08:00:00' as timestamp), page_path, asset_name, campaign_id "
    f"from raw.events where cast(occurred_at as date) = date '{COPIED_EARLIER_FROM_DAY}' "
    "and event_type = 'page_view' and lead_id in (select lead_id from raw.leads) "
    "order by event_id limit 3",
    # The May original of REPEATED_ACROSS_DAYS goes: its 2026-06-20 copy becomes the first.
    "delete from raw.events where occurred_at < cast('2026-06-01' as timestamp) and event_id in "
    "(select event_id from raw.events "
    "where occurred_at = cast('2026-06-20 12:00:00' as timestamp))",
)


def days_to_reload(dates: Callable[[str], set[str]]) -> tuple[set[str], set[str]]:
    """The days whose raw events CROSS_WINDOW_DUPLICATE and CORRECTIONS change, and the days
    holding other copies of the event ids they touch; `dates` runs a query on the raw data
    before the changes and returns its first column as YYYY-MM-DD strings."""
    day = "cast(occurred_at as date)"
    changed = dates(f"select distinct {day} from raw.events where {UPDATED_EVENTS}")
    changed |= dates(f"select distinct {day} from raw.events where {DELETED_EVENTS}")
    may_original = dates(
        f"select {day} from raw.events where occurred_at < cast('2026-06-01' as timestamp) and "
        "event_id in (select event_id from raw.events "
        "where occurred_at = cast('2026-06-20 12:00:00' as timestamp))"
    )
    changed |= may_original | {LATE_ARRIVALS_DAY, COPIED_EARLIER_TO_DAY, "2026-06-29"}
    june_original = dates(
        f"select {day} from raw.events where event_id in (select event_id from raw.events "
        "where cast(occurred_at as date) between date '2026-06-01' and date '2026-06-14' "
        "and event_type = 'email_open' and lead_id in (select lead_id from raw.leads) "
        "order by event_id limit 1)"
    )
    return changed, {COPIED_EARLIER_FROM_DAY, "2026-06-20"} | june_original

"""The daily schedule: score yesterday, as of yesterday, every morning.

``daily_scoring`` materializes everything downstream of the raw data (all dbt seeds and models
with their tests, the quality checks, the report) for one daily partition. The schedule runs it
at $LEADSCORE_SCHEDULE_HOUR (default 6) o'clock in $LEADSCORE_SCHEDULE_TIMEZONE (default UTC)
for the day that just ended; the partition key is the run's only parameter and becomes dbt's
score_date, so scheduled runs, backfills and manual runs of a day can never disagree.

score_date is a calendar date compared with UTC event timestamps: in a time zone east of UTC,
pick an hour after UTC midnight (e.g. 10 for Asia/Tokyo) so the day's last events have arrived.
It starts stopped; switch it on in the UI (Automation) or with `dagster schedule start`.
"""

from __future__ import annotations

import os

import dagster as dg

from orchestration.assets import LEARNING_GROUP, RAW_GROUP

SCHEDULE_HOUR_ENV = "LEADSCORE_SCHEDULE_HOUR"


def schedule_hour() -> int:
    hour = int(os.environ.get(SCHEDULE_HOUR_ENV, "6"))
    if not 0 <= hour <= 23:
        raise ValueError(f"{SCHEDULE_HOUR_ENV} must be an hour from 0 to 23, got {hour}")
    return hour


daily_scoring_job = dg.define_asset_job(
    name="daily_scoring",
    selection=dg.AssetSelection.all() - dg.AssetSelection.groups(RAW_GROUP, LEARNING_GROUP),
    description=(
        "Score one day as of that day (dbt build with score_date = the partition), run the dbt "
        "tests and the quality checks, and redraw the quality report."
    ),
)

daily_scoring_schedule = dg.build_schedule_from_partitioned_job(
    daily_scoring_job,
    name="daily_scoring_schedule",
    hour_of_day=schedule_hour(),
    minute_of_hour=0,
    description="Every day, score the day that just ended (the latest daily partition).",
)

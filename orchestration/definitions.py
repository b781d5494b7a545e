"""The code location: `dagster dev -m orchestration.definitions` (or `make dev`)."""

from __future__ import annotations

import dagster as dg

from orchestration.assets import (
    calibration_proposal,
    leadscore_dbt_assets,
    quality_report,
    raw_data_assets,
    saved_predictive_models,
)
from orchestration.checks import score_quality_checks
from orchestration.resources import build_resources
from orchestration.schedules import daily_scoring_job, daily_scoring_schedule

defs = dg.Definitions(
    assets=[
        *raw_data_assets(),
        *saved_predictive_models,
        leadscore_dbt_assets,
        quality_report,
        calibration_proposal,
    ],
    asset_checks=[score_quality_checks],
    jobs=[daily_scoring_job],
    schedules=[daily_scoring_schedule],
    resources=build_resources(),
    # One step at a time in one process: a run never opens the DuckDB file from two processes.
    executor=dg.in_process_executor,
)

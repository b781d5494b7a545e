"""Learning reads the past as it was, and refuses to learn from too little of it.

A copy of the small warehouse (400 leads) gets three monthly snapshots and a build as of
SCORE_DATE. Then: training on it is refused with the numbers; and an event planted after a
snapshot day changes nothing in that day's features when the day is replayed, while the next
snapshot, after the event, sees it; and backtesting the current rules reproduces the history.
"""

from __future__ import annotations

import datetime
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from leadscore import learning
from leadscore.backtest import backtest
from leadscore.dbt import run_dbt
from leadscore.paths import PROJECT_ROOT
from leadscore.score_history import replay_score_history
from tests.conftest import SCORE_DATE, query_read_only

pytestmark = pytest.mark.e2e

HISTORY_DAYS = [datetime.date(2025, 12, 1), datetime.date(2026, 1, 1), datetime.date(2026, 2, 1)]
SNAPSHOT = datetime.date(2026, 1, 1)
NEXT_SNAPSHOT = datetime.date(2026, 2, 1)
PLANTED_AT = datetime.datetime(2026, 1, 5, 10, 0)
HITS_OF_DAY = (
    "select lead_id, model_id, rule_id, event_count, counted_event_count, rule_points "
    "from main_quality.lead_rule_hit_history where scored_as_of = ? order by all"
)


@dataclass(frozen=True)
class TinyHistory:
    database: Path
    artifacts: Path


@pytest.fixture(scope="module")
def tiny_history(small_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> TinyHistory:
    workdir = tmp_path_factory.mktemp("tiny_history")
    database = workdir / "tiny.duckdb"
    shutil.copy(small_warehouse, database)
    replay_score_history(HISTORY_DAYS, database=database, artifacts_dir=workdir)
    run_dbt(
        ["build"],
        score_date=SCORE_DATE.isoformat(),
        duckdb_path=database,
        artifacts_dir=workdir,
        capture=True,
    )
    return TinyHistory(database, workdir)


def test_training_is_refused_with_the_numbers(tiny_history: TinyHistory) -> None:
    result = learning.train_predictive_models(
        tiny_history.database, project_dir=PROJECT_ROOT, validation_months=1
    )
    assert not result.trained
    reason = result.skipped["default"]
    assert "training needs at least 1,000 decided snapshots with 40 of each" in reason
    assert "decided snapshot(s) with" in reason and "conversion(s)" in reason
    with pytest.raises(learning.TrainingDataError, match="no model could be calibrated"):
        learning.calibrate(
            tiny_history.database,
            project_dir=PROJECT_ROOT,
            output_dir=tiny_history.artifacts / "proposal",
            validation_months=1,
        )


def test_backtesting_the_current_rules_reproduces_the_history(tiny_history: TinyHistory) -> None:
    result = backtest(
        PROJECT_ROOT / "seeds",
        database=tiny_history.database,
        project_dir=PROJECT_ROOT,
        name="current",
    )
    assert result.days == [*HISTORY_DAYS, SCORE_DATE]
    columns = (
        "scored_as_of, lead_id, model_id, is_primary_model, fit_score, engagement_score, "
        "negative_points, total_score, fit_grade, lead_stage, account_score"
    )
    live = query_read_only(
        tiny_history.database,
        f"select {columns} from main_quality.lead_score_history order by all",
    )
    replayed = query_read_only(
        tiny_history.database,
        f"select {columns} from backtest_current_quality.lead_score_history order by all",
    )
    assert len(live) > 1000 and replayed == live
    assert (result.movers["change"] == 0).all()
    assert "none: every score is the same" in result.format()


def test_an_event_after_the_snapshot_changes_nothing_in_it(tiny_history: TinyHistory) -> None:
    database = tiny_history.database
    before = query_read_only(database, HITS_OF_DAY, [SNAPSHOT])
    # A lead with no demo request by the next snapshot gets one between the two snapshots.
    (lead_id,) = query_read_only(
        database,
        "select lead_id from main_quality.lead_score_history h where scored_as_of = ? "
        "and is_primary_model and model_id = 'default' and not exists ("
        "  select 1 from raw.events e where e.lead_id = h.lead_id "
        "  and e.event_type = 'demo_request' and e.occurred_at < ?) "
        "order by lead_id limit 1",
        [NEXT_SNAPSHOT, NEXT_SNAPSHOT],
    )[0]
    connection = duckdb.connect(str(database))
    try:
        connection.execute(
            "insert into raw.events (event_id, lead_id, event_type, occurred_at) "
            "values ('E_PLANTED_1', ?, 'demo_request', ?)",
            [lead_id, PLANTED_AT],
        )
    finally:
        connection.close()
    replay_score_history(
        [SNAPSHOT, NEXT_SNAPSHOT], database=database, artifacts_dir=tiny_history.artifacts
    )
    assert query_read_only(database, HITS_OF_DAY, [SNAPSHOT]) == before
    later = query_read_only(
        database,
        "select rule_id from main_quality.lead_rule_hit_history "
        "where scored_as_of = ? and lead_id = ? and model_id = 'default'",
        [NEXT_SNAPSHOT, lead_id],
    )
    assert ("eng_demo_request",) in later

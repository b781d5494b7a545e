"""Learning reads the past as it was, and refuses to learn from too little of it.

A copy of the small warehouse (400 leads) gets three monthly snapshots and a build as of
SCORE_DATE. Then: training on it is refused with the numbers; and an event planted after a
snapshot day changes nothing in that day's features when the day is replayed, while the next
snapshot, after the event, sees it; and backtesting the current rules reproduces the history,
with a challenger beside them that is a copy of the default model: it scores in shadow, on the
champion's leads, level with it. The shipped quality slices hold their leads.
"""

from __future__ import annotations

import datetime
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from leadscore import learning
from leadscore.backtest import BacktestResult, backtest
from leadscore.paths import PROJECT_ROOT
from leadscore.quality_report import main as quality_report_main
from leadscore.score_history import replay_score_history
from tests.conftest import SCORE_DATE, query_read_only
from tests.unit.rules.seed_files import CHALLENGER, add_challenger, copy_seeds

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
    replay_score_history(
        HISTORY_DAYS, database=database, artifacts_dir=workdir, build_day=SCORE_DATE
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


@pytest.fixture(scope="module")
def backtested_with_a_challenger(tiny_history: TinyHistory) -> BacktestResult:
    """The current rules plus a challenger that is a copy of the default model, backtested."""
    rules_dir = copy_seeds(tiny_history.artifacts / "rules_with_challenger")
    add_challenger(rules_dir)
    return backtest(
        rules_dir, database=tiny_history.database, project_dir=PROJECT_ROOT, name="current"
    )


def test_backtesting_the_current_rules_reproduces_the_history(
    tiny_history: TinyHistory, backtested_with_a_challenger: BacktestResult
) -> None:
    result = backtested_with_a_challenger
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
        f"select {columns} from backtest_current_quality.lead_score_history "
        f"where model_id <> '{CHALLENGER}' order by all",
    )
    assert len(live) > 1000 and replayed == live
    assert (result.movers["change"] == 0).all()
    assert "none: every score is the same" in result.format()


def test_a_challenger_scores_in_shadow_on_its_champions_leads(
    tiny_history: TinyHistory, backtested_with_a_challenger: BacktestResult
) -> None:
    database = tiny_history.database
    # Never a lead's model, and the same scores as the model it copies.
    ((leads,),) = query_read_only(
        database, "select count(*) from main_marts.lead_scores where model_id = 'default'"
    )
    shadow = query_read_only(
        database,
        "select count(*), count(*) filter (where is_primary_model), "
        "count(*) filter (where challenger_of = 'default') "
        f"from backtest_current_marts.lead_scores where model_id = '{CHALLENGER}'",
    )
    assert leads > 0 and shadow == [(leads, 0, leads)]
    differences = query_read_only(
        database,
        "select count(*) from backtest_current_quality.lead_score_history as champion "
        "join backtest_current_quality.lead_score_history as challenger "
        "using (scored_as_of, lead_id) where champion.model_id = 'default' "
        f"and challenger.model_id = '{CHALLENGER}' and (champion.total_score <> "
        "challenger.total_score or champion.lead_stage <> challenger.lead_stage)",
    )
    assert differences == [(0,)]
    # Judged on exactly the champion's snapshots, and level with it.
    outcomes = (
        "select lead_id, cohort_month, scored_as_of, total_score, is_decided, is_converted "
        "from backtest_current_quality.quality_lead_outcomes "
        "where slice_id = 'all' and model_id = ? order by all"
    )
    champion = query_read_only(database, outcomes, ["default"])
    assert champion and query_read_only(database, outcomes, [CHALLENGER]) == champion
    comparison = query_read_only(
        database,
        "select champion_model_id, period_type, decided_leads, "
        "champion_auc is not distinct from challenger_auc, "
        "champion_qualified_share is not distinct from challenger_qualified_share, "
        "swapped_in_leads + swapped_out_leads "
        "from backtest_current_quality.quality_challenger_comparison "
        f"where slice_id = 'all' and challenger_model_id = '{CHALLENGER}' "
        "and period_type = 'evaluation'",
    )
    decided = sum(1 for row in champion if row[4])
    assert comparison == [("default", "evaluation", decided, True, True, 0)]
    # The backtest's printout shows it against its champion, not as a model without live rows.
    result = backtested_with_a_challenger
    shown = result.challengers.set_index("challenger_model_id").loc[CHALLENGER]
    assert shown["champion_model_id"] == "default" and shown["decided_leads"] == decided
    assert shown["challenger_auc"] == pytest.approx(shown["champion_auc"], nan_ok=True)
    assert CHALLENGER not in result.metrics.index and "default" in result.metrics.index
    assert f"  {CHALLENGER} against default: {decided:,} decided leads" in result.format()
    # Nothing gates on it.
    assert query_read_only(
        database,
        "select count(*) from backtest_current_quality.quality_check_results "
        f"where model_id = '{CHALLENGER}'",
    ) == [(0,)]


def test_a_slice_holds_its_leads_and_is_judged_apart(
    tiny_history: TinyHistory, backtested_with_a_challenger: BacktestResult
) -> None:
    database = tiny_history.database
    # The shipped slice inbound: the rows of the leads whose direction is inbound, again.
    inbound = query_read_only(
        database,
        "select outcomes.model_id, outcomes.lead_id, outcomes.cohort_month, "
        "outcomes.score_bucket from main_quality.quality_lead_outcomes as outcomes "
        "join main_intermediate.int_leads_enriched as leads using (lead_id) "
        "where outcomes.slice_id = 'all' and leads.lead_direction = 'inbound' order by all",
    )
    assert inbound and inbound == query_read_only(
        database,
        "select model_id, lead_id, cohort_month, score_bucket "
        "from main_quality.quality_lead_outcomes where slice_id = 'inbound' order by all",
    )
    decided = query_read_only(
        database,
        "select slice_id, sum(decided_leads) from main_quality.quality_model_metrics "
        "where period_type = 'month' group by 1 order by 1",
    )
    by_slice = dict(decided)
    assert by_slice["inbound"] < by_slice["all"]
    # quality_signals judges a slice on its own leads: each rule's snapshots with and without it
    # add up to the slice's decided snapshots of the evaluation period.
    judged = query_read_only(
        database,
        "select slice_id, model_id, count(*) from main_quality.quality_lead_outcomes "
        "where is_decided and is_in_evaluation_period group by 1, 2 order by 1, 2",
    )
    assert {row[0] for row in judged} >= {"all", "inbound"}
    assert judged == query_read_only(
        database,
        "select slice_id, model_id, max(snapshots_with + snapshots_without) "
        "from main_quality.quality_signals where signal_kind = 'rule' "
        "group by 1, 2 having min(snapshots_with + snapshots_without) = max(snapshots_with "
        "+ snapshots_without) order by 1, 2",
    )
    data_dir = tiny_history.artifacts / "report_inbound"
    assert (
        quality_report_main(
            ["--database", str(database), "--slice", "inbound", "--output", str(data_dir)]
        )
        == 0
    )
    assert "Slice <code>inbound</code>" in (data_dir / "index.html").read_text(encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        quality_report_main(["--database", str(database), "--slice", "nonexistent"])
    assert exit_info.value.code == 2


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

"""End to end: the whole graph materialized in process, its checks, its report, inverted scores."""

from __future__ import annotations

import datetime

import dagster as dg
import pandas as pd
import pytest

from leadscore.quality import QUALITY_CHECKS
from leadscore.quality_report import CHART_NAMES
from tests.orchestration.conftest import END, HISTORY_COLUMNS, HISTORY_DAYS, Materialized

pytestmark = pytest.mark.e2e

QUALITY_CHECK_IDS = {check.check_id for check in QUALITY_CHECKS}
# The checks that say whether the score ranks leads at all; error-level in quality_targets.csv.
RANKING_CHECKS = ("auc", "top_bucket_lift", "rank_ordering")


def test_whole_graph_materializes(definitions: dg.Definitions, good_run: Materialized) -> None:
    assert good_run.result.success
    materialized = {event.asset_key for event in good_run.result.get_asset_materialization_events()}
    graph = definitions.get_repository_def().asset_graph
    # Imported here, not at the top: importing the code location at collection parses the dbt
    # project on a fresh clone, on every worker (the dbt_manifest fixture parses it once).
    from orchestration.assets import LEARNING_GROUP

    # Learning (the calibration proposal, the saved predictive model) is on demand only.
    on_demand = {key for key in graph.get_all_asset_keys() if key.path[0] == LEARNING_GROUP}
    assert {("learning", "calibration_proposal")} <= {tuple(key.path) for key in on_demand}
    assert materialized == graph.get_all_asset_keys() - on_demand
    failed_dbt_tests = [
        check.check_name
        for check in good_run.result.get_asset_check_evaluations()
        if check.check_name not in QUALITY_CHECK_IDS and not check.passed
    ]
    assert not failed_dbt_tests


def test_history_holds_every_scored_day(good_run: Materialized) -> None:
    days = [
        row[0]
        for row in good_run.query(
            "select distinct scored_as_of from main_quality.lead_score_history order by 1"
        )
    ]
    assert days == [*HISTORY_DAYS, END]
    published = good_run.query("select distinct scored_as_of from scores.lead_scores")
    assert published == [(END,)], "the partition run published the scores of its day"


def test_quality_checks_pass_on_good_data(good_run: Materialized) -> None:
    checks = good_run.checks()
    assert set(checks) >= QUALITY_CHECK_IDS
    errors = [
        (name, check.description)
        for name, check in checks.items()
        if name in QUALITY_CHECK_IDS
        and not check.passed
        and check.severity == dg.AssetCheckSeverity.ERROR
    ]
    assert not errors, "the score should rank the demo leads: " + repr(errors)
    # Every model has enough decided conversions to be judged, and the shipped default model
    # meets every target (the MadKudu ones included) on the demo data.
    for check_id in QUALITY_CHECK_IDS:
        metadata = checks[check_id].metadata
        statuses = {key: value.value for key, value in metadata.items() if key.endswith(".status")}
        assert statuses, check_id
        assert "insufficient_data" not in statuses.values(), (check_id, statuses)
        assert statuses["default.status"] == "pass", (check_id, checks[check_id].description)


def test_check_metadata_carries_the_numbers(good_run: Materialized) -> None:
    checks = good_run.checks()
    auc = checks["auc"].metadata
    assert 0.7 <= auc["default.auc"].value <= 1
    assert auc["evaluated_as_of"].value == END.isoformat()
    assert "default" in auc["results"].value and "auc_by_cohort_month" in auc
    capture = checks["qualified_capture"].metadata
    assert 0.6 <= capture["default.qualified_capture"].value <= 1
    assert "conversion_by_bucket" in checks["conversion_sample_size"].metadata
    assert checks["conversion_sample_size"].metadata["default.converted_leads"].value >= 30


def test_auc_in_sql_matches_python(good_run: Materialized) -> None:
    """The warehouse's rank-sum AUC equals the pairwise definition computed here."""
    outcomes = pd.DataFrame(
        good_run.query(
            "select model_id, cast(total_score as double), is_converted "
            "from main_quality.quality_lead_outcomes "
            "where slice_id = 'all' and is_decided and is_in_evaluation_period"
        ),
        columns=["model_id", "score", "converted"],
    )
    warehouse = dict(
        good_run.query(
            "select model_id, auc from main_quality.quality_model_metrics "
            "where slice_id = 'all' and period_type = 'evaluation'"
        )
    )
    for model_id, rows in outcomes.groupby("model_id"):
        positives = rows.loc[rows["converted"], "score"].to_numpy()
        negatives = rows.loc[~rows["converted"], "score"].to_numpy()
        wins = (positives[:, None] > negatives[None, :]).sum()
        ties = (positives[:, None] == negatives[None, :]).sum()
        expected = (wins + 0.5 * ties) / (len(positives) * len(negatives))
        assert warehouse[model_id] == pytest.approx(expected, abs=1e-9), model_id


def test_report_is_written_with_its_charts(good_run: Materialized) -> None:
    [report] = [
        event.materialization
        for event in good_run.result.get_asset_materialization_events()
        if event.asset_key == dg.AssetKey(["quality", "quality_report"])
    ]
    index = good_run.report_dir / "index.html"
    assert report.metadata["path"].value == str(index)
    page = index.read_text(encoding="utf-8")
    assert f"as of {END.isoformat()}" in page
    for name in CHART_NAMES:
        chart = good_run.report_dir / f"{name}.png"
        assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", name
        assert chart.stat().st_size > 10_000, f"{name} looks empty"
        assert f"src='{name}.png'" in page
    for check_id in QUALITY_CHECK_IDS:
        assert check_id in page


def test_partition_run_equals_a_fresh_point_in_time_build(good_run: Materialized) -> None:
    """Dagster's run of a day rewrites exactly what a point-in-time dbt run of that day wrote.

    The fixture scored END with leadscore.score_history (dbt with score_date END) before Dagster
    ran the END partition; re-running a day (a backfill) replaces its rows, identically.
    """
    after = good_run.query(
        f"select {HISTORY_COLUMNS} from main_quality.lead_score_history "
        "where scored_as_of = ? order by lead_id, model_id",
        [END],
    )
    assert good_run.replayed_rows and tuple(after) == good_run.replayed_rows
    per_day = dict(
        good_run.query(
            "select scored_as_of, count(*) from main_quality.lead_score_history group by 1"
        )
    )
    assert per_day[END] == len(after), "re-running a day replaces it rather than adding to it"
    scores = good_run.query(
        "select lead_id, model_id, is_primary_model, account_id, fit_score, engagement_score, "
        "negative_points, total_score, fit_grade, lead_stage from main_marts.lead_scores "
        "order by lead_id, model_id"
    )
    assert tuple(scores) == good_run.replayed_rows


def test_inverted_score_fails_the_checks_with_their_numbers(inverted_run: Materialized) -> None:
    assert inverted_run.result.success, "failing quality checks do not fail the run"
    checks = inverted_run.checks()
    for check_id in RANKING_CHECKS:
        assert not checks[check_id].passed, check_id
        assert checks[check_id].severity == dg.AssetCheckSeverity.ERROR, check_id
    auc = checks["auc"].metadata
    for model_id in ("default", "automation"):
        assert auc[f"{model_id}.auc"].value < 0.5
        assert auc[f"{model_id}.status"].value == "fail"
        assert auc[f"{model_id}.severity"].value == "error"
    assert checks["top_bucket_lift"].metadata["default.top_bucket_lift"].value < 1
    assert checks["rank_ordering"].metadata["default.rank_ordering_violations"].value >= 1
    assert "| default |" in checks["rank_ordering"].metadata["violations"].value
    # MadKudu's targets fail too: nearly every lead now looks qualified, and the top stage
    # converts worse than the bottom one. (Capture alone would still look fine, since flagging
    # almost everyone captures almost every conversion: that is why the share has bounds.)
    assert checks["qualified_share"].metadata["default.qualified_share"].value > 0.35
    assert (
        checks["top_to_bottom_stage_ratio"].metadata["default.top_to_bottom_stage_ratio"].value < 1
    )
    for check_id in ("qualified_share", "top_to_bottom_stage_ratio"):
        assert not checks[check_id].passed
        assert checks[check_id].severity == dg.AssetCheckSeverity.WARN
    assert "FAIL error" in checks["auc"].description


def test_inverted_evaluation_is_as_of_the_same_day(inverted_run: Materialized) -> None:
    evaluated = inverted_run.query(
        "select distinct evaluated_as_of from main_quality.quality_check_results"
    )
    assert evaluated == [(datetime.date.fromisoformat(END.isoformat()),)]

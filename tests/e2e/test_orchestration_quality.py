"""The quality models on the shared e2e warehouse: two days scored, so nothing to judge yet.

A new install has scored only its first days: no cohort's conversion window is over. The
statistical checks must then say so (insufficient_data, severity warn) rather than pass or fail
the model.
"""

from __future__ import annotations

import datetime

import duckdb
import pytest

from leadscore.quality import read_check_outcomes
from tests.conftest import SCORE_DATE, ScoredWarehouse

pytestmark = pytest.mark.e2e

STATISTICAL = (
    "auc",
    "rank_ordering",
    "top_bucket_lift",
    "qualified_share",
    "qualified_capture",
    "top_to_bottom_stage_ratio",
)


def test_history_holds_each_scored_day(scored_warehouse: ScoredWarehouse) -> None:
    # The session warehouse was scored as of 2026-06-28, then as of SCORE_DATE.
    days = dict(
        scored_warehouse.query(
            "select scored_as_of, count(*) from main_quality.lead_score_history group by 1"
        )
    )
    [(scores,)] = scored_warehouse.query("select count(*) from main_marts.lead_scores")
    assert sorted(days) == [datetime.date(2026, 6, 28), SCORE_DATE]
    assert days[SCORE_DATE] == scores


def test_without_mature_cohorts_the_checks_report_insufficient_data(
    scored_warehouse: ScoredWarehouse,
) -> None:
    rows = scored_warehouse.query(
        "select check_id, status, severity from main_quality.quality_check_results "
        "where model_id = 'default'"
    )
    results = {check_id: (status, severity) for check_id, status, severity in rows}
    for check_id in STATISTICAL:
        assert results[check_id] == ("insufficient_data", "warn"), check_id
    assert results["conversion_sample_size"] == ("fail", "warn")
    assert scored_warehouse.query(
        "select count(*) from main_quality.quality_model_metrics where period_type = 'evaluation'"
    ) == [(0,)]

    connection = duckdb.connect(str(scored_warehouse.database), read_only=True)
    try:
        outcomes = read_check_outcomes(connection, expected_as_of=SCORE_DATE.isoformat())
    finally:
        connection.close()
    assert not outcomes["auc"].passed and outcomes["auc"].severity == "warn"
    assert "insufficient data" in outcomes["auc"].description


def test_quality_tables_are_published_but_not_the_history(
    scored_warehouse: ScoredWarehouse,
) -> None:
    published = {
        row[0]
        for row in scored_warehouse.query(
            "select table_name from information_schema.tables where table_schema = 'scores'"
        )
    }
    assert {
        "quality_check_results",
        "quality_conversion_by_bucket",
        "quality_model_metrics",
    } <= published
    assert "lead_score_history" not in published

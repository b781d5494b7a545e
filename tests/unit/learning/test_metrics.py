"""Ranking measures as the quality models compute them."""

from __future__ import annotations

import numpy as np
import pandas as pd

from leadscore.learning.metrics import (
    conversion_by_bucket,
    ranking_metrics,
    score_buckets,
    stage_volume_by_month,
    stages,
)


def test_buckets_are_made_within_each_cohort_with_ties_at_the_lowest_rank() -> None:
    scores = np.array([0, 0, 0, 10, 20, 5, 6, 7, 8, 9.0])
    cohorts = pd.Series(["a"] * 5 + ["b"] * 5)
    # a: ranks 1,1,1,4,5 of 5 -> 1 + floor(10 * (rank - 1) / 5); b likewise by its own ranks.
    assert score_buckets(scores, cohorts).tolist() == [1, 1, 1, 7, 9, 1, 3, 5, 7, 9]


def test_stages_take_the_highest_threshold_reached() -> None:
    assert stages(np.array([10, 35, 60.0]), {"mql": 35, "sql": 55}).tolist() == [
        "none",
        "mql",
        "sql",
    ]


def test_ranking_metrics_of_a_perfect_score() -> None:
    scores = np.arange(100, dtype=float)
    converted = (scores >= 90).astype(int)
    metrics = ranking_metrics(scores, converted, pd.Series(["m"] * 100), {"mql": 80, "sql": 90})
    assert metrics.auc == 1.0
    assert metrics.top_bucket_lift == 10.0
    assert metrics.qualified_share == 0.2
    assert metrics.qualified_capture == 1.0
    assert metrics.top_stage_share == 0.1


def test_auc_is_none_without_both_outcomes() -> None:
    metrics = ranking_metrics(np.arange(5.0), np.zeros(5), pd.Series(["m"] * 5), {})
    assert metrics.auc is None and metrics.qualified_capture is None


def test_conversion_by_bucket_and_volumes() -> None:
    scores = np.arange(20, dtype=float)
    converted = (scores >= 18).astype(int)
    cohorts = pd.Series(["2026-01"] * 10 + ["2026-02"] * 10)
    table = conversion_by_bucket(scores, converted, cohorts)
    assert table["snapshots"].sum() == 20
    assert table.loc[10, "conversions"] == 1 and table.loc[9, "conversions"] == 1
    volumes = stage_volume_by_month(scores, cohorts, {"mql": 5, "sql": 15})
    assert volumes.loc["2026-01", "mql"] == 0.5
    assert volumes.loc["2026-02", "sql"] == 0.5

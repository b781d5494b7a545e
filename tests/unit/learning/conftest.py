"""A synthetic history: one informative rule, one noise rule, one that lowers conversion."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from leadscore.learning.history import SnapshotHistory
from leadscore.learning.scoring import RulePoints

COHORTS = pd.date_range("2025-01-01", periods=8, freq="MS")


def synthetic_history(seed: int = 3, per_cohort: int = 1500) -> SnapshotHistory:
    rng = np.random.default_rng(seed)
    rows = per_cohort * len(COHORTS)
    demo = rng.random(rows) < 0.15
    pricing_views = rng.poisson(1.0, rows) * (rng.random(rows) < 0.5)
    noise = rng.random(rows) < 0.4
    against = rng.random(rows) < 0.3
    logit = -4.0 + 2.0 * demo + 0.5 * pricing_views - 1.0 * against
    converted = (rng.random(rows) < 1 / (1 + np.exp(-logit))).astype(int)
    index = pd.MultiIndex.from_arrays(
        [[f"L{i:06d}" for i in range(rows)], np.repeat(COHORTS, per_cohort)],
        names=["lead_id", "scored_as_of"],
    )
    snapshots = pd.DataFrame(
        {
            "cohort_month": np.repeat(COHORTS, per_cohort),
            "is_converted": converted,
            "total_score": 0.0,
        },
        index=index,
    )
    units = pd.DataFrame(
        {
            "demo": demo.astype(float),
            "pricing": pricing_views.astype(float),
            "noise": noise.astype(float),
            "against": against.astype(float),
        },
        index=index,
    )
    return SnapshotHistory("m", snapshots, units)


def synthetic_points() -> RulePoints:
    return RulePoints(
        model_id="m",
        weights={"demo": 20.0, "pricing": 4.0, "noise": 5.0, "against": 8.0},
        categories={
            "demo": "engagement",
            "pricing": "engagement",
            "noise": "fit",
            "against": "engagement",
        },
        fit_cap=50.0,
        engagement_cap=50.0,
        negative_floor=-40.0,
    )


@pytest.fixture(scope="module")
def history() -> SnapshotHistory:
    return synthetic_history()

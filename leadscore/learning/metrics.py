"""How well a score ranks decided snapshots: the quality models' measures, in pandas.

Buckets are made within each cohort month as quality_lead_outcomes makes them (rank by score,
ties sharing the lowest rank, 1 + floor(buckets * (rank - 1) / leads)), so the figures here
match the warehouse's for the same scores. AUC comes from scikit-learn.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score

STAGE_ORDER = ("none", "mql", "sql")


def score_buckets(scores: np.ndarray, cohorts: pd.Series, buckets: int = 10) -> np.ndarray:
    """Each snapshot's score bucket within its cohort month (1 = lowest)."""
    frame = pd.DataFrame({"score": scores, "cohort": cohorts.to_numpy()})
    rank = frame.groupby("cohort")["score"].rank(method="min")
    size = frame.groupby("cohort")["score"].transform("size")
    return (1 + np.floor(buckets * (rank - 1) / size)).astype(int).to_numpy()


def stages(scores: np.ndarray, thresholds: Mapping[str, float]) -> np.ndarray:
    """The stage each score reaches (thresholds: stage -> min_total_score)."""
    result = np.full(len(scores), "none", dtype=object)
    for stage in STAGE_ORDER[1:]:
        if stage in thresholds:
            result[scores >= thresholds[stage]] = stage
    return result


@dataclass(frozen=True)
class RankingMetrics:
    """The headline figures of one score on one set of decided snapshots."""

    snapshots: int
    conversions: int
    base_rate: float
    auc: float | None
    top_bucket_lift: float | None
    qualified_share: float | None
    qualified_capture: float | None
    top_stage_share: float | None
    top_to_bottom_stage_ratio: float | None

    def as_dict(self) -> dict[str, float | int | None]:
        return dict(self.__dict__)


def ranking_metrics(
    scores: np.ndarray,
    converted: np.ndarray,
    cohorts: pd.Series,
    thresholds: Mapping[str, float],
    buckets: int = 10,
) -> RankingMetrics:
    converted = np.asarray(converted, dtype=int)
    count, conversions = len(converted), int(converted.sum())
    base = conversions / count if count else 0.0
    auc = float(roc_auc_score(converted, scores)) if 0 < conversions < count else None
    bucket = score_buckets(scores, cohorts, buckets)
    top = converted[bucket == bucket.max()] if count else converted
    lift = float(top.mean() / base) if count and base > 0 else None
    stage = stages(scores, thresholds)
    qualified = stage != "none"
    top_stage = stage == STAGE_ORDER[-1]
    bottom_rate = converted[~qualified].mean() if (~qualified).any() else None
    top_rate = converted[top_stage].mean() if top_stage.any() else None
    ratio = None
    if top_rate is not None and bottom_rate is not None:
        # As quality_model_metrics: the bottom rate floored at one conversion.
        ratio = float(top_rate / max(bottom_rate, 1 / max(int((~qualified).sum()), 1)))
    return RankingMetrics(
        snapshots=count,
        conversions=conversions,
        base_rate=base,
        auc=auc,
        top_bucket_lift=lift,
        qualified_share=float(qualified.mean()) if count else None,
        qualified_capture=float(converted[qualified].sum() / conversions) if conversions else None,
        top_stage_share=float(top_stage.mean()) if count else None,
        top_to_bottom_stage_ratio=ratio,
    )


def conversion_by_bucket(
    scores: np.ndarray, converted: np.ndarray, cohorts: pd.Series, buckets: int = 10
) -> pd.DataFrame:
    """Decided snapshots, conversions and conversion rate per score bucket (pooled cohorts)."""
    frame = pd.DataFrame(
        {"bucket": score_buckets(scores, cohorts, buckets), "converted": converted}
    )
    table = frame.groupby("bucket")["converted"].agg(snapshots="size", conversions="sum")
    table["conversion_rate"] = table["conversions"] / table["snapshots"]
    return table.reindex(range(1, buckets + 1), fill_value=0)


def stage_volume_by_month(
    scores: np.ndarray, cohorts: pd.Series, thresholds: Mapping[str, float]
) -> pd.DataFrame:
    """Per cohort month: snapshots and the share at each stage above none."""
    frame = pd.DataFrame({"cohort": cohorts.to_numpy(), "stage": stages(scores, thresholds)})
    shares = pd.crosstab(frame["cohort"], frame["stage"], normalize="index")
    shares = shares.reindex(columns=[s for s in STAGE_ORDER if s != "none"], fill_value=0.0)
    shares["snapshots"] = frame.groupby("cohort").size()
    return shares

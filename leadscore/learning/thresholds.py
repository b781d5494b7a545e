"""Stage thresholds and fit grade bands for proposed points, from seeds/quality_targets.csv.

MQL: the highest threshold whose flagged leads still bring the qualified_capture target of
conversions, moved into the qualified_share band (and the capacity band of
qualified_volume_vs_capacity) when it falls outside: capacity wins over capture, since sales
cannot work more leads than it has people for. SQL: the lowest threshold above MQL whose share
stays within top_stage_volume_vs_capacity and whose conversion rate reaches the
top_to_bottom_stage_ratio target over stage none; without one, the threshold at the middle of
the capacity band. Grade bands keep each grade's share of leads: a grade's new lower bound is
the fit score at the same quantile under the proposed points.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np

SHARE_CHECKS = ("qualified_share", "qualified_volume_vs_capacity")


@dataclass(frozen=True)
class Band:
    lower: float | None
    upper: float | None


def quality_targets(seeds_dir: Path, model_id: str) -> dict[str, Band]:
    """Each check's healthy band for a model: the tightest bounds of its rows for the model or
    'all' (warn and error rows alike)."""
    bands: dict[str, Band] = {}
    path = Path(seeds_dir) / "quality_targets.csv"
    if not path.is_file():
        return bands
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["model_id"] not in ("all", model_id):
                continue
            lower = float(row["lower_bound"]) if row["lower_bound"] else None
            upper = float(row["upper_bound"]) if row["upper_bound"] else None
            known = bands.get(row["check_id"], Band(None, None))
            lowers = [bound for bound in (known.lower, lower) if bound is not None]
            uppers = [bound for bound in (known.upper, upper) if bound is not None]
            bands[row["check_id"]] = Band(max(lowers, default=None), min(uppers, default=None))
    return bands


def _share_at_or_above(scores: np.ndarray, threshold: float) -> float:
    return float((scores >= threshold).mean())


def _threshold_for_share(scores: np.ndarray, share: float) -> float:
    """The whole-point threshold whose share of leads at or above it is closest to `share`."""
    candidates = np.unique(np.ceil(scores))
    shares = np.array([_share_at_or_above(scores, c) for c in candidates])
    return float(candidates[int(np.argmin(np.abs(shares - share)))])


def suggest_thresholds(
    scores: np.ndarray, converted: np.ndarray, targets: Mapping[str, Band]
) -> tuple[dict[str, float], list[str]]:
    """{'mql': x, 'sql': y} for proposed scores on training snapshots, and why."""
    notes: list[str] = []
    candidates = np.unique(np.ceil(scores))
    conversions = max(int(converted.sum()), 1)
    share_low = max((targets[c].lower or 0.0 for c in SHARE_CHECKS if c in targets), default=0.0)
    share_high = min((targets[c].upper or 1.0 for c in SHARE_CHECKS if c in targets), default=1.0)
    capture = targets.get("qualified_capture", Band(None, None)).lower or 0.0

    captured = [c for c in candidates if converted[scores >= c].sum() / conversions >= capture]
    mql = float(max(captured)) if captured else float(candidates.min())
    share = _share_at_or_above(scores, mql)
    if share > share_high:
        mql = _threshold_for_share(scores, share_high)
        notes.append(
            f"MQL: capturing {capture:.0%} of conversions would flag {share:.0%} of leads, over "
            f"the {share_high:.0%} capacity: set for {share_high:.0%} instead"
        )
    elif share < share_low:
        mql = _threshold_for_share(scores, share_low)
        notes.append(f"MQL: raised to flag at least {share_low:.0%} of leads")

    top = targets.get("top_stage_volume_vs_capacity", Band(None, None))
    top_low, top_high = top.lower or 0.0, top.upper or 1.0
    ratio_target = targets.get("top_to_bottom_stage_ratio", Band(None, None)).lower or 0.0
    bottom = converted[scores < mql]
    bottom_rate = max(bottom.mean() if len(bottom) else 0.0, 1 / max(len(bottom), 1))
    sql = None
    for candidate in candidates[candidates > mql]:
        flagged = scores >= candidate
        share_sql = float(flagged.mean())
        if not top_low <= share_sql <= top_high:
            continue
        if converted[flagged].mean() / bottom_rate >= ratio_target:
            sql = float(candidate)
            break
    if sql is None:
        sql = _threshold_for_share(scores, (top_low + top_high) / 2)
        sql = max(sql, mql + 1)
        notes.append(
            f"SQL: no threshold reaches {ratio_target:g}x the conversion of stage none within "
            f"the {top_low:.1%}-{top_high:.0%} capacity band; set at its middle"
        )
    return {"mql": mql, "sql": sql}, notes


def rescale_grade_bands(
    current_fit: np.ndarray, proposed_fit: np.ndarray, bands: Mapping[str, float]
) -> dict[str, float]:
    """New lower bounds (grade -> min_fit_score) keeping each grade's share of leads."""
    result: dict[str, float] = {}
    previous: float | None = None
    for grade, lower in sorted(bands.items(), key=lambda item: item[1]):
        if lower <= 0:
            bound = lower
        else:
            share_below = float((current_fit < lower).mean())
            bound = float(np.round(np.quantile(proposed_fit, share_below, method="higher")))
        # Grades must stay distinct: a grade never shares its lower bound with the one below.
        if previous is not None and bound <= previous:
            bound = previous + 1
        result[grade] = bound
        previous = bound
    return result

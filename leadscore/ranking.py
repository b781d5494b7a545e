"""How well a score ranks known outcomes: AUC, top-decile lift and conversion by score decile.

For evaluations outside the warehouse (a held-out part of a data set, a reference model), in
the same terms as the quality models (models/marts/quality): AUC of the score against
converted or not, and conversion per tenth of the leads by score, decile 10 the highest.

Rule scores tie a lot (a handful of rules gives a handful of totals), so a decile boundary often
falls inside a group of leads with the same score. Such a group is shared between the deciles
it spans in proportion, with its conversion rate: what a random order within the tie would give
on average, and what roc_auc_score does with ties (each tied pair counts one half). The
conversions of a decile can then be fractional. Deciles hold round(k * n / 10) - round((k - 1)
* n / 10) leads.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score


@dataclass(frozen=True)
class Decile:
    """One tenth of the leads by score; decile 10 holds the highest scores."""

    decile: int
    leads: int
    conversions: float
    conversion_rate: float
    lift: float
    min_score: float
    max_score: float


@dataclass(frozen=True)
class RankingFigures:
    """AUC, the base rate, and conversion by score decile (the top one first)."""

    leads: int
    conversions: int
    base_rate: float
    auc: float
    deciles: tuple[Decile, ...]

    @property
    def top_decile_lift(self) -> float:
        return self.deciles[0].lift

    def as_dict(self) -> dict[str, object]:
        return {
            "leads": self.leads,
            "conversions": self.conversions,
            "base_rate": round(self.base_rate, 4),
            "auc": round(self.auc, 4),
            "top_decile_lift": round(self.top_decile_lift, 3),
            "deciles": [
                {
                    "decile": decile.decile,
                    "leads": decile.leads,
                    "conversions": round(decile.conversions, 1),
                    "conversion_rate": round(decile.conversion_rate, 4),
                    "lift": round(decile.lift, 3),
                    "min_score": round(decile.min_score, 4),
                    "max_score": round(decile.max_score, 4),
                }
                for decile in self.deciles
            ],
        }


def ranking_figures(
    scores: Sequence[float] | pd.Series, converted: Sequence[bool] | pd.Series, buckets: int = 10
) -> RankingFigures:
    """AUC (scikit-learn) and conversion by score bucket, ties shared in proportion."""
    frame = pd.DataFrame(
        {"score": np.asarray(scores, dtype=float), "converted": np.asarray(converted, dtype=bool)}
    )
    if frame.empty or frame["converted"].nunique() < 2:
        raise ValueError("ranking figures need both converted and unconverted leads")
    if frame["score"].isna().any():
        raise ValueError("every lead needs a score")
    leads = len(frame)
    conversions = int(frame["converted"].sum())
    base_rate = conversions / leads
    # Groups of equal score, highest first, with the positions they take in that order.
    groups = (
        frame.groupby("score")["converted"]
        .agg(["size", "sum"])
        .sort_index(ascending=False)
        .rename(columns={"size": "leads", "sum": "conversions"})
    )
    groups["end"] = groups["leads"].cumsum()
    groups["start"] = groups["end"] - groups["leads"]
    groups["rate"] = groups["conversions"] / groups["leads"]
    deciles = []
    for rank in range(buckets):
        low = round(rank * leads / buckets)
        high = round((rank + 1) * leads / buckets)
        overlap = (groups["end"].clip(upper=high) - groups["start"].clip(lower=low)).clip(lower=0)
        inside = groups[overlap > 0]
        size = high - low
        converted_here = float((overlap * groups["rate"]).sum())
        rate = converted_here / size if size else float("nan")
        deciles.append(
            Decile(
                decile=buckets - rank,
                leads=size,
                conversions=converted_here,
                conversion_rate=rate,
                lift=rate / base_rate,
                min_score=float(inside.index.min()) if size else float("nan"),
                max_score=float(inside.index.max()) if size else float("nan"),
            )
        )
    return RankingFigures(
        leads=leads,
        conversions=conversions,
        base_rate=base_rate,
        auc=float(roc_auc_score(frame["converted"], frame["score"])),
        deciles=tuple(deciles),
    )

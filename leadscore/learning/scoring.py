"""The additive score of rule points on snapshot units, as the dbt models compute it.

int_lead_rule_points gives a rule `points x units` (units: its decayed, repeat-weighted and
rule-capped count of events, or 1), and int_lead_rule_contributions then: positive points of a
fit (engagement) rule count up to the model's fit_cap (engagement_cap), negative points in a
positive category count nothing, profile rules are not capped, negative rules are limited by
negative_floor and, with floor_at_zero, by the positive points (baseline included).

`RulePoints` is one model's configuration in those terms. Scoring the current rules on the
history reproduces the published total_score (tests check it), so current and proposed rules
are compared on exactly the same snapshots.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from leadscore.rules import RuleCheckReport

POSITIVE_CAPPED = ("fit", "engagement")


@dataclass(frozen=True)
class RulePoints:
    """One model's scoring in learnable terms: points per unit of each active rule, and limits.

    weights: rule_id -> points per unit (a lookup rule's units are its points, so its weight
    is a factor on its values' points, 1 as written). categories: rule_id -> category.
    """

    model_id: str
    weights: dict[str, float]
    categories: dict[str, str]
    fit_cap: float
    engagement_cap: float
    negative_floor: float
    baseline_points: float = 0.0
    floor_at_zero: bool = True
    lookup_rules: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def from_report(cls, report: RuleCheckReport, model_id: str) -> RulePoints:
        models = {model.model_id: model for model in report.models}
        if model_id not in models:
            raise KeyError(f"no scoring model '{model_id}' in {report.seeds_dir}")
        model = models[model_id]
        weights: dict[str, float] = {}
        categories: dict[str, str] = {}
        lookups: set[str] = set()
        for rule in report.rules:
            if rule.model_id != model_id or not rule.is_active or rule.rule_id is None:
                continue
            categories[rule.rule_id] = str(rule.category)
            if rule.lookup_column:
                lookups.add(rule.rule_id)
                weights[rule.rule_id] = 1.0
            else:
                weights[rule.rule_id] = float(rule.points or 0.0)
        return cls(
            model_id=model_id,
            weights=weights,
            categories=categories,
            fit_cap=float(model.fit_cap or 0.0),
            engagement_cap=float(model.engagement_cap or 0.0),
            negative_floor=float(model.negative_floor or 0.0),
            baseline_points=float(model.baseline_points or 0.0),
            floor_at_zero=bool(model.floor_at_zero),
            lookup_rules=frozenset(lookups),
        )

    def with_weights(self, weights: dict[str, float]) -> RulePoints:
        return replace(self, weights=dict(weights))

    def total_scores(self, units: pd.DataFrame) -> np.ndarray:
        """The total_score of each row of units (columns: rule_id; missing rules score 0)."""
        rows = len(units)
        caps = {"fit": self.fit_cap, "engagement": self.engagement_cap}
        positive = np.full(rows, self.baseline_points)
        negative = np.zeros(rows)
        sums = {category: np.zeros(rows) for category in (*POSITIVE_CAPPED, "profile")}
        for rule_id, weight in self.weights.items():
            if rule_id not in units.columns or weight == 0:
                continue
            points = np.round(weight * units[rule_id].to_numpy(dtype=float), 2)
            category = self.categories[rule_id]
            if category in POSITIVE_CAPPED:
                sums[category] += np.clip(points, 0, None)
            elif category == "profile":
                sums["profile"] += points
            else:
                negative += points
        for category in POSITIVE_CAPPED:
            positive += np.minimum(sums[category], caps[category])
        positive += sums["profile"]
        budget = (
            np.maximum(self.negative_floor, -positive)
            if self.floor_at_zero
            else np.full(rows, self.negative_floor)
        )
        return positive + np.maximum(negative, budget)

    def category_sums(self, units: pd.DataFrame, category: str) -> np.ndarray:
        """A category's points before its cap (positive points only for fit and engagement)."""
        total = np.zeros(len(units))
        for rule_id, weight in self.weights.items():
            if self.categories.get(rule_id) != category or rule_id not in units.columns:
                continue
            points = weight * units[rule_id].to_numpy(dtype=float)
            total += np.clip(points, 0, None) if category in POSITIVE_CAPPED else points
        return total

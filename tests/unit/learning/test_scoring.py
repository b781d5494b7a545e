"""The additive scorer reproduces the dbt models' caps and floors (int_lead_rule_contributions)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from leadscore import rules
from leadscore.learning.scoring import RulePoints


def _points(**overrides: object) -> RulePoints:
    settings: dict[str, object] = {
        "model_id": "m",
        "weights": {
            "fit_1": 20,
            "fit_2": 18,
            "fit_3": 14,
            "eng_1": 30,
            "eng_2": 25,
            "neg_1": -30,
            "neg_2": -25,
        },
        "categories": {
            "fit_1": "fit",
            "fit_2": "fit",
            "fit_3": "fit",
            "eng_1": "engagement",
            "eng_2": "engagement",
            "neg_1": "negative",
            "neg_2": "negative",
        },
        "fit_cap": 50.0,
        "engagement_cap": 50.0,
        "negative_floor": -40.0,
    }
    settings.update(overrides)
    return RulePoints(**settings)  # type: ignore[arg-type]


def test_caps_and_negative_floor_as_in_the_dbt_unit_test() -> None:
    # Lead a of the int_lead_rule_contributions unit test: fit 52 -> 50, engagement 55 -> 50,
    # negatives -55 -> -40: 60. Lead b: fit 10, negatives stop at -10 (floor at zero): 0.
    units = pd.DataFrame(
        {
            "fit_1": [1.0, 0.5],
            "fit_2": [1.0, 0.0],
            "fit_3": [1.0, 0.0],
            "eng_1": [1.0, 0.0],
            "eng_2": [1.0, 0.0],
            "neg_1": [1.0, 0.5],
            "neg_2": [1.0, 0.2],
        }
    )
    assert _points().total_scores(units).tolist() == [60.0, 0.0]


def test_without_floor_at_zero_negatives_stop_at_the_floor_only() -> None:
    units = pd.DataFrame({"fit_1": [0.5], "neg_1": [1.0], "neg_2": [1.0]})
    assert _points(floor_at_zero=False).total_scores(units).tolist() == [10.0 - 40.0]


def test_negative_points_in_a_positive_category_count_nothing() -> None:
    units = pd.DataFrame({"fit_1": [1.0], "fit_2": [1.0]})
    points = _points(weights={"fit_1": 20, "fit_2": -15})
    assert points.total_scores(units).tolist() == [20.0]


def test_profile_is_uncapped_and_baseline_added() -> None:
    units = pd.DataFrame({"prof": [1.0, 2.0]})
    points = _points(weights={"prof": 40}, categories={"prof": "profile"}, baseline_points=5.0)
    assert points.total_scores(units).tolist() == [45.0, 85.0]


def test_missing_rules_score_nothing() -> None:
    assert _points().total_scores(pd.DataFrame(index=range(3))).tolist() == [0.0] * 3


def test_from_report_reads_the_shipped_default_model() -> None:
    points = RulePoints.from_report(rules.check_rules(), "default")
    assert points.weights["eng_demo_request"] == 25
    assert points.categories["neg_competitor"] == "negative"
    assert (points.fit_cap, points.engagement_cap, points.negative_floor) == (50, 50, -40)
    with pytest.raises(KeyError, match="no scoring model 'nope'"):
        RulePoints.from_report(rules.check_rules(), "nope")


def test_category_sums_before_the_cap() -> None:
    units = pd.DataFrame({"fit_1": [1.0], "fit_2": [1.0], "fit_3": [1.0]})
    assert np.allclose(_points().category_sums(units, "fit"), [52.0])

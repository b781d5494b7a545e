"""The predictive model's terms: numeric attributes as one standardized linear term, clipped a
margin beyond the training range,
and the regularization chosen by the AUC within the validation cohorts, pooled."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import roc_auc_score

from leadscore.learning.fit import (
    REGULARIZATION_GRID,
    choose_regularization,
    cohort_folds,
    logistic_pipeline,
)
from leadscore.learning.predictive import EXTRAPOLATION_MARGIN_SDS, numeric_term, numeric_values
from tests.unit.learning.conftest import COHORTS, synthetic_history


def test_a_numeric_attribute_is_standardized_on_training_values_and_clipped_past_them() -> None:
    training = np.array([1.0, 2.0, 3.0, 4.0])
    term = numeric_term("euribor3m", training)
    assert term.kind == "attribute_numeric" and term.feature == "euribor3m"
    assert term.centre == pytest.approx(2.5)
    spread = float(np.std(training))
    assert term.scale == pytest.approx(spread)
    margin = EXTRAPOLATION_MARGIN_SDS * spread
    assert (term.lower_bound, term.upper_bound) == pytest.approx((1.0 - margin, 4.0 + margin))
    edge = 4.0 + margin
    values = numeric_values(np.array([2.5, 4.0, edge - 0.1, 9.0, -5.0, np.nan]), term)
    top = (edge - 2.5) / spread
    # Inside the margin the line goes on; beyond it counts as its edge; missing as the centre.
    assert values == pytest.approx([0.0, 1.5 / spread, (edge - 0.1 - 2.5) / spread, top, -top, 0.0])


def test_a_constant_numeric_attribute_keeps_a_unit_scale() -> None:
    term = numeric_term("x", np.array([5.0, 5.0]))
    assert term.scale == 1.0


def test_the_regularization_weighs_each_validation_cohort_by_its_pairs() -> None:
    history = synthetic_history()
    snapshots = history.snapshots
    # The newest cohort shrinks to 12 snapshots (2 conversions): a plain mean of the folds would
    # give its chance AUC the weight of the 1,500-snapshot months before it.
    newest = (snapshots["cohort_month"] == COHORTS[-1]).to_numpy()
    outcome = snapshots["is_converted"].to_numpy()
    keep = ~newest
    keep[np.flatnonzero(newest & (outcome == 1))[:2]] = True
    keep[np.flatnonzero(newest & (outcome == 0))[:10]] = True
    units, snapshots = history.units[keep], snapshots[keep]
    converted = snapshots["is_converted"].to_numpy(dtype=int)
    cohorts = snapshots["cohort_month"]
    c, pooled = choose_regularization(units, converted, cohorts, folds=3)
    assert c in REGULARIZATION_GRID["logisticregression__C"]
    features = units.to_numpy()
    aucs, pairs = [], []
    for train, test in cohort_folds(cohorts, 3):
        model = logistic_pipeline(c).fit(features[train], converted[train])
        aucs.append(roc_auc_score(converted[test], model.predict_proba(features[test])[:, 1]))
        pairs.append(converted[test].sum() * (len(test) - converted[test].sum()))
    assert pairs[-1] == 2 * 10
    assert pooled == pytest.approx(float(np.average(aucs, weights=pairs)))

"""Learning from outcomes: recalibrated rule points (and, on top, a predictive score).

* ``history``: the point-in-time training data, read from the warehouse: each decided cohort
  snapshot of a model's leads, its outcome, and each rule's units (its decayed, capped count of
  events, or 1 for a lead or account rule) as of the snapshot day (lead_rule_hit_history).
* ``scoring``: the additive score of a set of rule points on those units, with the model's
  caps and floors exactly as the dbt models apply them, so current and proposed rules are
  compared on the same snapshots.
* ``metrics``: AUC, top-decile lift, conversion by bucket and stage volumes per month.
* ``fit``: the time-aware regularized logistic regression (scikit-learn) and how its
  coefficients become points on the model's scale.
* ``thresholds``: stage thresholds and fit grade bands that meet seeds/quality_targets.csv.
* ``proposal``: the proposal folder (seed-shaped CSVs, the changes, the comparison page).
* ``calibrate``: `leadscore calibrate`, tying them together.
* ``predictive``: `leadscore predict train`, the conversion probability on top of the rules.
"""

from leadscore.learning.calibrate import (
    DEFAULT_MIN_CONVERSIONS,
    DEFAULT_VALIDATION_MONTHS,
    CalibrationResult,
    calibrate,
)
from leadscore.learning.fit import TrainingDataError
from leadscore.learning.history import HistoryError
from leadscore.learning.predictive import TrainingResult, train_predictive_models

__all__ = [
    "DEFAULT_MIN_CONVERSIONS",
    "DEFAULT_VALIDATION_MONTHS",
    "CalibrationResult",
    "HistoryError",
    "TrainingDataError",
    "TrainingResult",
    "calibrate",
    "train_predictive_models",
]

"""Fitting rule points from outcomes: a time-aware regularized logistic regression.

Features are the rules' units on each snapshot (see history.py), the outcome conversion in the
quality window. scikit-learn fits it (standardized features, an L2 penalty whose strength is
chosen by an expanding-window cross-validation over the training cohorts: each fold
trains on older cohorts and is scored by AUC on a later one, so nothing is ever learnt from a
lead's future).

How a fitted model becomes points on the additive scale: the log-odds are
`intercept + sum(beta_r * units_r)`, and the score is `baseline + sum(points_r * units_r)`
within the caps, so `points_r = scale * beta_r` keeps the ranking of the fitted model wherever
no cap or floor binds. The scale is the largest that keeps the 99th percentile of each capped
category's positive points (fit, engagement) within its cap, so caps touch about 1% of leads.
A score S then means log-odds of about `intercept + (S - baseline) / scale`: every `scale * ln 2`
points double the odds of converting. Points are rounded to whole points, and a negative rule's
points stop at the model's negative_floor (the most all negative rules together may take).

Signs follow the categories: a fit or engagement rule can only add points (the dbt models
ignore negative points there) and a negative rule only take them away. A rule whose
coefficient has the wrong sign is dropped and the model refitted without it (it is proposed
inactive, with the reason), until every sign agrees. Then rules whose weight is within
min_z standard errors of zero (Wald, from the fit's Fisher information) are dropped one at a
time, weakest first, refitting after each (off by default, min_z 0: with the few dozen
conversions of a typical quarter the Wald test cannot vouch even for strong rules, and the
demo's held-out AUC fell when it pruned; each rule's z is reported in its reason instead).
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler

from leadscore.learning.history import SnapshotHistory
from leadscore.learning.scoring import POSITIVE_CAPPED, RulePoints
from leadscore.rules import RuleCheckReport

# L2 (lbfgs): seconds, where elastic-net through saga took minutes for no better validation AUC
# on the demo; zero weights come from rounding and the sign rule instead. The predictive model
# searches further down (predictive.REGULARIZATION_GRID); calibration stops at 1e-3, where the
# Wald z of each rule (its reason, and --min-z) still means something: with C down to 1e-5 the
# folds of a stationary history pick a near-zero C by noise-level AUC differences, shrinking
# every coefficient to a few hundredths of its size and every z with it.
REGULARIZATION_GRID = {"logisticregression__C": list(np.logspace(-3, 2, 11))}
CAP_QUANTILE = 0.99


class TrainingDataError(ValueError):
    """Too little decided history to learn from (the message names the numbers)."""


@dataclass
class RuleChange:
    """What calibration proposes for one rule, and why."""

    rule_id: str
    category: str
    current_weight: float
    proposed_weight: float
    coefficient: float | None
    hits: int
    reason: str

    @property
    def is_dropped(self) -> bool:
        return self.proposed_weight == 0


@dataclass
class FittedPoints:
    """The proposed points and how they were found."""

    proposed: RulePoints
    changes: list[RuleChange]
    intercept: float
    scale: float
    regularization: dict[str, float]
    cross_validated_auc: float
    training_snapshots: int
    training_conversions: int
    notes: list[str] = field(default_factory=list)

    @property
    def points_per_odds_doubling(self) -> float:
        return self.scale * math.log(2)


def models_to_fit(report: RuleCheckReport, models: list[str] | None) -> list[str]:
    """The given scoring models (default: every active one but the challengers, which learn
    from their champion's leads only when named); an unknown or inactive one is refused, naming
    the active ones."""
    active = [str(model.model_id) for model in report.models if model.is_active]
    unknown = sorted(set(models or []) - set(active))
    if unknown:
        raise TrainingDataError(
            f"no active scoring model {', '.join(unknown)} (active: {', '.join(active)})"
        )
    champions = [
        str(model.model_id)
        for model in report.models
        if model.is_active and not model.is_challenger
    ]
    return list(models or champions)


def time_split(
    history: SnapshotHistory, validation_months: int
) -> tuple[SnapshotHistory, SnapshotHistory]:
    """Older cohorts to fit on, the newest `validation_months` cohorts to judge on."""
    cohorts = history.cohorts
    if validation_months < 1:
        raise ValueError("validation_months must be at least 1")
    if len(cohorts) <= validation_months + 1:
        raise TrainingDataError(
            f"model '{history.model_id}' has {len(cohorts)} mature cohort month(s) of history; "
            f"holding out the newest {validation_months} for validation needs at least "
            f"{validation_months + 2} (replay more months of history)"
        )
    return (
        history.restrict(cohorts[:-validation_months]),
        history.restrict(cohorts[-validation_months:]),
    )


def cohort_folds(cohorts: pd.Series, folds: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Expanding-window folds: train on the cohorts before each of the last `folds` ones."""
    ordered = sorted(cohorts.unique())
    values = cohorts.to_numpy()
    splits = []
    for held_out in ordered[-folds:]:
        train = np.flatnonzero(values < held_out)
        test = np.flatnonzero(values == held_out)
        if len(train) and len(test):
            splits.append((train, test))
    return splits


def logistic_pipeline(c: float = 1.0) -> Pipeline:
    """Standardized features into an L2 logistic regression of strength 1/c."""
    return make_pipeline(StandardScaler(), LogisticRegression(C=c, solver="lbfgs", max_iter=2000))


def choose_regularization(
    units: pd.DataFrame,
    converted: np.ndarray,
    cohorts: pd.Series,
    folds: int,
    grid: dict[str, list[float]] | None = None,
) -> tuple[float, float]:
    """The C of the best cross-validated AUC over expanding-window cohort folds, and that AUC.

    Each fold's AUC counts in proportion to its pairs of a conversion and a non-conversion,
    which makes the average the AUC within the held-out cohorts, pooled: a month with ten
    snapshots and one conversion (a fold's AUC of 0 or 1 by chance) weighs as little as the
    evidence it holds, where a plain mean of the folds gives it the weight of a month of
    thousands."""
    splits = [
        (train, test)
        for train, test in cohort_folds(cohorts, folds)
        if 0 < converted[test].sum() < len(test) and converted[train].sum() > 0
    ]
    if not splits:
        raise TrainingDataError(
            "no training cohort has conversions to validate on: every fold needs a later "
            "cohort with both outcomes"
        )
    search = GridSearchCV(
        logistic_pipeline(),
        grid or REGULARIZATION_GRID,
        scoring="roc_auc",
        cv=splits,
        refit=False,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        search.fit(units.to_numpy(), converted)
    pairs = np.array(
        [converted[test].sum() * (len(test) - converted[test].sum()) for _, test in splits],
        dtype=float,
    )
    scores = np.column_stack(
        [search.cv_results_[f"split{fold}_test_score"] for fold in range(len(splits))]
    )
    pooled = scores @ (pairs / pairs.sum())
    best = int(np.argmax(pooled))
    return float(search.cv_results_["param_logisticregression__C"][best]), float(pooled[best])


def raw_coefficients(pipeline: Pipeline) -> tuple[np.ndarray, float]:
    """A fitted logistic_pipeline's coefficients per unit of the raw features, and its intercept
    (the standardization undone)."""
    scaler = pipeline.named_steps["standardscaler"]
    model = pipeline.named_steps["logisticregression"]
    deviation = np.where(scaler.scale_ > 0, scaler.scale_, 1.0)
    intercept = float(model.intercept_[0] - np.sum(model.coef_[0] * scaler.mean_ / deviation))
    return model.coef_[0] / deviation, intercept


def _fit(
    units: pd.DataFrame, converted: np.ndarray, c: float
) -> tuple[np.ndarray, float, np.ndarray]:
    """Coefficients per unit, the intercept, and each coefficient's Wald z (coefficient over its
    standard error, from the inverse Fisher information at the fit)."""
    pipeline = logistic_pipeline(c)
    features = units.to_numpy(dtype=float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        pipeline.fit(features, converted)
    coefficients, intercept = raw_coefficients(pipeline)
    probability = pipeline.predict_proba(features)[:, 1]
    design = np.column_stack([np.ones(len(features)), features])
    information = design.T @ (design * (probability * (1 - probability))[:, None])
    covariance = np.linalg.pinv(information)
    errors = np.sqrt(np.clip(np.diag(covariance)[1:], 1e-12, None))
    return coefficients, intercept, coefficients / errors


def _sign_agrees(category: str, coefficient: float) -> bool:
    return coefficient <= 0 if category == "negative" else coefficient >= 0


def fit_rule_points(
    train: SnapshotHistory,
    current: RulePoints,
    *,
    min_hits: int = 30,
    min_z: float = 0.0,
    folds: int = 3,
) -> FittedPoints:
    """Fit points for the model's active rules on the training cohorts."""
    converted = train.snapshots["is_converted"].to_numpy(dtype=int)
    cohorts = train.snapshots["cohort_month"]
    changes: dict[str, RuleChange] = {}
    hits = {
        rule_id: int((train.units[rule_id] > 0).sum()) if rule_id in train.units else 0
        for rule_id in current.weights
    }
    candidates = []
    for rule_id, weight in current.weights.items():
        category = current.categories[rule_id]
        if hits[rule_id] < min_hits:
            changes[rule_id] = RuleChange(
                rule_id,
                category,
                weight,
                weight,
                None,
                hits[rule_id],
                f"kept: fired on {hits[rule_id]} training snapshot(s), fewer than {min_hits}, "
                "too few to learn from",
            )
        else:
            candidates.append(rule_id)
    if not candidates:
        raise TrainingDataError(
            f"model '{train.model_id}': no rule fired on at least {min_hits} training "
            "snapshots, so there is nothing to fit"
        )
    c, cv_auc = choose_regularization(train.units[candidates], converted, cohorts, folds)
    against: dict[str, float] = {}
    weak: dict[str, tuple[float, float]] = {}
    while True:
        coefficients, intercept, z_scores = _fit(train.units[candidates], converted, c)
        wrong = [
            (rule_id, coefficient)
            for rule_id, coefficient in zip(candidates, coefficients, strict=True)
            if coefficient != 0 and not _sign_agrees(current.categories[rule_id], coefficient)
        ]
        if wrong:
            for rule_id, coefficient in wrong:
                against[rule_id] = float(coefficient)
                candidates.remove(rule_id)
        else:
            # Backward elimination, one rule at a time: correlated rules share their evidence,
            # so dropping all weak ones at once could drop both of a pair that matters.
            weakest = int(np.argmin(np.abs(z_scores)))
            if abs(z_scores[weakest]) >= min_z or len(candidates) == 1:
                break
            rule_id = candidates.pop(weakest)
            weak[rule_id] = (float(coefficients[weakest]), float(z_scores[weakest]))
        if not candidates:
            raise TrainingDataError(
                f"model '{train.model_id}': no rule keeps a measurable weight on the training "
                "cohorts"
            )
    fitted = dict(zip(candidates, (float(c) for c in coefficients), strict=True))
    evidence = dict(zip(candidates, (abs(float(z)) for z in z_scores), strict=True))
    scale = _scale(train.units, fitted, current)
    proposed_weights = dict(current.weights)
    for rule_id, coefficient in fitted.items():
        category = current.categories[rule_id]
        points = _rounded_points(scale * coefficient, rule_id in current.lookup_rules)
        if category == "negative":
            # One rule cannot take away more than the model's floor allows all of them together.
            points = max(points, current.negative_floor)
        proposed_weights[rule_id] = points
        if points == 0:
            reason = (
                "inactive: no measurable weight once the other rules are counted "
                f"(coefficient {coefficient:+.3f} per unit)"
            )
        else:
            reason = (
                f"refitted: coefficient {coefficient:+.3f} per unit, "
                f"{evidence[rule_id]:.1f} standard errors from zero"
            )
        changes[rule_id] = RuleChange(
            rule_id, category, current.weights[rule_id], points, coefficient, hits[rule_id], reason
        )
    for rule_id, coefficient in against.items():
        category = current.categories[rule_id]
        direction = "lowers" if coefficient < 0 else "raises"
        proposed_weights[rule_id] = 0.0
        changes[rule_id] = RuleChange(
            rule_id,
            category,
            current.weights[rule_id],
            0.0,
            coefficient,
            hits[rule_id],
            f"inactive: works against its points (a {category} rule, but it {direction} "
            f"conversion once the other rules are counted; coefficient {coefficient:+.3f})",
        )
    for rule_id, (coefficient, z_score) in weak.items():
        proposed_weights[rule_id] = 0.0
        changes[rule_id] = RuleChange(
            rule_id,
            current.categories[rule_id],
            current.weights[rule_id],
            0.0,
            coefficient,
            hits[rule_id],
            "inactive: no measurable weight once the other rules are counted (coefficient "
            f"{coefficient:+.3f}, {abs(z_score):.1f} standard errors from zero, under {min_z:g})",
        )
    return FittedPoints(
        proposed=current.with_weights(proposed_weights),
        changes=[changes[rule_id] for rule_id in current.weights],
        intercept=intercept,
        scale=scale,
        regularization={"C": c},
        cross_validated_auc=cv_auc,
        training_snapshots=len(converted),
        training_conversions=int(converted.sum()),
    )


def _scale(units: pd.DataFrame, coefficients: dict[str, float], current: RulePoints) -> float:
    """Points per unit of log-odds: the largest that keeps capped categories within their caps
    for all but about 1% of the training snapshots."""
    caps = {"fit": current.fit_cap, "engagement": current.engagement_cap}
    scales = []
    for category in POSITIVE_CAPPED:
        log_odds = np.zeros(len(units))
        for rule_id, coefficient in coefficients.items():
            if current.categories[rule_id] == category and coefficient > 0:
                log_odds += coefficient * units[rule_id].to_numpy(dtype=float)
        high = float(np.quantile(log_odds, CAP_QUANTILE)) if len(log_odds) else 0.0
        if high > 0 and caps[category] > 0:
            scales.append(caps[category] / high)
    if not scales:
        # No capped category learnt anything: keep the strongest rule at the engagement cap.
        strongest = max((abs(c) for c in coefficients.values()), default=0.0)
        cap = current.engagement_cap or current.fit_cap or 100.0
        return cap / strongest if strongest > 0 else 1.0
    return min(scales)


def _rounded_points(points: float, is_lookup: bool) -> float:
    """Whole points (a lookup rule's weight is a factor on its values' points: two decimals)."""
    return round(points, 2) if is_lookup else float(round(points))

"""`leadscore calibrate`: propose rule points, thresholds and grade bands fitted on history.

For each model: read its decided snapshots (history.py), hold out the newest cohorts, fit the
points on the older ones (fit.py), suggest thresholds and grade bands (thresholds.py), score
current and proposed rules on both parts (scoring.py, metrics.py), and write the proposal
folder: the rule seeds with the changes (checked like any rule set), and in review/:
changes.csv, calibration.json and index.html with the comparison. Nothing in seeds/ or the warehouse
changes: adopting a proposal is a reviewed copy of its CSVs into seeds/.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from leadscore import rules
from leadscore.learning.fit import TrainingDataError, fit_rule_points, models_to_fit, time_split
from leadscore.learning.history import SnapshotHistory, read_history
from leadscore.learning.metrics import conversion_by_bucket, ranking_metrics, stage_volume_by_month
from leadscore.learning.page import Comparison, draw_comparison, render_page
from leadscore.learning.proposal import (
    ModelProposal,
    challenger_ids,
    write_changes,
    write_proposal_seeds,
)
from leadscore.learning.scoring import RulePoints
from leadscore.learning.thresholds import (
    quality_targets,
    rescale_grade_bands,
    suggest_thresholds,
)

DEFAULT_VALIDATION_MONTHS = 3
# The proposal folder holds the rule set itself (so `leadscore rules check` and `leadscore
# backtest --rules-dir` take it as it is) and this folder of material to review it by.
REVIEW_FOLDER = "review"
# Fewer conversions than this in the training cohorts and a fit is mostly noise (it is also
# the conversion_sample_size target of seeds/quality_targets.csv).
DEFAULT_MIN_CONVERSIONS = 30


@dataclass
class CalibrationResult:
    output_dir: Path
    comparisons: list[Comparison] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def format(self) -> str:
        lines = [f"Calibration proposal in {self.output_dir}"]
        for comparison in self.comparisons:
            model = comparison.proposal.model_id
            current, proposed = comparison.validation["current"], comparison.validation["proposed"]
            dropped = sum(change.is_dropped for change in comparison.proposal.fitted.changes)
            lines.append(
                f"  {model}: held-out AUC {_text(current.auc)} now, {_text(proposed.auc)} "
                f"proposed; top-decile lift {_text(current.top_bucket_lift)} -> "
                f"{_text(proposed.top_bucket_lift)}; {dropped} rule(s) proposed inactive; "
                f"MQL {comparison.proposal.thresholds['mql']:g}, "
                f"SQL {comparison.proposal.thresholds['sql']:g}"
            )
        for model, reason in self.skipped.items():
            lines.append(f"  {model}: not calibrated: {reason}")
        lines.extend(f"  warning: {warning}" for warning in self.warnings)
        lines.append(
            f"  Review {self.output_dir / REVIEW_FOLDER / 'index.html'}; try it with `leadscore "
            f"backtest --rules-dir {self.output_dir}`; adopt by copying its CSVs to seeds/."
        )
        return "\n".join(lines)


def _text(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _thresholds(report: rules.RuleCheckReport, model_id: str) -> dict[str, float]:
    return {
        str(threshold.stage): float(threshold.min_total_score or 0)
        for threshold in report.thresholds
        if threshold.model_id == model_id
    }


def _fit_scores(points: RulePoints, history: SnapshotHistory) -> np.ndarray:
    return np.minimum(points.category_sums(history.units, "fit"), points.fit_cap)


def _months(history: SnapshotHistory) -> list[str]:
    return [month.strftime("%Y-%m") for month in history.cohorts]


def calibrate_model(
    database: Path,
    report: rules.RuleCheckReport,
    model_id: str,
    *,
    validation_months: int,
    min_conversions: int,
) -> Comparison:
    """Fit one model and compare it with the current rules (raises TrainingDataError)."""
    history = read_history(database, model_id)
    train, validation = time_split(history, validation_months)
    conversions = int(train.snapshots["is_converted"].sum())
    if conversions < min_conversions:
        raise TrainingDataError(
            f"the training cohorts have {conversions} conversion(s) in "
            f"{len(train.snapshots):,} decided snapshots; calibration needs at least "
            f"{min_conversions}"
        )
    current = RulePoints.from_report(report, model_id)
    fitted = fit_rule_points(train, current)
    converted = train.snapshots["is_converted"].to_numpy(dtype=int)
    proposed_train = fitted.proposed.total_scores(train.units)
    targets = quality_targets(report.seeds_dir, model_id)
    thresholds, notes = suggest_thresholds(proposed_train, converted, targets)
    bands = {
        str(band.fit_grade): float(band.min_fit_score or 0)
        for band in report.grade_bands
        if band.model_id == model_id
    }
    grade_bands = rescale_grade_bands(
        _fit_scores(current, train), _fit_scores(fitted.proposed, train), bands
    )
    proposal = ModelProposal(model_id, fitted, thresholds, grade_bands, notes + fitted.notes)
    stage_thresholds = {"current": _thresholds(report, model_id), "proposed": thresholds}
    figures: dict[str, dict] = {"training": {}, "validation": {}, "buckets": {}, "volumes": {}}
    for which, points in (("current", current), ("proposed", fitted.proposed)):
        for part, data in (("training", train), ("validation", validation)):
            scores = points.total_scores(data.units)
            outcome = data.snapshots["is_converted"].to_numpy(dtype=int)
            cohorts = data.snapshots["cohort_month"]
            figures[part][which] = ranking_metrics(
                scores, outcome, cohorts, stage_thresholds[which]
            )
            if part == "validation":
                figures["buckets"][which] = conversion_by_bucket(scores, outcome, cohorts)
                figures["volumes"][which] = stage_volume_by_month(
                    scores, cohorts, stage_thresholds[which]
                )
    return Comparison(
        proposal=proposal,
        training=figures["training"],
        validation=figures["validation"],
        buckets=figures["buckets"],
        volumes=figures["volumes"],
        validation_cohorts=_months(validation),
        training_cohorts=_months(train),
    )


def calibrate(
    database: Path,
    *,
    project_dir: Path,
    output_dir: Path,
    models: list[str] | None = None,
    validation_months: int = DEFAULT_VALIDATION_MONTHS,
    min_conversions: int = DEFAULT_MIN_CONVERSIONS,
    today: datetime.date | None = None,
    challenger_suffix: str | None = None,
) -> CalibrationResult:
    """Calibrate the given (default: every active) model and write the proposal folder; with
    challenger_suffix, each proposal is written beside its model as a challenger of it
    (model_id + suffix) instead of replacing it."""
    today = today or datetime.date.today()
    report = rules.check_rules(project_dir=project_dir)
    report.raise_for_errors()
    chosen = models_to_fit(report, models)
    result = CalibrationResult(output_dir)
    for model_id in chosen:
        try:
            result.comparisons.append(
                calibrate_model(
                    database,
                    report,
                    model_id,
                    validation_months=validation_months,
                    min_conversions=min_conversions,
                )
            )
        except TrainingDataError as error:
            result.skipped[model_id] = str(error)
    if not result.comparisons:
        raise TrainingDataError(
            "no model could be calibrated:\n"
            + "\n".join(f"  {model}: {reason}" for model, reason in result.skipped.items())
        )
    proposals = {
        comparison.proposal.model_id: comparison.proposal for comparison in result.comparisons
    }
    challengers = (
        challenger_ids(
            proposals, challenger_suffix, {str(model.model_id) for model in report.models}
        )
        if challenger_suffix is not None
        else None
    )
    write_proposal_seeds(report.seeds_dir, output_dir, proposals, today, challengers)
    review = output_dir / REVIEW_FOLDER
    review.mkdir(parents=True, exist_ok=True)
    write_changes(review, proposals)
    check = rules.check_rules(output_dir, project_dir=project_dir, today=today)
    check.raise_for_errors()
    result.warnings.extend(str(problem) for problem in check.warnings)
    charts = {
        comparison.proposal.model_id: draw_comparison(
            comparison, review / f"{comparison.proposal.model_id}.png"
        )
        for comparison in result.comparisons
    }
    header = (
        f"Generated {today.isoformat()} from {database.name}. Every figure is on decided "
        "snapshots of mature cohorts (each lead as first scored in a month, its rule hits as "
        "of that day); the held-out cohorts were not used to fit anything. Adopt by copying "
        "the CSVs of this folder into seeds/ (a reviewed change); check it first with "
        "`leadscore rules check --seeds-dir` on this folder."
        + (
            f" The proposals are written as challengers (model_id + '{challenger_suffix}'): "
            "adopted, they are scored in shadow beside the current models and compared with "
            "them in the quality report."
            if challenger_suffix is not None
            else ""
        )
    )
    (review / "index.html").write_text(
        render_page(result.comparisons, charts, header), encoding="utf-8"
    )
    (review / "calibration.json").write_text(
        json.dumps(_summary(result), indent=2, default=str), encoding="utf-8"
    )
    return result


def _summary(result: CalibrationResult) -> dict[str, object]:
    models: dict[str, object] = {}
    for comparison in result.comparisons:
        fitted = comparison.proposal.fitted
        models[comparison.proposal.model_id] = {
            "training_cohorts": comparison.training_cohorts,
            "validation_cohorts": comparison.validation_cohorts,
            "regularization": fitted.regularization,
            "cross_validated_auc": fitted.cross_validated_auc,
            "intercept": fitted.intercept,
            "scale": fitted.scale,
            "thresholds": comparison.proposal.thresholds,
            "grade_bands": comparison.proposal.grade_bands,
            "training": {k: v.as_dict() for k, v in comparison.training.items()},
            "validation": {k: v.as_dict() for k, v in comparison.validation.items()},
        }
    return {"models": models, "skipped": result.skipped}

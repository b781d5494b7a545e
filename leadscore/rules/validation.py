"""Checking the scoring seeds row by row: every value, every condition, every cross-reference.

Every problem of every row is collected (file, row key, column, reason), so `leadscore rules
check` lists them all at once; nothing is raised. Each check costs time linear in the files.
"""

from __future__ import annotations

import csv
import datetime
from pathlib import Path

from leadscore.rules.conditions import CompiledCondition, ConditionError, compile_condition
from leadscore.rules.config import FitGradeBand, ScoreThreshold, ScoringModel, ScoringRule
from leadscore.rules.language import (
    ACTIVITY_MEASURES,
    CATEGORIES,
    DECAY_METHODS,
    POSITIVE_CATEGORIES,
    SUBJECTS,
    RuleLanguage,
)
from leadscore.rules.lookups import LOOKUP_SEED, check_lookup_column, check_lookup_points
from leadscore.rules.report import ERROR, Problem, RuleCheckReport, Severity
from leadscore.rules.seeds import (
    MAX_CHECKSUMMED_BYTES,
    OPTIONAL_SEED_COLUMNS,
    SEED_COLUMNS,
    SEED_FILES,
    Row,
    display_path,
    read_seed_csv,
)
from leadscore.rules.slices import check_quality_slices
from leadscore.rules.smells import Smells
from leadscore.rules.values import RowCheck, as_float

EVENT_ONLY_COLUMNS: tuple[str, ...] = (
    "max_occurrences",
    "repeat_multiplier",
    "rule_cap",
    "decay_days",
    "decay_step_multiplier",
)
#: The longest window an activity rule may look back over (ten years).
MAX_ACTIVITY_WINDOW_DAYS = 3660
#: The explanation row of a model's baseline_points (rules may not take this id).
BASELINE_RULE_ID = "baseline"
#: Engagement weights beyond this would overflow the points columns with ordinary counts.
MAX_WEIGHT = 100


def check_challenger_row(check: RowCheck, row: Row) -> None:
    """A challenger is never assigned leads of its own: it scores its champion's."""
    check.identifier(row, "challenger_of")
    for column in ("assignment_priority", "assignment_condition"):
        if row.get(column) is not None:
            check.add(
                f"{column} must be empty for a challenger: it never owns leads, it scores "
                "its champion's leads in shadow (challenger_of)",
                column,
            )


class SeedValidator:
    """Reads and checks the scoring seeds, in order: models, rules, thresholds, grade bands."""

    def __init__(self, seeds_dir: Path, language: RuleLanguage, today: datetime.date) -> None:
        self.seeds_dir = seeds_dir
        self.language = language
        self.today = today
        self.report = RuleCheckReport(seeds_dir=seeds_dir)

    # -- helpers -------------------------------------------------------------------------

    def path(self, seed: str) -> Path:
        return self.seeds_dir / SEED_FILES[seed]

    def shown(self, seed: str) -> str:
        return display_path(self.path(seed))

    def add(
        self,
        severity: Severity,
        seed: str,
        message: str,
        *,
        row_key: str = "",
        column: str | None = None,
        model_id: str | None = None,
        rule_id: str | None = None,
        line: int | None = None,
    ) -> None:
        self.report.problems.append(
            Problem(
                severity=severity,
                seed_file=self.shown(seed),
                message=message,
                row_key=row_key,
                column=column,
                model_id=model_id,
                rule_id=rule_id,
                line=line,
            )
        )

    def flush(
        self,
        check: RowCheck,
        seed: str,
        row_key: str,
        row: Row,
        model_id: str | None,
        rule_id: str | None = None,
    ) -> None:
        for message, column in check.problems:
            self.add(
                ERROR,
                seed,
                message,
                row_key=row_key,
                column=column,
                model_id=model_id,
                rule_id=rule_id,
                line=row.line,
            )

    def read(self, seed: str) -> list[Row] | None:
        path = self.path(seed)
        if not path.exists():
            self.add(ERROR, seed, "the seed file is missing")
            return None
        try:
            seed_file = read_seed_csv(path)
        except (OSError, UnicodeDecodeError, csv.Error) as error:
            self.add(ERROR, seed, f"could not be read: {error}")
            return None
        for line, message in seed_file.problems:
            self.add(ERROR, seed, message, line=line)
        if path.stat().st_size > MAX_CHECKSUMMED_BYTES:
            self.add(
                ERROR,
                seed,
                f"the file is over {MAX_CHECKSUMMED_BYTES // 1024 // 1024} MiB, beyond which dbt "
                "cannot tell an edited seed from the compiled one",
            )
        missing = [column for column in SEED_COLUMNS[seed] if column not in seed_file.header]
        unknown = [
            column
            for column in seed_file.header
            if column not in SEED_COLUMNS[seed]
            and column not in OPTIONAL_SEED_COLUMNS.get(seed, ())
        ]
        if unknown:
            self.add(ERROR, seed, "unknown column(s) in the header: " + ", ".join(unknown))
        if missing:
            self.add(ERROR, seed, "missing column(s) in the header: " + ", ".join(missing))
        return seed_file.rows

    def compile(self, text: str, subject: str) -> tuple[CompiledCondition | None, str | None]:
        try:
            return compile_condition(text, subject, self.language), None
        except ConditionError as error:
            return None, str(error)

    # -- the seeds, in the dbt-side validator's order ---------------------------------------

    def run(self) -> RuleCheckReport:
        for problem in self.language.declaration_problems:
            # The declarations are dbt vars (dbt_project.yml, a root project or --vars).
            self.report.problems.append(
                Problem(ERROR, "dbt vars", problem.message, row_key=problem.location)
            )
        event_rows = self.read("event_types") or []
        known_event_types = {row.get("event_type") or "" for row in event_rows}
        model_ids = self.check_models()
        self.check_rules(model_ids, known_event_types)
        self.check_thresholds(model_ids)
        self.check_grade_bands(model_ids)
        check_lookup_points(self)
        self.report.slices = check_quality_slices(self)
        self.check_models_have_rules()
        if not self.report.errors:
            Smells(self).run()
        return self.report

    def check_models(self) -> set[str | None]:
        model_ids: set[str | None] = set()
        for row in self.read("scoring_models") or []:
            row_key = f"model '{row.get('model_id') or '?'}'"
            check = RowCheck()
            model_id = check.identifier(row, "model_id")
            if model_id in model_ids:
                check.add("model_id is defined twice", "model_id")
            model_name = check.text(row, "model_name", required=True)
            is_active = check.boolean(row, "is_active")
            challenger_of = row.get("challenger_of")
            if challenger_of is not None:
                check_challenger_row(check, row)
            priority = check.number(
                row, "assignment_priority", integer=True, required=challenger_of is None
            )
            fit_cap = check.number(row, "fit_cap", points=True, minimum_exclusive=0)
            engagement_cap = check.number(row, "engagement_cap", points=True, minimum_exclusive=0)
            negative_floor = check.number(row, "negative_floor", points=True, maximum=0)
            inbound = check.number(row, "inbound_engagement_weight", minimum=0, maximum=MAX_WEIGHT)
            outbound = check.number(
                row, "outbound_engagement_weight", minimum=0, maximum=MAX_WEIGHT
            )
            reviewed = check.date(row, "last_reviewed_on")
            baseline = check.number(row, "baseline_points", required=False, points=True)
            floor_at_zero = check.boolean(row, "floor_at_zero", default=True)
            if baseline and float(baseline) < 0 and floor_at_zero:
                check.add(
                    f"baseline_points below 0 ({baseline}) needs floor_at_zero false: a total "
                    "floored at zero cannot start below it",
                    "baseline_points",
                )
            description = check.text(row, "description")
            compiled, error = None, None
            if challenger_of is None:
                condition = row.get("assignment_condition") or ""
                compiled, error = self.compile(condition, "lead")
            if error:
                check.add(f"assignment_condition: {error}", "assignment_condition")
            self.flush(check, "scoring_models", row_key, row, model_id)
            model_ids.add(model_id)
            self.report.models.append(
                ScoringModel(
                    model_id=model_id,
                    model_name=model_name,
                    is_active=is_active,
                    assignment_priority=int(priority) if priority is not None else None,
                    assignment_condition=row.get("assignment_condition"),
                    compiled_assignment=compiled,
                    fit_cap=as_float(fit_cap),
                    engagement_cap=as_float(engagement_cap),
                    negative_floor=as_float(negative_floor),
                    inbound_engagement_weight=as_float(inbound),
                    outbound_engagement_weight=as_float(outbound),
                    last_reviewed_on=reviewed,
                    description=description,
                    baseline_points=as_float(baseline) or 0.0,
                    floor_at_zero=floor_at_zero,
                    challenger_of=challenger_of,
                    line=row.line,
                )
            )
        self.check_challengers()
        if not any(model.is_active and not model.is_challenger for model in self.report.models):
            self.add(
                ERROR,
                "scoring_models",
                "no active model (set is_active to true on at least one)",
            )
        return model_ids

    def check_challengers(self) -> None:
        """A challenger names an ordinary model of the file, other than itself, as its champion."""
        models = {model.model_id: model for model in self.report.models}
        for model in self.report.models:
            if not model.is_challenger:
                continue
            champion = models.get(model.challenger_of)
            reason = None
            if champion is None:
                reason = f"names '{model.challenger_of}', which is not a model of this file"
            elif champion is model:
                reason = "names the model itself"
            elif champion.is_challenger:
                reason = (
                    f"names '{champion.model_id}', itself a challenger (of "
                    f"'{champion.challenger_of}'): shadow the champion directly"
                )
            elif model.is_active and not champion.is_active:
                reason = (
                    f"names '{champion.model_id}', which is inactive: an active challenger "
                    "needs an active champion, whose leads it scores"
                )
            if reason:
                self.add(
                    ERROR,
                    "scoring_models",
                    f"challenger_of {reason}",
                    row_key=f"model '{model.model_id}'",
                    column="challenger_of",
                    model_id=model.model_id,
                    line=model.line,
                )

    def check_rules(self, model_ids: set[str | None], known_event_types: set[str]) -> None:
        rule_keys: set[str] = set()
        for row in self.read("scoring_rules") or []:
            row_key = f"rule '{row.get('rule_id') or '?'}' (model '{row.get('model_id') or '?'}')"
            check = RowCheck()
            model_id = check.model_id(row, model_ids)
            rule_id = check.identifier(row, "rule_id")
            if f"{model_id}|{rule_id}" in rule_keys:
                check.add("rule_id is defined twice in this model", "rule_id")
            if rule_id == BASELINE_RULE_ID:
                check.add(
                    "rule_id 'baseline' is reserved for the model's baseline_points row in the "
                    "explanations",
                    "rule_id",
                )
            category = check.choice(row, "category", CATEGORIES)
            subject = check.choice(row, "subject", SUBJECTS)
            is_event = subject == "event"
            if category == "engagement" and subject and not is_event:
                check.add(
                    "engagement rules score behaviour, so subject must be 'event', not "
                    f"'{subject}'",
                    "subject",
                )
            elif category in ("fit", "profile") and is_event:
                what = (
                    "who the lead is"
                    if category == "fit"
                    else "how the lead came (source, channel, landing page)"
                )
                check.add(
                    f"{category} rules describe {what}, so subject must be 'lead' or "
                    "'account', not 'event'",
                    "subject",
                )

            event_type = (row.get("event_type") or "").strip().lower()
            if is_event and event_type == "":
                check.add("event rules need an event_type", "event_type")
            elif is_event and event_type not in known_event_types:
                check.add(
                    f"unknown event_type '{row.get('event_type')}' (known: "
                    + ", ".join(sorted(known_event_types))
                    + ")",
                    "event_type",
                )
            elif not is_event and event_type != "":
                check.add("event_type is only for subject 'event'", "event_type")

            lookup_column = (row.get("lookup_column") or "").strip().lower() or None
            condition = (row.get("condition") or "").strip()
            compiled: CompiledCondition | None = None
            if condition == "" and subject and not is_event and lookup_column is None:
                check.add(f"{subject} rules need a condition", "condition")
            elif condition != "" and subject:
                compiled, error = self.compile(condition, subject)
                if error:
                    check.add(f"condition: {error}", "condition")

            if lookup_column is not None:
                check_lookup_column(self, check, lookup_column, subject)
                if (row.get("points") or "").strip():
                    check.add(
                        f"points must be empty on a lookup rule (they come from seeds/"
                        f"{LOOKUP_SEED}.csv)",
                        "points",
                    )
            points = check.number(row, "points", points=True, required=lookup_column is None)
            if points and category == "negative" and float(points) >= 0:
                check.add(f"negative rules need points below zero, got {points}", "points")
            elif points and category in POSITIVE_CATEGORIES and float(points) <= 0:
                check.add(
                    f"{category} rules need points above zero, got {points} (use category "
                    "'negative' to subtract)",
                    "points",
                )

            if not is_event:
                for column in EVENT_ONLY_COLUMNS:
                    if (row.get(column) or "").strip() != "":
                        check.add(
                            f"{column} only applies to subject 'event' (a {subject or '?'} "
                            "rule fires once)",
                            column,
                        )
            max_occurrences = check.number(
                row, "max_occurrences", required=False, integer=True, minimum=1
            )
            repeat_multiplier = check.number(
                row, "repeat_multiplier", required=False, minimum_exclusive=0, maximum=1
            )
            rule_cap = check.number(row, "rule_cap", required=False, points=True)
            if rule_cap and points and float(rule_cap) * float(points) <= 0:
                check.add(f"rule_cap must have the same sign as points, got {rule_cap}", "rule_cap")

            decay_method = (row.get("decay_method") or "none").strip().lower()
            if decay_method not in DECAY_METHODS:
                check.add(
                    f"unknown decay_method '{row.get('decay_method')}' (known: "
                    + ", ".join(DECAY_METHODS)
                    + ")",
                    "decay_method",
                )
            elif decay_method != "none" and not is_event:
                check.add("decay_method only applies to subject 'event'", "decay_method")
            decay_days = check.number(
                row,
                "decay_days",
                required=decay_method in ("exponential", "linear", "step", "window"),
                minimum_exclusive=0,
            )
            if decay_method == "none" and decay_days:
                check.add("decay_days is set but decay_method is 'none'", "decay_days")
            step_multiplier = check.number(
                row,
                "decay_step_multiplier",
                required=decay_method == "step",
                minimum=0,
                maximum_exclusive=1,
            )
            if decay_method != "step" and step_multiplier:
                check.add(
                    "decay_step_multiplier only applies to decay_method 'step'",
                    "decay_step_multiplier",
                )
            activity = self.check_activity(row, check, category, is_event)
            is_active = check.boolean(row, "is_active")
            description = check.text(row, "description")

            self.flush(check, "scoring_rules", row_key, row, model_id, rule_id)
            rule_keys.add(f"{model_id}|{rule_id}")
            self.report.rules.append(
                ScoringRule(
                    model_id=model_id,
                    rule_id=rule_id,
                    category=category,
                    subject=subject,
                    event_type=event_type if is_event else None,
                    condition=condition or None,
                    compiled=compiled,
                    points=as_float(points),
                    max_occurrences=int(max_occurrences) if max_occurrences else None,
                    repeat_multiplier=float(repeat_multiplier) if repeat_multiplier else 1.0,
                    rule_cap=as_float(rule_cap),
                    decay_method=decay_method,
                    decay_days=as_float(decay_days),
                    decay_step_multiplier=as_float(step_multiplier),
                    is_active=is_active,
                    description=description,
                    line=row.line,
                    lookup_column=lookup_column,
                    activity_measure=activity[0],
                    activity_window_days=activity[1],
                    activity_threshold=activity[2],
                )
            )

    @staticmethod
    def check_activity(
        row: Row, check: RowCheck, category: str | None, is_event: bool
    ) -> tuple[str | None, int | None, float | None]:
        """An activity rule's measure, window and threshold (all None for other rules)."""
        measure = (row.get("activity_measure") or "").strip().lower() or None
        if measure is None:
            for column in ("activity_window_days", "activity_threshold"):
                if (row.get(column) or "").strip():
                    check.add(f"{column} is set but activity_measure is empty", column)
            return None, None, None
        if measure not in ACTIVITY_MEASURES:
            check.add(
                f"unknown activity_measure '{row.get('activity_measure')}' (known: "
                + ", ".join(ACTIVITY_MEASURES)
                + ")",
                "activity_measure",
            )
        if not is_event:
            check.add("activity rules count events, so subject must be 'event'", "subject")
        if category not in ("engagement", "negative"):
            check.add(
                f"activity rules are engagement or negative rules, not {category or '?'}",
                "category",
            )
        for column in ("max_occurrences", "repeat_multiplier", "rule_cap"):
            if (row.get(column) or "").strip():
                check.add(f"{column} does not apply to an activity rule (it fires once)", column)
        window = check.number(
            row, "activity_window_days", integer=True, minimum=1, maximum=MAX_ACTIVITY_WINDOW_DAYS
        )
        threshold = check.number(row, "activity_threshold", minimum_exclusive=0)
        return (
            measure if measure in ACTIVITY_MEASURES else None,
            int(window) if window else None,
            as_float(threshold),
        )

    def check_thresholds(self, model_ids: set[str | None]) -> None:
        keys: set[str] = set()
        for row in self.read("score_thresholds") or []:
            row_key = f"stage '{row.get('stage') or '?'}' (model '{row.get('model_id') or '?'}')"
            check = RowCheck()
            model_id = check.model_id(row, model_ids)
            stage = check.identifier(row, "stage")
            if stage == "none":
                check.add("stage 'none' is reserved for leads below every threshold", "stage")
            if f"{model_id}|{stage}" in keys:
                check.add("stage is defined twice for this model", "stage")
            keys.add(f"{model_id}|{stage}")
            minimum = check.number(row, "min_total_score", points=True, minimum_exclusive=0)
            description = check.text(row, "description")
            self.flush(check, "score_thresholds", row_key, row, model_id)
            self.report.thresholds.append(
                ScoreThreshold(model_id, stage, as_float(minimum), description, row.line)
            )

    def check_grade_bands(self, model_ids: set[str | None]) -> None:
        keys: set[str] = set()
        for row in self.read("fit_grade_bands") or []:
            row_key = (
                f"grade '{row.get('fit_grade') or '?'}' (model '{row.get('model_id') or '?'}')"
            )
            check = RowCheck()
            model_id = check.model_id(row, model_ids)
            fit_grade = check.text(row, "fit_grade", required=True)
            if f"{model_id}|{fit_grade}" in keys:
                check.add("grade is defined twice for this model", "fit_grade")
            keys.add(f"{model_id}|{fit_grade}")
            minimum = check.number(row, "min_fit_score", points=True, minimum=0)
            self.flush(check, "fit_grade_bands", row_key, row, model_id)
            self.report.grade_bands.append(
                FitGradeBand(model_id, fit_grade, as_float(minimum), row.line)
            )
        zero_banded = {band.model_id for band in self.report.grade_bands if band.min_fit_score == 0}
        for model in self.report.models:
            if not model.is_active:
                continue
            if model.model_id not in zero_banded:
                self.add(
                    ERROR,
                    "fit_grade_bands",
                    f"model '{model.model_id}' needs a grade with min_fit_score 0 so every lead "
                    "gets a grade",
                    model_id=model.model_id,
                )

    def check_models_have_rules(self) -> None:
        """An active model with no active rule would publish a score of 0 for every lead."""
        with_rules = {rule.model_id for rule in self.report.rules if rule.is_active}
        for model in self.report.models:
            if model.is_active and model.model_id and model.model_id not in with_rules:
                self.add(
                    ERROR,
                    "scoring_rules",
                    f"model '{model.model_id}' is active but has no active rules, so every lead "
                    "would score 0 under it (add rules, or set is_active to false on the model)",
                    model_id=model.model_id,
                )

"""Smells: rule seeds that are valid but probably not what marketing ops meant.

Too many rules in a model, no negative rules, duplicate or shadowed rules, a scale the rules
cannot reach or one rule reaches alone, thresholds and grades out of order, a stale review date,
a model no lead is ever assigned to. Warnings only: they never stop a build.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from typing import TYPE_CHECKING

from sqlglot import exp

from leadscore.rules.config import ScoringModel, ScoringRule
from leadscore.rules.lookups import lookup_maxima
from leadscore.rules.report import WARNING
from leadscore.rules.values import fmt

if TYPE_CHECKING:
    from leadscore.rules.validation import SeedValidator

#: Smell thresholds.
MAX_RULES_PER_MODEL = 40
REVIEW_MAX_AGE_DAYS = 180
STAGE_ORDER: tuple[str, ...] = ("mql", "sql")


def rule_max_points(
    rule: ScoringRule,
    model: ScoringModel,
    lookup_points: Mapping[tuple[str | None, str | None], float] | None = None,
) -> float:
    """The most a rule can add for one lead (absolute value; inf when unbounded).

    Lead and account rules fire once. Event rules add points * repeat_multiplier^(k-1) for the
    k-th most recent event up to max_occurrences, at most rule_cap, times the model's largest
    direction weight for engagement; decay only ever lowers this.
    """
    if rule.lookup_column is not None:
        return (lookup_points or {}).get((rule.model_id, rule.rule_id), 0.0)
    points = abs(rule.points or 0.0)
    if rule.subject != "event":
        return points
    weight = 1.0
    if rule.category == "engagement":
        weight = max(
            1.0,
            model.inbound_engagement_weight or 0.0,
            model.outbound_engagement_weight or 0.0,
        )
    if rule.activity_measure is not None:
        return points * weight  # an activity rule fires once
    ratio = rule.repeat_multiplier
    if rule.max_occurrences is not None:
        # The geometric sum in closed form: a max_occurrences of two billion costs nothing.
        count = rule.max_occurrences
        repeats = float(count) if ratio == 1 else (1 - ratio**count) / (1 - ratio)
    elif ratio < 1:
        repeats = 1 / (1 - ratio)
    else:
        repeats = math.inf
    total = points * repeats * weight
    if rule.rule_cap is not None:
        total = min(total, abs(rule.rule_cap))
    return total


def _value_set(rule: ScoringRule) -> tuple[str, frozenset[str]] | None:
    """(column, values) when a lead or account rule fires only for some values of one column
    (`col = 'x'` or `col in ('x', 'y')`), else None."""
    if rule.subject == "event" or rule.compiled is None or rule.lookup_column is not None:
        return None
    node = rule.compiled.expression.unnest()
    if isinstance(node, exp.EQ):
        column, literal = node.this, node.expression
        if isinstance(literal, exp.Column):
            column, literal = literal, column
        items = [literal]
    elif isinstance(node, exp.In):
        column, items = node.this, node.expressions
    else:
        return None
    if not isinstance(column, exp.Column) or not all(isinstance(i, exp.Literal) for i in items):
        return None
    return column.name, frozenset(item.sql() for item in items)


def reachable_points(
    rules: list[ScoringRule],
    model: ScoringModel,
    lookup_points: Mapping[tuple[str | None, str | None], float] | None = None,
) -> float:
    """The most a set of rules can add together for one lead.

    Rules that test one column for disjoint values (`lead_source = 'webinar'` and `lead_source
    in ('referral', 'partner')`) can never fire together, so such a group counts its best rule,
    not its sum; every other rule counts in full.
    """
    total = 0.0
    by_column: dict[str, list[tuple[frozenset[str], float]]] = {}
    for rule in rules:
        value_set = _value_set(rule)
        if value_set is None:
            total += rule_max_points(rule, model, lookup_points)
        else:
            by_column.setdefault(value_set[0], []).append(
                (value_set[1], rule_max_points(rule, model, lookup_points))
            )
    for group in by_column.values():
        seen: set[str] = set()
        disjoint = True
        for values, _ in group:
            disjoint = disjoint and not (values & seen)
            seen |= values
        points = [points for _, points in group]
        total += max(points) if disjoint else sum(points)
    return total


class Smells:
    """Warnings: valid seeds that are probably not what marketing ops meant."""

    def __init__(self, checker: SeedValidator) -> None:
        self.checker = checker
        self.report = checker.report
        self.lookup_points = lookup_maxima(checker.report.lookups)

    def warn(
        self,
        seed: str,
        message: str,
        *,
        row_key: str = "",
        model_id: str | None = None,
        rule_id: str | None = None,
        line: int | None = None,
        column: str | None = None,
    ) -> None:
        self.checker.add(
            WARNING,
            seed,
            message,
            row_key=row_key,
            model_id=model_id,
            rule_id=rule_id,
            line=line,
            column=column,
        )

    def run(self) -> None:
        active_models = [model for model in self.report.models if model.is_active]
        for model in active_models:
            rules = [
                rule
                for rule in self.report.rules
                if rule.model_id == model.model_id and rule.is_active
            ]
            self.rule_count(model, rules)
            self.duplicates(rules)
            self.scale(model, rules)
            self.thresholds(model)
            self.grades(model)
            self.review_date(model)
        self.assignment([model for model in active_models if not model.is_challenger])

    def rule_count(self, model: ScoringModel, rules: list[ScoringRule]) -> None:
        row_key = f"model '{model.model_id}'"
        if len(rules) > MAX_RULES_PER_MODEL:
            self.warn(
                "scoring_rules",
                f"{len(rules)} active rules in one model (more than {MAX_RULES_PER_MODEL}): "
                "hard to explain and to maintain; merge or retire some",
                row_key=row_key,
                model_id=model.model_id,
            )
        if not any(rule.category == "negative" for rule in rules):
            self.warn(
                "scoring_rules",
                "no active negative rules: nothing lowers the score of students, competitors, "
                "job seekers or unsubscribed leads",
                row_key=row_key,
                model_id=model.model_id,
            )

    def duplicates(self, rules: list[ScoringRule]) -> None:
        seen: dict[tuple[object, ...], ScoringRule] = {}
        for rule in rules:
            condition = rule.compiled.canonical if rule.compiled else ""
            # An activity rule on the same events fires on a threshold, not per event, and lookup
            # rules on different columns give different points: other rules.
            activity = (rule.activity_measure, rule.activity_window_days, rule.activity_threshold)
            key = (rule.subject, rule.event_type, condition, activity, rule.lookup_column)
            first = seen.get(key)
            if first is None:
                seen[key] = rule
                continue
            what = f"subject {rule.subject}" + (
                f", event_type {rule.event_type}" if rule.event_type else ""
            )
            what += f", condition {rule.condition!r}" if rule.condition else ", no condition"
            if first.category == rule.category:
                message = (
                    f"duplicates rule '{first.rule_id}' ({what}): a lead meeting it is counted "
                    "twice"
                )
            else:
                message = (
                    f"is shadowed by rule '{first.rule_id}' ({what}), a {first.category} rule: "
                    "both always fire together, so their points just net out"
                )
            self.warn(
                "scoring_rules",
                message,
                row_key=rule.key,
                model_id=rule.model_id,
                rule_id=rule.rule_id,
                line=rule.line,
            )

    def scale(self, model: ScoringModel, rules: list[ScoringRule]) -> None:
        row_key = f"model '{model.model_id}'"
        caps = {"fit": model.fit_cap or 0.0, "engagement": model.engagement_cap or 0.0}
        reachable: dict[str, float] = {}
        for category, cap in caps.items():
            total = reachable_points(
                [rule for rule in rules if rule.category == category], model, self.lookup_points
            )
            reachable[category] = min(cap, total)
            if total < cap:
                self.warn(
                    "scoring_rules",
                    f"{category} rules add up to at most {_points(total)} points, below the "
                    f"model's {category}_cap of {_points(cap)}: the top of the scale is "
                    "unreachable",
                    row_key=row_key,
                    model_id=model.model_id,
                )
        baseline = max(model.baseline_points, 0.0)
        best = (
            reachable["fit"]
            + reachable["engagement"]
            + reachable_points(
                [rule for rule in rules if rule.category == "profile"], model, self.lookup_points
            )
            + baseline
        )
        thresholds = [
            threshold
            for threshold in self.report.thresholds
            if threshold.model_id == model.model_id and threshold.min_total_score is not None
        ]
        if not thresholds:
            return
        highest = max(thresholds, key=lambda threshold: threshold.min_total_score or 0.0)
        lowest = min(thresholds, key=lambda threshold: threshold.min_total_score or 0.0)
        if (highest.min_total_score or 0.0) > best:
            self.warn(
                "score_thresholds",
                f"threshold '{highest.stage}' ({_points(highest.min_total_score or 0.0)}) is "
                f"unreachable: the model's rules can score at most {_points(best)}",
                row_key=f"stage '{highest.stage}' (model '{model.model_id}')",
                model_id=model.model_id,
                line=highest.line,
            )
        if baseline >= (lowest.min_total_score or 0.0):
            self.warn(
                "scoring_models",
                f"baseline_points ({_points(baseline)}) reach '{lowest.stage}' "
                f"({_points(lowest.min_total_score or 0.0)}) with no rule at all: every lead "
                "starts in that stage",
                row_key=row_key,
                model_id=model.model_id,
                line=model.line,
            )
            return
        for rule in rules:
            if rule.category not in (*caps, "profile"):
                continue
            alone = rule_max_points(rule, model, self.lookup_points)
            if rule.category in caps:
                alone = min(alone, caps[rule.category])
            alone += baseline
            if alone >= (lowest.min_total_score or 0.0):
                self.warn(
                    "scoring_rules",
                    f"this rule alone gives up to {_points(alone)} points, enough for "
                    f"'{lowest.stage}' ({_points(lowest.min_total_score or 0.0)}) by itself: "
                    "the threshold is trivially reached",
                    row_key=rule.key,
                    model_id=rule.model_id,
                    rule_id=rule.rule_id,
                    line=rule.line,
                )

    def thresholds(self, model: ScoringModel) -> None:
        mine = {
            threshold.stage: threshold
            for threshold in self.report.thresholds
            if threshold.model_id == model.model_id
        }
        if not mine:
            self.warn(
                "score_thresholds",
                f"model '{model.model_id}' has no thresholds: every lead's stage is 'none'",
                model_id=model.model_id,
            )
            return
        ordered = [mine[stage] for stage in STAGE_ORDER if stage in mine]
        for lower, higher in itertools.pairwise(ordered):
            if (higher.min_total_score or 0.0) <= (lower.min_total_score or 0.0):
                self.warn(
                    "score_thresholds",
                    f"thresholds out of order: '{higher.stage}' "
                    f"({_points(higher.min_total_score or 0.0)}) must be above "
                    f"'{lower.stage}' ({_points(lower.min_total_score or 0.0)})",
                    row_key=f"stage '{higher.stage}' (model '{model.model_id}')",
                    model_id=model.model_id,
                    line=higher.line,
                )

    def grades(self, model: ScoringModel) -> None:
        bands = sorted(
            (
                band
                for band in self.report.grade_bands
                if band.model_id == model.model_id and band.min_fit_score is not None
            ),
            key=lambda band: band.fit_grade or "",
        )
        for better, worse in itertools.pairwise(bands):
            if (better.min_fit_score or 0.0) <= (worse.min_fit_score or 0.0):
                self.warn(
                    "fit_grade_bands",
                    f"grades out of order: '{better.fit_grade}' needs "
                    f"{_points(better.min_fit_score or 0.0)} fit points, not more than "
                    f"'{worse.fit_grade}' ({_points(worse.min_fit_score or 0.0)})",
                    row_key=f"grade '{better.fit_grade}' (model '{model.model_id}')",
                    model_id=model.model_id,
                    line=better.line,
                )
        for band in bands:
            if model.fit_cap is not None and (band.min_fit_score or 0.0) > model.fit_cap:
                self.warn(
                    "fit_grade_bands",
                    f"grade '{band.fit_grade}' needs {_points(band.min_fit_score or 0.0)} fit "
                    f"points but the model's fit_cap is {_points(model.fit_cap)}: unreachable",
                    row_key=f"grade '{band.fit_grade}' (model '{model.model_id}')",
                    model_id=model.model_id,
                    line=band.line,
                )

    def review_date(self, model: ScoringModel) -> None:
        if model.last_reviewed_on is None:
            return
        age = (self.checker.today - model.last_reviewed_on).days
        if age > REVIEW_MAX_AGE_DAYS:
            self.warn(
                "scoring_models",
                f"last reviewed {age} days ago ({model.last_reviewed_on.isoformat()}): review "
                f"scoring models at least every {REVIEW_MAX_AGE_DAYS} days",
                row_key=f"model '{model.model_id}'",
                model_id=model.model_id,
                line=model.line,
                column="last_reviewed_on",
            )

    def assignment(self, models: list[ScoringModel]) -> None:
        ranked = sorted(
            models, key=lambda model: (model.assignment_priority or 0, model.model_id or "")
        )
        # One pass in priority order: the first model seen at each priority, and the first
        # catch-all ('true') at a priority above the current one.
        first_at_priority: dict[int | None, ScoringModel] = {}
        catch_all: ScoringModel | None = None
        pending_catch_all: ScoringModel | None = None
        for model in ranked:
            row_key = f"model '{model.model_id}'"
            earlier = first_at_priority.get(model.assignment_priority)
            if earlier is not None:
                self.warn(
                    "scoring_models",
                    f"same assignment_priority ({model.assignment_priority}) as model "
                    f"'{earlier.model_id}': leads matching both go to the first by model_id",
                    row_key=row_key,
                    model_id=model.model_id,
                    line=model.line,
                )
            else:
                first_at_priority[model.assignment_priority] = model
                # Catch-alls at a lower priority number than this one now take effect.
                if catch_all is None and pending_catch_all is not None:
                    catch_all = pending_catch_all
            if catch_all is not None:
                self.warn(
                    "scoring_models",
                    f"no lead is ever assigned to this model: model '{catch_all.model_id}' "
                    f"(assignment_priority {catch_all.assignment_priority}) takes every lead "
                    "first; give this model a lower assignment_priority",
                    row_key=row_key,
                    model_id=model.model_id,
                    line=model.line,
                )
            if (
                pending_catch_all is None
                and model.compiled_assignment is not None
                and model.compiled_assignment.canonical == "true"
            ):
                pending_catch_all = model


def _points(value: float) -> str:
    if math.isinf(value):
        return "unlimited"
    return fmt(round(value, 2))

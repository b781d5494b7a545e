"""The scoring configuration as the checker read it from the seeds: typed, conditions compiled."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from leadscore.rules.conditions import CompiledCondition


@dataclass
class ScoringModel:
    model_id: str | None
    model_name: str | None
    is_active: bool
    assignment_priority: int | None
    assignment_condition: str | None
    compiled_assignment: CompiledCondition | None
    fit_cap: float | None
    engagement_cap: float | None
    negative_floor: float | None
    inbound_engagement_weight: float | None
    outbound_engagement_weight: float | None
    last_reviewed_on: datetime.date | None
    description: str | None
    line: int
    #: Points every lead starts with (an intercept), and whether totals stop at zero.
    baseline_points: float = 0.0
    floor_at_zero: bool = True
    #: The champion model this one shadows (a challenger scores the champion's leads and is never
    #: anyone's primary model), or None for an ordinary model.
    challenger_of: str | None = None

    @property
    def is_challenger(self) -> bool:
        return self.challenger_of is not None


@dataclass
class ScoringRule:
    model_id: str | None
    rule_id: str | None
    category: str | None
    subject: str | None
    event_type: str | None
    condition: str | None
    compiled: CompiledCondition | None
    points: float | None
    max_occurrences: int | None
    repeat_multiplier: float
    rule_cap: float | None
    decay_method: str
    decay_days: float | None
    decay_step_multiplier: float | None
    is_active: bool
    description: str | None
    line: int
    #: Activity rules (behaviour thresholds): fire once when the measure of the lead's matching
    #: events within the window reaches the threshold; None for ordinary rules.
    activity_measure: str | None = None
    activity_window_days: int | None = None
    activity_threshold: float | None = None
    #: Lookup rules: the text column whose value's points come from scoring_lookup_points.csv.
    lookup_column: str | None = None

    @property
    def key(self) -> str:
        return f"rule '{self.rule_id or '?'}' (model '{self.model_id or '?'}')"


@dataclass
class ScoreThreshold:
    model_id: str | None
    stage: str | None
    min_total_score: float | None
    description: str | None
    line: int


@dataclass
class LookupPoints:
    """One row of seeds/scoring_lookup_points.csv: a lookup rule's points for one value."""

    model_id: str | None
    rule_id: str | None
    value: str | None
    points: float | None
    line: int


@dataclass
class FitGradeBand:
    model_id: str | None
    fit_grade: str | None
    min_fit_score: float | None
    line: int


@dataclass
class QualitySlice:
    """A named set of leads and cohort months the quality marts are also computed for."""

    slice_id: str | None
    condition: str | None
    compiled: CompiledCondition | None
    first_cohort_month: datetime.date | None
    last_cohort_month: datetime.date | None
    description: str | None
    line: int

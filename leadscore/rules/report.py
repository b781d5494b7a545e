"""What a check of the rule seeds found: problems (errors and warnings) and the verdict."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from leadscore.rules.config import (
    FitGradeBand,
    LookupPoints,
    QualitySlice,
    ScoreThreshold,
    ScoringModel,
    ScoringRule,
)

Severity = Literal["error", "warning"]
ERROR: Severity = "error"
WARNING: Severity = "warning"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with (error) or suspicious about (warning) the rule seeds."""

    severity: Severity
    seed_file: str
    message: str
    row_key: str = ""
    column: str | None = None
    model_id: str | None = None
    rule_id: str | None = None
    line: int | None = None

    @property
    def location(self) -> str:
        """`seeds/scoring_rules.csv: rule 'x' (model 'm')`."""
        return f"{self.seed_file}: {self.row_key}" if self.row_key else self.seed_file

    def __str__(self) -> str:
        return f"{self.severity.upper()} {self.location}: {self.message}"


class RulesError(RuntimeError):
    """The rule seeds have errors; raised by `RuleCheckReport.raise_for_errors`."""

    def __init__(self, report: RuleCheckReport) -> None:
        self.report = report
        super().__init__(
            f"the scoring seeds have {len(report.errors)} error(s); nothing was run:\n"
            + "\n".join(f"  {problem}" for problem in report.errors)
        )


@dataclass
class RuleCheckReport:
    """Everything `leadscore rules check` found, and the seeds as it read them."""

    seeds_dir: Path
    problems: list[Problem] = field(default_factory=list)
    models: list[ScoringModel] = field(default_factory=list)
    rules: list[ScoringRule] = field(default_factory=list)
    thresholds: list[ScoreThreshold] = field(default_factory=list)
    grade_bands: list[FitGradeBand] = field(default_factory=list)
    lookups: list[LookupPoints] = field(default_factory=list)
    slices: list[QualitySlice] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.severity == WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors

    def verdict(self) -> str:
        active_models = [model for model in self.models if model.is_active]
        challengers = sum(1 for model in active_models if model.is_challenger)
        of_which = f" of which {challengers} challenger(s)" if challengers else ""
        active_rules = sum(1 for rule in self.rules if rule.is_active)
        scope = f"{len(active_models)} active model(s){of_which}, {active_rules} active rule(s)"
        if self.errors:
            return (
                f"rules check: FAILED with {len(self.errors)} error(s) and "
                f"{len(self.warnings)} warning(s) ({scope}); fix the errors before scoring"
            )
        if self.warnings:
            return f"rules check: OK with {len(self.warnings)} warning(s) ({scope})"
        return f"rules check: OK ({scope})"

    def format(self) -> str:
        return "\n".join([*(str(problem) for problem in self.problems), self.verdict()])

    def raise_for_errors(self) -> None:
        if self.errors:
            raise RulesError(self)

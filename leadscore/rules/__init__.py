"""The rule compiler: the only place that reads, checks and compiles the scoring seeds.

Marketing ops edit the scoring seeds (seeds/scoring_models.csv, scoring_rules.csv,
score_thresholds.csv, fit_grade_bands.csv, event_types.csv). This package

* reads them strictly (seeds.py) and checks every value and cross-reference (validation.py,
  values.py), with the allow-list of the rule language from the dbt vars (language.py);
* parses every condition with sqlglot, checks it against the language and rebuilds it as SQL
  for every dialect (conditions.py);
* warns on the smells the lead-scoring literature names (smells.py);
* writes the checked configuration as the dbt macro the models read (codegen.py), so plain
  `dbt build` never sees an unchecked rule: dbt refuses to score when the seeds changed since.

`leadscore rules check` and `leadscore rules compile` are the commands; `leadscore build`, `make
build` and the Dagster jobs compile before dbt runs.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from leadscore.paths import PROJECT_ROOT
from leadscore.rules.codegen import (
    COMPILED_MACRO,
    CompileResult,
    compiled_macro_is_current,
    write_compiled_macro,
)
from leadscore.rules.conditions import CompiledCondition, ConditionError, compile_condition
from leadscore.rules.config import FitGradeBand, ScoreThreshold, ScoringModel, ScoringRule
from leadscore.rules.language import (
    CATEGORIES,
    DECAY_METHODS,
    DIALECTS,
    MAX_NESTING,
    RELATION_ALIAS,
    SUBJECTS,
    FunctionSpec,
    RuleLanguage,
    project_vars,
)
from leadscore.rules.report import ERROR, WARNING, Problem, RuleCheckReport, RulesError
from leadscore.rules.seeds import SEED_COLUMNS, SEED_FILES
from leadscore.rules.smells import MAX_RULES_PER_MODEL, rule_max_points
from leadscore.rules.validation import EVENT_ONLY_COLUMNS, SeedValidator

__all__ = [
    "CATEGORIES",
    "COMPILED_MACRO",
    "DECAY_METHODS",
    "DIALECTS",
    "ERROR",
    "EVENT_ONLY_COLUMNS",
    "MAX_NESTING",
    "MAX_RULES_PER_MODEL",
    "RELATION_ALIAS",
    "SEED_COLUMNS",
    "SEED_FILES",
    "SUBJECTS",
    "WARNING",
    "CompileResult",
    "CompiledCondition",
    "ConditionError",
    "FitGradeBand",
    "FunctionSpec",
    "Problem",
    "RuleCheckReport",
    "RuleLanguage",
    "RulesError",
    "ScoreThreshold",
    "ScoringModel",
    "ScoringRule",
    "check_rules",
    "compile_condition",
    "compile_rules",
    "compiled_conditions",
    "default_seeds_dir",
    "is_compiled",
    "rule_max_points",
]


def default_seeds_dir(project_dir: Path | None = None) -> Path:
    return (project_dir or PROJECT_ROOT) / "seeds"


def check_rules(
    seeds_dir: Path | None = None,
    *,
    project_dir: Path | None = None,
    cli_vars: Mapping[str, Any] | None = None,
    language: RuleLanguage | None = None,
    today: datetime.date | None = None,
) -> RuleCheckReport:
    """Validate the rule seeds (default: the project's seeds/) without any warehouse.

    Returns every problem at once; `report.raise_for_errors()` raises RulesError if any is an
    error. cli_vars are the `--vars` dbt will run with (they can change the rule language).
    """
    directory = Path(seeds_dir) if seeds_dir is not None else default_seeds_dir(project_dir)
    rule_language = language or RuleLanguage.from_project(project_dir, cli_vars)
    return SeedValidator(directory, rule_language, today or datetime.date.today()).run()


def compile_rules(
    *,
    project_dir: Path | None = None,
    cli_vars: Mapping[str, Any] | None = None,
    today: datetime.date | None = None,
) -> CompileResult:
    """Check the project's seeds and, when they have no errors, write the compiled macro.

    Raises RulesError (listing every error) and writes nothing when they have errors.
    """
    project = project_dir or PROJECT_ROOT
    dbt_vars = project_vars(project, cli_vars)
    seeds_dir = default_seeds_dir(project)
    report = check_rules(
        seeds_dir, language=RuleLanguage.from_vars(dbt_vars), project_dir=project, today=today
    )
    report.raise_for_errors()
    return write_compiled_macro(report, project, seeds_dir, dbt_vars)


def is_compiled(
    *,
    project_dir: Path | None = None,
    cli_vars: Mapping[str, Any] | None = None,
    today: datetime.date | None = None,
) -> bool:
    """True when the checked-in compiled macro is exactly what compile_rules would write."""
    project = project_dir or PROJECT_ROOT
    dbt_vars = project_vars(project, cli_vars)
    seeds_dir = default_seeds_dir(project)
    report = check_rules(seeds_dir, language=RuleLanguage.from_vars(dbt_vars), today=today)
    return compiled_macro_is_current(report, project, seeds_dir, dbt_vars)


def compiled_conditions(report: RuleCheckReport) -> Iterator[tuple[str, CompiledCondition]]:
    """Every compiled condition in a report: ('model <id>' or 'rule <model>.<id>', condition)."""
    for model in report.models:
        if model.compiled_assignment is not None:
            yield f"model {model.model_id}", model.compiled_assignment
    for rule in report.rules:
        if rule.compiled is not None:
            yield f"rule {rule.model_id}.{rule.rule_id}", rule.compiled

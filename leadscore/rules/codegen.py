"""Writing the checked scoring configuration as the dbt macro the models read.

`leadscore rules compile` writes macros/rules/compiled_scoring_config.sql: the validated models,
rules (each condition as SQL: `default`, and each dialect whose SQL differs from it), thresholds
and grade bands as JSON, with the sha256 of every scoring seed and a checksum of the
rule-language vars they were compiled with.
The file is checked in, so a rule edit shows in review as a diff of SQL; dbt only reads it, and
refuses to score (macros/rules/assert_rules_compiled.sql) when the seeds or vars changed since.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from leadscore.rules.conditions import CompiledCondition
from leadscore.rules.language import DIALECTS, LANGUAGE_VARS, language_vars_checksum
from leadscore.rules.report import RuleCheckReport
from leadscore.rules.seeds import SEED_FILES, display_path, seed_checksum

#: Where the compiled configuration goes, relative to the dbt project.
COMPILED_MACRO = Path("macros") / "rules" / "compiled_scoring_config.sql"
#: The format of the compiled file; dbt refuses a file of another version.
FORMAT_VERSION = 2
#: dbt adapter types that share one of DIALECTS.
ADAPTER_DIALECTS = {"databricks": "spark"}


#: The dialect whose SQL is written as `default`; the others only where theirs differs.
DEFAULT_DIALECT = DIALECTS[0]


def dialect_sql(condition: CompiledCondition | None) -> dict[str, str] | None:
    """A condition's SQL per dialect, written once when the dialects agree (most do), so a
    rule edit is a one-line SQL diff in review."""
    if condition is None:
        return None
    default = condition.sql(DEFAULT_DIALECT)
    differing = {
        dialect: sql for dialect in DIALECTS[1:] if (sql := condition.sql(dialect)) != default
    }
    return {"default": default, **differing}


def compiled_config(
    report: RuleCheckReport, seeds_dir: Path, dbt_vars: Mapping[str, Any]
) -> dict[str, Any]:
    """The configuration dbt reads, from an error-free report."""
    if not report.ok:
        raise ValueError("only a report without errors can be compiled")
    active_models = {model.model_id for model in report.models if model.is_active}
    # Scored event rules are numbered in (model_id, rule_id) order: the daily match counts
    # store this integer key instead of two text ids.
    scored_events = sorted(
        (rule.model_id or "", rule.rule_id or "")
        for rule in report.rules
        if rule.subject == "event" and rule.is_active and rule.model_id in active_models
    )
    rule_keys = {key: number for number, key in enumerate(scored_events, 1)}
    return {
        "format_version": FORMAT_VERSION,
        "seed_checksums": {
            name: seed_checksum(seeds_dir / file_name)
            for name, file_name in SEED_FILES.items()
            if (seeds_dir / file_name).exists()
        },
        "language_vars": {name: dbt_vars.get(name) for name in LANGUAGE_VARS},
        "language_vars_checksum": language_vars_checksum(dbt_vars),
        "models": [
            {
                "model_id": model.model_id,
                "model_name": model.model_name,
                "is_active": model.is_active,
                "assignment_priority": model.assignment_priority,
                "assignment_condition": model.assignment_condition,
                "assignment_condition_sql": dialect_sql(model.compiled_assignment),
                "fit_cap": model.fit_cap,
                "engagement_cap": model.engagement_cap,
                "negative_floor": model.negative_floor,
                "inbound_engagement_weight": model.inbound_engagement_weight,
                "outbound_engagement_weight": model.outbound_engagement_weight,
                "last_reviewed_on": (
                    model.last_reviewed_on.isoformat() if model.last_reviewed_on else None
                ),
                "description": model.description,
                "baseline_points": model.baseline_points,
                "floor_at_zero": model.floor_at_zero,
                "challenger_of": model.challenger_of,
            }
            for model in report.models
        ],
        "rules": [
            {
                "model_id": rule.model_id,
                "rule_id": rule.rule_id,
                "rule_key": rule_keys.get((rule.model_id or "", rule.rule_id or "")),
                "category": rule.category,
                "subject": rule.subject,
                "event_type": rule.event_type,
                "condition": rule.condition,
                # An event rule without a condition matches every event of its type.
                "condition_sql": dialect_sql(rule.compiled) or {"default": "true"},
                "points": rule.points,
                "max_occurrences": rule.max_occurrences,
                "repeat_multiplier": rule.repeat_multiplier,
                "rule_cap": rule.rule_cap,
                "decay_method": rule.decay_method,
                "decay_days": rule.decay_days,
                "decay_step_multiplier": rule.decay_step_multiplier,
                "is_active": rule.is_active,
                "is_model_active": rule.model_id in active_models,
                "lookup_column": rule.lookup_column,
                "activity_measure": rule.activity_measure,
                "activity_window_days": rule.activity_window_days,
                "activity_threshold": rule.activity_threshold,
                "description": rule.description,
            }
            for rule in report.rules
        ],
        "thresholds": [
            {
                "model_id": threshold.model_id,
                "stage": threshold.stage,
                "min_total_score": threshold.min_total_score,
                "description": threshold.description,
            }
            for threshold in report.thresholds
        ],
        "lookups": [
            {
                "model_id": lookup.model_id,
                "rule_id": lookup.rule_id,
                "value": lookup.value,
                "points": lookup.points,
            }
            for lookup in report.lookups
        ],
        "grade_bands": [
            {
                "model_id": band.model_id,
                "fit_grade": band.fit_grade,
                "min_fit_score": band.min_fit_score,
            }
            for band in report.grade_bands
        ],
        "slices": [
            {
                "slice_id": quality_slice.slice_id,
                "condition": quality_slice.condition,
                "condition_sql": dialect_sql(quality_slice.compiled),
                "first_cohort_month": _iso(quality_slice.first_cohort_month),
                "last_cohort_month": _iso(quality_slice.last_cohort_month),
                "description": quality_slice.description,
            }
            for quality_slice in report.slices
        ],
    }


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


_JINJA_CHARACTERS = {"{": "\\u007b", "}": "\\u007d", "#": "\\u0023", "%": "\\u0025"}


def _jinja_safe_json(config: Mapping[str, Any]) -> str:
    """Pretty JSON with no Jinja delimiter in it: inside strings, braces, # and % are written
    as \\u escapes (the same JSON), so a condition like page_path = '{{x}}' can never open a
    Jinja tag in the macro. Outside strings, the indentation puts every brace on a line of
    its own."""
    text = json.dumps(config, indent=2, ensure_ascii=True)
    out: list[str] = []
    in_string = escaped = False
    for character in text:
        if in_string:
            if escaped:
                escaped = False
            elif character == "\\":
                escaped = True
            elif character == '"':
                in_string = False
            else:
                character = _JINJA_CHARACTERS.get(character, character)
        elif character == '"':
            in_string = True
        out.append(character)
    return "".join(out)


def macro_text(config: Mapping[str, Any], seeds_dir: Path) -> str:
    """The generated macro file."""
    sources = ", ".join(display_path(seeds_dir / file_name) for file_name in SEED_FILES.values())
    return (
        "{#-\n"
        "    GENERATED by `leadscore rules compile` from " + sources + ",\n"
        "    checked and compiled by leadscore/rules/. Do not edit: edit the seeds and run\n"
        "    `leadscore rules compile` (make build and leadscore build do it for you).\n"
        "-#}\n"
        "{% macro compiled_scoring_config() %}\n"
        "{% set compiled_json %}\n" + _jinja_safe_json(config) + "\n{% endset %}\n"
        "{{ return(fromjson(compiled_json)) }}\n"
        "{% endmacro %}\n"
    )


@dataclass(frozen=True)
class CompileResult:
    path: Path
    changed: bool
    report: RuleCheckReport


def write_compiled_macro(
    report: RuleCheckReport, project_dir: Path, seeds_dir: Path, dbt_vars: Mapping[str, Any]
) -> CompileResult:
    """Write the macro if its contents changed (so dbt's partial parsing is not disturbed)."""
    path = project_dir / COMPILED_MACRO
    text = macro_text(compiled_config(report, seeds_dir, dbt_vars), seeds_dir)
    current = path.read_text(encoding="utf-8") if path.exists() else None
    if current == text:
        return CompileResult(path, False, report)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return CompileResult(path, True, report)


def compiled_macro_is_current(
    report: RuleCheckReport, project_dir: Path, seeds_dir: Path, dbt_vars: Mapping[str, Any]
) -> bool:
    path = project_dir / COMPILED_MACRO
    if not path.exists() or not report.ok:
        return False
    expected = macro_text(compiled_config(report, seeds_dir, dbt_vars), seeds_dir)
    return path.read_text(encoding="utf-8") == expected

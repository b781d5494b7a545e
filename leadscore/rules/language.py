"""The rule language's vocabulary and allow-list, and the dbt vars it is read from.

The allow-list (the columns each kind of rule may test, with their types, and the functions
conditions may call) is data: vars `leadscore_rule_columns`, `leadscore_rule_functions` and
`leadscore_rule_condition_max_length`. They are read the way dbt resolves vars: the leadscore
project's own dbt_project.yml, overridden by the root project's (when leadscore is installed
as a package of another project), overridden by `--vars`. The compiled configuration records a
checksum of them, so dbt refuses to score with vars other than the ones the rules were
compiled with.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from leadscore.paths import PROJECT_ROOT
from leadscore.rules.custom_columns import (
    CUSTOM_COLUMN_VARS,
    SUBJECTS_BY_TABLE,
    CustomColumn,
    DeclarationProblem,
    declared_columns,
)

#: Dialects every compiled condition is written for (dbt picks its target's).
DIALECTS: tuple[str, ...] = ("duckdb", "postgres", "snowflake", "bigquery", "spark")
#: The table alias conditions are qualified with, as in the models that apply them.
RELATION_ALIAS = "rule_input"
#: The dialect conditions are read in (the language is a subset of standard SQL).
READ_DIALECT = "postgres"

SUBJECTS: tuple[str, ...] = ("lead", "account", "event")
CATEGORIES: tuple[str, ...] = ("fit", "engagement", "profile", "negative")
#: Categories whose rules add points (negative rules subtract). Profile points (how the lead
#: came: source, channel, landing page) count in the total but not in the fit score or grade.
POSITIVE_CATEGORIES: tuple[str, ...] = ("fit", "engagement", "profile")
DECAY_METHODS: tuple[str, ...] = ("none", "exponential", "linear", "step", "window")
#: What an activity rule aggregates over its window: matching events, the sum of their value,
#: or the days with at least one.
ACTIVITY_MEASURES: tuple[str, ...] = ("count", "value_sum", "distinct_days")
VALUE_TYPES: tuple[str, ...] = ("string", "number", "boolean", "date")

#: Deepest nesting of parentheses (and function calls) a condition may use: deeper conditions
#: are unreadable for the people who maintain them.
MAX_NESTING = 8

#: The vars that make up the language; their values are part of the compiled configuration.
LANGUAGE_VARS: tuple[str, ...] = (
    "leadscore_rule_columns",
    "leadscore_rule_functions",
    "leadscore_rule_condition_max_length",
    *CUSTOM_COLUMN_VARS.values(),
)
PACKAGE_NAME = "leadscore"


@dataclass(frozen=True)
class FunctionSpec:
    """A function conditions may call: one argument of one type, a result of one type."""

    name: str
    argument: str
    returns: str


@dataclass(frozen=True)
class RuleLanguage:
    """The allow-list of the condition language."""

    columns: Mapping[str, Mapping[str, str]]
    functions: Mapping[str, FunctionSpec]
    max_length: int = 500
    #: The project's own columns (already in `columns`), and the declarations refused.
    custom_columns: tuple[CustomColumn, ...] = ()
    declaration_problems: tuple[DeclarationProblem, ...] = ()

    @classmethod
    def from_project(
        cls, project_dir: Path | None = None, cli_vars: Mapping[str, Any] | None = None
    ) -> RuleLanguage:
        """The allow-list as dbt would resolve it for the project in project_dir."""
        return cls.from_vars(project_vars(project_dir, cli_vars))

    @classmethod
    def from_vars(cls, dbt_vars: Mapping[str, Any]) -> RuleLanguage:
        raw_columns = dbt_vars.get("leadscore_rule_columns") or {}
        raw_functions = dbt_vars.get("leadscore_rule_functions") or {}
        columns: dict[str, dict[str, str]] = {}
        for subject, subject_columns in raw_columns.items():
            columns[str(subject)] = {}
            for name, value_type in (subject_columns or {}).items():
                if value_type not in VALUE_TYPES:
                    raise ValueError(f"column {subject}.{name}: unknown type {value_type!r}")
                columns[str(subject)][str(name).lower()] = str(value_type)
        functions = {
            str(name).lower(): FunctionSpec(
                str(name).lower(), str(spec["argument"]), str(spec["returns"])
            )
            for name, spec in raw_functions.items()
        }
        max_length = int(dbt_vars.get("leadscore_rule_condition_max_length", 500))
        custom, problems = declared_columns(dbt_vars, columns, DIALECTS)
        for column in custom:
            for subject in SUBJECTS_BY_TABLE[column.table]:
                columns.setdefault(subject, {})[column.alias] = column.rule_type
        return cls(
            columns=columns,
            functions=functions,
            max_length=max_length,
            custom_columns=tuple(custom),
            declaration_problems=tuple(problems),
        )

    def subject_columns(self, subject: str) -> Mapping[str, str]:
        if subject not in self.columns:
            raise ValueError(f"unknown subject {subject!r}")
        return self.columns[subject]


def _project_file_vars(project_file: Path) -> tuple[str, dict[str, Any]]:
    with project_file.open(encoding="utf-8") as handle:
        project = yaml.safe_load(handle) or {}
    return str(project.get("name") or ""), dict(project.get("vars") or {})


def project_vars(
    project_dir: Path | None = None, cli_vars: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """The vars dbt resolves for leadscore in the project run from (default: this one).

    When that project is leadscore itself (a copy with its own seeds and vars), its vars are
    the defaults. When it is another project with leadscore as a package, leadscore's own
    (dbt_packages/leadscore, else the installed copy) come first, then the root project's
    global vars and its `vars: {leadscore: ...}` block, as in dbt. `--vars` win over all.
    """
    root = Path(project_dir) if project_dir is not None else PROJECT_ROOT
    root_name, root_vars = _project_file_vars(root / "dbt_project.yml")
    if root_name == PACKAGE_NAME:
        resolved = root_vars
    else:
        package_file = root / "dbt_packages" / PACKAGE_NAME / "dbt_project.yml"
        if not package_file.is_file():
            package_file = PROJECT_ROOT / "dbt_project.yml"
        _, resolved = _project_file_vars(package_file)
        scoped = root_vars.pop(PACKAGE_NAME, None)
        root_vars.pop(root_name, None)  # the root project's own block is not leadscore's
        resolved.update(root_vars)
        if isinstance(scoped, dict):
            resolved.update(scoped)
    resolved.update(dict(cli_vars or {}))
    return resolved


def language_vars_checksum(dbt_vars: Mapping[str, Any]) -> str:
    """A checksum of the language vars, computed as the dbt side recomputes it.

    dbt writes the same values with its tojson filter (json.dumps with sorted keys) and hashes
    them with local_md5, so both sides agree on equal values.
    """
    chosen = [dbt_vars.get(name) for name in LANGUAGE_VARS]
    return hashlib.md5(json.dumps(chosen, sort_keys=True).encode("utf-8")).hexdigest()

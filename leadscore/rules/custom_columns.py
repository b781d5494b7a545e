"""Your own columns: extra raw columns declared in the dbt vars, usable in rule conditions.

Declared once, in `dbt_project.yml` (or a root project's vars, or --vars), per raw table:

    leadscore_lead_custom_columns:
      - {name: occupation, type: text}
      - {name: Budget_USD__c, alias: annual_budget, type: number}

`name` is the raw column, `alias` its name in the project and in rules (default: `name`),
`type` one of text, number, boolean, date, and `transform_sql` an optional SQL expression of the
raw columns (trusted project SQL, as in Fivetran's pass-through columns). Staging passes them
through typed (macros/custom_columns/), and this module adds them to the rule language: leads'
columns to lead rules, accounts' to lead and account rules (a lead rule sees its account),
events' to event rules. A name that would shadow a built-in column, an SQL keyword or another
declared column is refused here, so it never reaches the warehouse.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlglot.dialects.dialect import Dialect

#: The raw tables that take custom columns, and the var that declares them.
CUSTOM_COLUMN_VARS: dict[str, str] = {
    "leads": "leadscore_lead_custom_columns",
    "accounts": "leadscore_account_custom_columns",
    "events": "leadscore_event_custom_columns",
}
#: The rule subjects that see each table's columns.
SUBJECTS_BY_TABLE: dict[str, tuple[str, ...]] = {
    "leads": ("lead",),
    "accounts": ("lead", "account"),
    "events": ("event",),
}
#: Declared type -> the rule language's type.
CUSTOM_TYPES: dict[str, str] = {
    "text": "string",
    "number": "number",
    "boolean": "boolean",
    "date": "date",
}
#: Columns the models already carry for each table (beyond the rule language's allow-list):
#: keys, timestamps and the flags the pipeline adds.
RESERVED_COLUMNS: dict[str, frozenset[str]] = {
    "leads": frozenset(
        {
            "lead_id",
            "account_id",
            "email",
            "created_at",
            "unsubscribed_at",
            "has_account",
            "data_quality_issue",
            "key_versions",
            "key_copy_number",
        }
    ),
    "accounts": frozenset(
        {
            "account_id",
            "name",
            "domain",
            "employee_count_reported",
            "annual_revenue_reported",
            "employee_count_issue",
            "annual_revenue_issue",
            "data_quality_issue",
            "key_versions",
            "key_copy_number",
        }
    ),
    "events": frozenset(
        {
            "event_id",
            "lead_id",
            "event_type",
            "occurred_at",
            "event_date",
            "is_scoreable",
            "event_id_occurrence",
            "source_row_hash",
            "data_quality_issue",
        }
    ),
}
_IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
_DECLARATION_KEYS = frozenset({"name", "alias", "type", "transform_sql"})


@functools.cache
def sql_keywords(dialects: tuple[str, ...]) -> frozenset[str]:
    """Words any of the dialects reads as a keyword (the first word of multi-word ones too)."""
    words: set[str] = set()
    for dialect in dialects:
        for keyword in Dialect.get_or_raise(dialect).tokenizer_class.KEYWORDS:
            first = keyword.split()[0] if keyword.strip() else ""
            if first.isidentifier():
                words.add(first.lower())
    return frozenset(words)


def _alias_scope(column: CustomColumn) -> str:
    """Aliases must be unique among the columns one rule sees: a lead rule sees its account's."""
    return f"{'events' if column.table == 'events' else 'leads/accounts'}:{column.alias}"


@dataclass(frozen=True)
class CustomColumn:
    """One declared column."""

    table: str
    name: str
    alias: str
    type: str
    transform_sql: str | None = None

    @property
    def rule_type(self) -> str:
        return CUSTOM_TYPES[self.type]


@dataclass(frozen=True)
class DeclarationProblem:
    """A declaration refused: where (`leadscore_lead_custom_columns[2]`) and why."""

    location: str
    message: str


def declared_columns(
    dbt_vars: Mapping[str, Any],
    builtin_columns: Mapping[str, Mapping[str, str]],
    dialects: tuple[str, ...],
) -> tuple[list[CustomColumn], list[DeclarationProblem]]:
    """The valid declarations, and a problem for each invalid one.

    builtin_columns is the rule language's allow-list (subject -> column -> type); a custom
    column may not take any of those names, nor a reserved name, nor a keyword of one of the
    dialects, nor the alias of another declared column its subjects see.
    """
    keywords = sql_keywords(dialects)
    builtin = {name for columns in builtin_columns.values() for name in columns}
    columns: list[CustomColumn] = []
    problems: list[DeclarationProblem] = []
    taken: dict[str, str] = {}  # alias -> where it was declared, across leads and accounts
    for table, var_name in CUSTOM_COLUMN_VARS.items():
        declarations = dbt_vars.get(var_name) or []
        if not isinstance(declarations, list):
            problems.append(
                DeclarationProblem(var_name, "must be a list of {name, type, ...} mappings")
            )
            continue
        for index, declaration in enumerate(declarations):
            location = f"{var_name}[{index}]"
            column, problem = _declared_column(table, declaration, location)
            if problem is None and column is not None:
                problem = _name_problem(column, builtin, keywords, taken)
                taken.setdefault(_alias_scope(column), location)
            if problem is not None:
                problems.append(DeclarationProblem(location, problem))
            elif column is not None:
                columns.append(column)
    return columns, problems


def _declared_column(
    table: str, declaration: object, location: str
) -> tuple[CustomColumn | None, str | None]:
    if not isinstance(declaration, Mapping):
        return None, "must be a mapping such as {name: occupation, type: text}"
    unknown = sorted(set(map(str, declaration)) - _DECLARATION_KEYS)
    if unknown:
        return None, (
            f"unknown key(s) {', '.join(unknown)} (known: alias, name, transform_sql, type)"
        )
    name = str(declaration.get("name") or "").strip()
    if not name:
        return None, "name (the raw column) is required"
    alias = str(declaration.get("alias") or name).strip()
    value_type = str(declaration.get("type") or "").strip().lower()
    if value_type not in CUSTOM_TYPES:
        return None, (
            f"column '{alias}': type must be one of {', '.join(CUSTOM_TYPES)}, "
            f"got {declaration.get('type')!r}"
        )
    transform = declaration.get("transform_sql")
    transform_sql = str(transform).strip() if transform is not None else None
    if transform_sql is not None and ";" in transform_sql:
        return None, f"column '{alias}': transform_sql must be one expression (found ';')"
    return CustomColumn(table, name, alias, value_type, transform_sql or None), None


def _name_problem(
    column: CustomColumn, builtin: set[str], keywords: frozenset[str], taken: Mapping[str, str]
) -> str | None:
    alias = column.alias
    if not _IDENTIFIER.match(alias):
        hint = " (give it an alias)" if alias == column.name else ""
        return (
            f"column '{alias}': names must be lowercase letters, digits and underscores, "
            f"starting with a letter, at most 63 characters{hint}"
        )
    if alias in builtin or alias in RESERVED_COLUMNS[column.table]:
        return f"column '{alias}' would shadow a built-in column; give it another alias"
    if alias in keywords:
        return f"column '{alias}' is an SQL keyword in some warehouses; give it another alias"
    if _alias_scope(column) in taken:
        return f"column '{alias}' is already declared by {taken[_alias_scope(column)]}"
    return None

"""What `leadscore load` may write: the raw tables of the source contract and their columns.

The contract columns and their types come from models/staging/_sources.yml, the file dbt
reads, so the loader and the pipeline cannot disagree about a column. The project's vars add
the raw schema, the raw tables' names and the declared custom columns. Which columns a row
cannot do without (its id, and the timestamps and fields the pipeline quarantines rows
without) is kept here, next to the key each table is upserted by.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from leadscore.load.errors import LoadError
from leadscore.paths import PROJECT_ROOT
from leadscore.rules.custom_columns import CUSTOM_COLUMN_VARS
from leadscore.rules.language import PACKAGE_NAME, RuleLanguage, project_vars

SOURCES_FILE = Path("models") / "staging" / "_sources.yml"

#: The column each raw table is upserted by: a re-import replaces the rows with the same id.
KEYS: dict[str, str] = {
    "accounts": "account_id",
    "leads": "lead_id",
    "events": "event_id",
    "opportunities": "opportunity_id",
}
#: Columns a mapping must map and a row must have: without them the pipeline quarantines the
#: row (no id, no creation time, no stage; an event without a lead, type or time scores nothing).
REQUIRED: dict[str, tuple[str, ...]] = {
    "accounts": ("account_id",),
    "leads": ("lead_id", "created_at"),
    "events": ("event_id", "lead_id", "event_type", "occurred_at"),
    "opportunities": ("opportunity_id", "created_at", "stage"),
}
#: The var naming each raw table.
IDENTIFIER_VARS: dict[str, str] = {table: f"leadscore_{table}_identifier" for table in KEYS}
#: Contract and declared types -> DuckDB types.
SQL_TYPES: dict[str, str] = {
    "text": "VARCHAR",
    "number": "DOUBLE",
    "timestamp": "TIMESTAMP",
    "boolean": "BOOLEAN",
    "date": "DATE",
}


@dataclass(frozen=True)
class Column:
    """A column the loader may write: contract (from _sources.yml) or declared custom."""

    name: str
    type: str
    custom: bool = False

    @property
    def sql_type(self) -> str:
        return SQL_TYPES[self.type]


@dataclass(frozen=True)
class TableContract:
    """One raw table: its contract name, its name in the warehouse and its columns."""

    table: str
    identifier: str
    columns: tuple[Column, ...]
    custom_columns: tuple[Column, ...] = ()

    @property
    def key(self) -> str:
        return KEYS[self.table]

    @property
    def required(self) -> tuple[str, ...]:
        return REQUIRED[self.table]

    @property
    def custom_var(self) -> str | None:
        return CUSTOM_COLUMN_VARS.get(self.table)

    def column(self, name: str) -> Column | None:
        """The contract or custom column a mapping target names (case-insensitive, as in SQL)."""
        for column in (*self.columns, *self.custom_columns):
            if column.name == name:
                return column
        folded = name.casefold()
        for column in (*self.columns, *self.custom_columns):
            if column.name.casefold() == folded:
                return column
        return None


@dataclass(frozen=True)
class Contract:
    """The raw schema and the four raw tables of a project."""

    raw_schema: str
    raw_database: str
    tables: Mapping[str, TableContract]


def sources_file(project_dir: Path) -> Path:
    """The _sources.yml that dbt reads for this project: its own, else the leadscore package's."""
    for candidate in (
        project_dir / SOURCES_FILE,
        project_dir / "dbt_packages" / PACKAGE_NAME / SOURCES_FILE,
        PROJECT_ROOT / SOURCES_FILE,
    ):
        if candidate.is_file():
            return candidate
    raise LoadError(f"cannot find the source contract {SOURCES_FILE} in {project_dir}")


def contract_columns(path: Path) -> dict[str, tuple[Column, ...]]:
    """Contract table -> its columns with their data_type, read from a _sources.yml."""
    with path.open(encoding="utf-8") as handle:
        # libyaml's loader where installed: the contract is read on every run.
        document = yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    columns: dict[str, tuple[Column, ...]] = {}
    for source in document.get("sources") or []:
        for table in source.get("tables") or []:
            name = str(table.get("name"))
            if name not in KEYS:
                continue
            typed = []
            for column in table.get("columns") or []:
                data_type = str(column.get("data_type") or "").lower()
                if data_type not in SQL_TYPES:
                    raise LoadError(
                        f"{path}: column {name}.{column.get('name')} has data_type "
                        f"{column.get('data_type')!r}; the loader knows {', '.join(SQL_TYPES)}"
                    )
                typed.append(Column(str(column["name"]), data_type))
            columns[name] = tuple(typed)
    missing = sorted(set(KEYS) - set(columns))
    if missing:
        raise LoadError(f"{path}: the source contract has no table(s) {', '.join(missing)}")
    return columns


def project_contract(project_dir: Path, dbt_vars: Mapping[str, Any] | None = None) -> Contract:
    """The contract for the project in project_dir, as dbt resolves its vars."""
    resolved = dict(dbt_vars) if dbt_vars is not None else project_vars(project_dir)
    try:
        language = RuleLanguage.from_vars(resolved)
    except ValueError as error:
        raise LoadError(f"dbt vars: {error}") from error
    custom: dict[str, list[Column]] = {}
    for declared in language.custom_columns:
        custom.setdefault(declared.table, []).append(Column(declared.name, declared.type, True))
    tables = {
        table: TableContract(
            table=table,
            identifier=str(resolved.get(IDENTIFIER_VARS[table]) or table),
            columns=columns,
            custom_columns=tuple(custom.get(table, ())),
        )
        for table, columns in contract_columns(sources_file(project_dir)).items()
    }
    return Contract(
        raw_schema=str(resolved.get("leadscore_raw_schema") or "raw"),
        raw_database=str(resolved.get("leadscore_raw_database") or ""),
        tables=tables,
    )

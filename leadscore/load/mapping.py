"""The mapping file: which export column feeds which raw-table column, and how to read it.

    tables:
      leads:                                  # an entry; named after its raw table, or any
        target: leads                         #   name with `target:` (two exports, one table)
        file_pattern: "*contacts*.csv"        # files it loads, unless given with --table
        timezone: Europe/Berlin               # zone of timestamps without an offset (UTC)
        null_values: ["Select", "N/A"]        # read as null in every column (so is '')
        columns:
          lead_id: "Record ID"
          created_at: {column: "Create Date", format: "%Y-%m-%d %H:%M"}
        values:                               # value maps per target column
          lead_source: {"Organic Search": organic_search}
        other_values:                         # what values absent from the map become
          lead_source: other

The whole file is checked against the project's contract before any CSV is read, and every
problem is reported at once. Scalars are read as text exactly as written (YAML's BaseLoader),
so `Yes`, `01` or `1.0` in a value map stay what the export says, not true, 1 or 1.0.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from leadscore.load.cells import EXTRACTS, CellError, parse_cell
from leadscore.load.contract import Column, Contract, TableContract
from leadscore.load.errors import LoadError

_TOP_KEYS = frozenset({"tables", "description"})
_ENTRY_KEYS = frozenset(
    {"target", "file_pattern", "timezone", "null_values", "columns", "values", "other_values"}
)
_COLUMN_KEYS = frozenset({"column", "format", "timezone", "extract"})


@dataclass(frozen=True)
class ColumnMapping:
    """One target column and the export column it is read from."""

    target: Column
    source: str
    format: str | None = None
    zone: ZoneInfo | None = None
    extract: str | None = None


@dataclass(frozen=True)
class TableMapping:
    """One entry of `tables:`: an export and the raw table it loads."""

    name: str
    target: str
    file_pattern: str | None
    columns: tuple[ColumnMapping, ...]
    #: target column -> {export value, casefolded -> value to load}
    values: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    other_values: Mapping[str, str] = field(default_factory=dict)
    #: casefolded spellings of null ('' is always null)
    null_values: frozenset[str] = frozenset()


@dataclass(frozen=True)
class LoadMapping:
    path: Path
    tables: Mapping[str, TableMapping]


def fold(text: str) -> str:
    """How export values are compared with value maps and null_values."""
    return text.strip().casefold()


def read_mapping(path: Path, contract: Contract) -> LoadMapping:
    """Parse and check a mapping file; LoadError lists every problem, naming where it is."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise LoadError(f"cannot read the mapping file {path}: {error.strerror}") from None
    try:
        # BaseLoader: every scalar stays text, and no Python object is ever built.
        document = yaml.load(text, Loader=getattr(yaml, "CBaseLoader", yaml.BaseLoader))
    except yaml.YAMLError as error:
        raise LoadError(f"{path} is not valid YAML: {' '.join(str(error).split())}") from None
    problems: list[str] = []
    tables: dict[str, TableMapping] = {}
    if not isinstance(document, dict) or not isinstance(document.get("tables"), dict):
        problems.append("it must be a mapping with a `tables:` mapping (see docs/csv-import.md)")
    else:
        problems += [f"unknown key '{key}'" for key in sorted(set(document) - _TOP_KEYS)]
        if not document["tables"]:
            problems.append("tables: is empty")
        for name, entry in document["tables"].items():
            table, entry_problems = _table_mapping(str(name), entry, contract)
            problems += [f"tables.{name}: {problem}" for problem in entry_problems]
            if table is not None:
                tables[str(name)] = table
    if problems:
        raise LoadError(f"{path}: {'; '.join(problems)}")
    return LoadMapping(path, tables)


def _table_mapping(
    name: str, entry: object, contract: Contract
) -> tuple[TableMapping | None, list[str]]:
    if not isinstance(entry, dict):
        return None, ["must be a mapping with target, file_pattern, columns, ..."]
    problems = [f"unknown key '{key}'" for key in sorted(set(entry) - _ENTRY_KEYS)]
    target = entry.get("target", name if name in contract.tables else "")
    if target not in contract.tables:
        known = ", ".join(contract.tables)
        problems.append(
            f"target must be one of {known}, got {target!r}"
            if target
            else f"target: is required (one of {known}) unless the entry is named after it"
        )
        return None, problems
    table = contract.tables[target]
    pattern = entry.get("file_pattern")
    if pattern is not None and (not isinstance(pattern, str) or not pattern.strip()):
        problems.append("file_pattern must be a file name pattern such as '*contacts*.csv'")
        pattern = None
    default_zone = _zone(entry.get("timezone"), "timezone", problems)
    null_values = entry.get("null_values", [])
    if not isinstance(null_values, list) or not all(isinstance(v, str) for v in null_values):
        problems.append("null_values must be a list of values, e.g. ['N/A', 'Select']")
        null_values = []
    columns = _columns(entry.get("columns"), table, default_zone, problems)
    mapped = {column.target.name: column for column in columns}
    values = _value_maps(entry.get("values", {}), mapped, problems)
    other_values = _other_values(entry.get("other_values", {}), mapped, values, problems)
    if problems:
        return None, problems
    return (
        TableMapping(
            name=name,
            target=target,
            file_pattern=pattern.strip() if pattern else None,
            columns=tuple(columns),
            values=values,
            other_values=other_values,
            null_values=frozenset(fold(value) for value in null_values),
        ),
        [],
    )


def _zone(value: object, where: str, problems: list[str]) -> ZoneInfo | None:
    if value is None:
        return None
    try:
        return ZoneInfo(str(value))
    except (ZoneInfoNotFoundError, ValueError):
        problems.append(f"{where}: unknown time zone {value!r} (use a name like Europe/Berlin)")
        return None


def _columns(
    columns: object, table: TableContract, default_zone: ZoneInfo | None, problems: list[str]
) -> list[ColumnMapping]:
    if not isinstance(columns, dict) or not columns:
        problems.append("columns: must map target columns to export columns")
        return []
    result: list[ColumnMapping] = []
    for target_name, spec in columns.items():
        where = f"columns.{target_name}"
        target = table.column(str(target_name))
        if target is None:
            problems.append(f"{where}: {_unknown_target(str(target_name), table)}")
            continue
        if any(mapped.target == target for mapped in result):
            problems.append(f"{where}: {target.name} is mapped twice")
            continue
        if isinstance(spec, str):
            spec = {"column": spec}
        if not isinstance(spec, dict) or not isinstance(spec.get("column"), str):
            problems.append(f"{where}: must be an export column name or {{column: ..., ...}}")
            continue
        problems += [f"{where}: unknown key '{key}'" for key in sorted(set(spec) - _COLUMN_KEYS)]
        source = spec["column"].strip()
        if not source:
            problems.append(f"{where}: column (the export's column name) is empty")
        fmt = spec.get("format")
        if fmt is not None and target.type not in ("timestamp", "date"):
            problems.append(f"{where}: format is for timestamp and date columns ({target.type})")
        zone = _zone(spec.get("timezone"), f"{where}.timezone", problems) or default_zone
        if "timezone" in spec and target.type != "timestamp":
            problems.append(f"{where}: timezone is for timestamp columns ({target.type})")
        part = spec.get("extract")
        if part is not None and (part not in EXTRACTS or target.type != "text"):
            problems.append(f"{where}: extract must be domain or path, on a text column")
            part = None
        result.append(ColumnMapping(target, source, fmt or None, zone, part))
    missing = [name for name in table.required if name not in {c.target.name for c in result}]
    if missing:
        problems.append(f"columns: must map {', '.join(missing)} (required for {table.table})")
    return result


def _unknown_target(name: str, table: TableContract) -> str:
    contract = ", ".join(column.name for column in table.columns)
    declared = ", ".join(column.name for column in table.custom_columns) or "none"
    if table.custom_var is None:
        return f"'{name}' is not a column of {table.table} (its columns: {contract})"
    return (
        f"'{name}' is neither a contract column of {table.table} ({contract}) nor a custom "
        f"column declared in var {table.custom_var} (declared: {declared})"
    )


def _value_maps(
    values: object, mapped: Mapping[str, ColumnMapping], problems: list[str]
) -> dict[str, dict[str, str]]:
    if not isinstance(values, dict):
        problems.append("values: must map target columns to {export value: value} mappings")
        return {}
    result: dict[str, dict[str, str]] = {}
    for target_name, value_map in values.items():
        where = f"values.{target_name}"
        column = _mapped(str(target_name), mapped, where, problems)
        if column is None:
            continue
        if not isinstance(value_map, dict) or not all(
            isinstance(value, str) for value in value_map.values()
        ):
            problems.append(f"{where}: must be a mapping {{export value: value to load}}")
            continue
        folded: dict[str, str] = {}
        for source_value, value in value_map.items():
            key = fold(str(source_value))
            if key in folded and folded[key] != value:
                problems.append(
                    f"{where}: '{source_value}' is mapped twice (values are compared ignoring "
                    "case and surrounding spaces)"
                )
            folded[key] = value
            _check_value(value, column, f"{where}['{source_value}']", problems)
        result[column.target.name] = folded
    return result


def _other_values(
    other_values: object,
    mapped: Mapping[str, ColumnMapping],
    values: Mapping[str, object],
    problems: list[str],
) -> dict[str, str]:
    if not isinstance(other_values, dict):
        problems.append("other_values: must map target columns to a value")
        return {}
    result: dict[str, str] = {}
    for target_name, value in other_values.items():
        where = f"other_values.{target_name}"
        column = _mapped(str(target_name), mapped, where, problems)
        if column is None:
            continue
        if column.target.name not in values:
            problems.append(f"{where}: {column.target.name} has no value map under values:")
        if not isinstance(value, str):
            problems.append(f"{where}: must be one value")
            continue
        _check_value(value, column, where, problems)
        result[column.target.name] = value
    return result


def _mapped(
    name: str, mapped: Mapping[str, ColumnMapping], where: str, problems: list[str]
) -> ColumnMapping | None:
    for column in mapped.values():
        if column.target.name.casefold() == name.casefold():
            return column
    problems.append(f"{where}: '{name}' is not a mapped column (map it under columns: first)")
    return None


def _check_value(value: str, column: ColumnMapping, where: str, problems: list[str]) -> None:
    """A value the mapping itself supplies must be loadable, or every row using it would fail.

    Values are loaded as they are written (not extracted again); '' loads a null.
    """
    text = value.strip()
    if not text:
        return
    try:
        parse_cell(text, column.target.type, format=column.format, zone=column.zone)
    except CellError as error:
        target = column.target
        problems.append(
            f"{where}: {value!r} cannot load into {target.name} ({target.type}): {error}"
        )

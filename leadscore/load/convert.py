"""From CSV records to typed rows of a raw table, and the rows that cannot be loaded.

Per cell, in this order: surrounding spaces are stripped; '' and the entry's null_values are
null; `extract` takes a URL's domain or path; the column's value map replaces the value (or
other_values does, for a value the map lacks); the result is read as the column's type. A row
with any problem (a wrong type, a missing required value, a wrong number of fields) is
rejected with every problem named; so is every copy of an id that appears more than once in
the file with different values, since no copy is known to be the right one. Identical copies
are loaded once and counted.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from leadscore.load.cells import CellError, extract, parse_cell
from leadscore.load.contract import Column, TableContract
from leadscore.load.errors import LoadError
from leadscore.load.mapping import ColumnMapping, TableMapping, fold
from leadscore.load.reading import CsvFile, CsvRecord

#: How many header names an error message lists before "... and N more".
_HEADER_SHOWN = 20

Row = tuple[str | None, ...]


@dataclass(frozen=True)
class Rejection:
    """A row that was not loaded: why (every problem, naming column and value) and what it was."""

    line: int
    reasons: tuple[str, ...]
    #: the reasons without their values, for counting in the summary
    kinds: tuple[str, ...]
    raw_row: str

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)


@dataclass(frozen=True)
class ConvertedFile:
    """One export, converted: the rows to upsert and the rows rejected."""

    source: CsvFile
    mapping: TableMapping
    table: TableContract
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    rejections: tuple[Rejection, ...]
    #: rows left out because an identical row with the same id came earlier in the file
    merged_duplicates: int

    @property
    def rows_read(self) -> int:
        return len(self.source.records)


def convert(source: CsvFile, mapping: TableMapping, table: TableContract) -> ConvertedFile:
    """Type every record of an export for its raw table; LoadError if the header does not fit."""
    positions = header_positions(source, mapping)
    keys = _json_keys(source.header)
    rows: list[tuple[CsvRecord, Row]] = []
    rejections: list[Rejection] = []
    for record in source.records:
        if len(record.fields) != len(source.header):
            problem = f"the line has {len(record.fields)} fields, the header {len(source.header)}"
            kind = "wrong number of fields (a stray delimiter or quote?)"
            rejections.append(Rejection(record.line, (problem,), (kind,), _raw(record, keys)))
            continue
        row, problems = _convert_record(record, mapping, positions, table)
        if problems:
            reasons = tuple(reason for reason, _ in problems)
            kinds = tuple(kind for _, kind in problems)
            rejections.append(Rejection(record.line, reasons, kinds, _raw(record, keys)))
        else:
            rows.append((record, row))
    key_index = next(i for i, c in enumerate(mapping.columns) if c.target.name == table.key)
    kept, conflicts, merged = _deduplicate(rows, key_index, mapping.columns, keys)
    return ConvertedFile(
        source=source,
        mapping=mapping,
        table=table,
        columns=tuple(column.target for column in mapping.columns),
        rows=tuple(kept),
        rejections=tuple(sorted(rejections + conflicts, key=lambda r: r.line)),
        merged_duplicates=merged,
    )


def header_positions(source: CsvFile, mapping: TableMapping) -> list[int]:
    """The header index of each mapped export column (exact name, else ignoring case)."""
    positions: list[int] = []
    missing: list[str] = []
    twice: list[str] = []
    for column in mapping.columns:
        exact = [i for i, name in enumerate(source.header) if name == column.source]
        matches = exact or [
            i for i, name in enumerate(source.header) if fold(name) == fold(column.source)
        ]
        if len(matches) == 1:
            positions.append(matches[0])
        else:
            (twice if matches else missing).append(f"'{column.source}' ({column.target.name})")
    if not missing and not twice:
        return positions
    shown = ", ".join(f"'{name}'" for name in source.header[:_HEADER_SHOWN])
    if len(source.header) > _HEADER_SHOWN:
        shown += f", ... and {len(source.header) - _HEADER_SHOWN} more"
    problems = []
    if missing:
        problems.append(f"names export column(s) {', '.join(missing)} that the header lacks")
    if twice:
        problems.append(f"names export column(s) {', '.join(twice)} the header has twice")
    hint = ""
    if len(source.header) == 1:
        hint = (
            f"; split on {_delimiter_name(source.delimiter)}, the header is one column: is the "
            "delimiter right? (--delimiter)"
        )
    raise LoadError(
        f"{source.path}: mapping entry '{mapping.name}' {' and '.join(problems)} "
        f"(the header's columns: {shown}){hint}"
    )


def _convert_record(
    record: CsvRecord,
    mapping: TableMapping,
    positions: Sequence[int],
    table: TableContract,
) -> tuple[Row, list[tuple[str, str]]]:
    values: list[str | None] = []
    problems: list[tuple[str, str]] = []  # (reason, kind)
    for column, position in zip(mapping.columns, positions, strict=True):
        raw = record.fields[position].strip()
        try:
            value = _cell(raw, column, mapping)
        except CellError as error:
            name = column.target.name
            problems.append(
                (f"{name}: {raw!r} (column '{column.source}') {error}", f"{name} {error.kind}")
            )
            value = None
        else:
            if value is None and column.target.name in table.required:
                name = column.target.name
                why = f"has {raw!r}, read as null" if raw else "is empty"
                problems.append(
                    (f"{name}: missing (column '{column.source}' {why})", f"{name} missing")
                )
        values.append(value)
    return tuple(values), problems


def _cell(raw: str, column: ColumnMapping, mapping: TableMapping) -> str | None:
    if not raw or fold(raw) in mapping.null_values:
        return None
    text = extract(raw, column.extract) if column.extract else raw
    name = column.target.name
    if name in mapping.values:
        text = mapping.values[name].get(fold(text), mapping.other_values.get(name, text)).strip()
        if not text:  # a value mapped to '' is a null
            return None
    return parse_cell(text, column.target.type, format=column.format, zone=column.zone)


def _deduplicate(
    rows: Sequence[tuple[CsvRecord, Row]],
    key_index: int,
    columns: Sequence[ColumnMapping],
    keys: Sequence[str],
) -> tuple[list[Row], list[Rejection], int]:
    """Rows with a unique id; every copy of an id with differing rows rejected; merged count."""
    by_key: dict[str | None, list[tuple[CsvRecord, Row]]] = defaultdict(list)
    for record, row in rows:
        by_key[row[key_index]].append((record, row))
    key_name = columns[key_index].target.name
    kept: list[Row] = []
    conflicts: list[Rejection] = []
    merged = 0
    for key, copies in by_key.items():
        distinct = {row for _, row in copies}
        if len(distinct) == 1:
            kept.append(copies[0][1])
            merged += len(copies) - 1
            continue
        differing = [
            column.target.name
            for i, column in enumerate(columns)
            if len({row[i] for _, row in copies}) > 1
        ]
        lines = ", ".join(str(record.line) for record, _ in copies)
        reason = (
            f"{key_name} {key!r} appears on lines {lines} with different values "
            f"({', '.join(differing)}); none of them is loaded"
        )
        kind = f"duplicate {key_name} with different values"
        conflicts += [
            Rejection(record.line, (reason,), (kind,), _raw(record, keys)) for record, _ in copies
        ]
    return kept, conflicts, merged


def _json_keys(header: Sequence[str]) -> list[str]:
    """Header names made unique for raw_row's JSON object ('Name', 'Name (2)')."""
    seen: dict[str, int] = {}
    keys = []
    for name in header:
        seen[name] = seen.get(name, 0) + 1
        keys.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return keys


def _raw(record: CsvRecord, keys: Sequence[str]) -> str:
    """The row as read, as JSON: header -> value, or a list when the field count is off."""
    if len(record.fields) == len(keys):
        return json.dumps(dict(zip(keys, record.fields, strict=True)), ensure_ascii=False)
    return json.dumps(list(record.fields), ensure_ascii=False)


def _delimiter_name(delimiter: str) -> str:
    return {"\t": "tab", ",": "','", ";": "';'"}.get(delimiter, repr(delimiter))

"""Writing converted exports into the DuckDB warehouse: one transaction for the whole run.

Each raw table is upserted by its id: rows whose id is in the import are deleted and the
import's rows inserted, so a re-import replaces rather than duplicates, and of two imports the
later one wins (within a run, the later file). Rejected rows go to <raw schema>.rejected_rows;
those of an earlier import of the same source file are deleted first. A table that does not
exist yet is created with the contract's columns (typed as _sources.yml says) plus the mapped
custom columns; an existing one gains any mapped column it lacks; the contract's other raw
tables are created empty where missing. Either all of it is committed, or, on any error,
none of it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import duckdb
import pandas as pd

from leadscore.load.contract import Column, TableContract
from leadscore.load.convert import Rejection, Row
from leadscore.load.errors import LoadError

REJECTED_TABLE = "rejected_rows"
REJECTED_COLUMNS: tuple[tuple[str, str], ...] = (
    ("loaded_at", "TIMESTAMP"),
    ("source_file", "VARCHAR"),
    ("line_number", "BIGINT"),
    ("target_table", "VARCHAR"),
    ("reason", "VARCHAR"),
    ("raw_row", "VARCHAR"),
)


@dataclass(frozen=True)
class TableLoad:
    """What one export writes: rows into its raw table, rejections into rejected_rows."""

    table: TableContract
    source_file: str
    columns: tuple[Column, ...]
    rows: Sequence[Row]
    rejections: Sequence[Rejection]


def quote(name: str) -> str:
    """An identifier as SQL, always quoted (raw columns such as `Budget USD` need it)."""
    return '"' + name.replace('"', '""') + '"'


def write(
    con: duckdb.DuckDBPyConnection,
    schema: str,
    loads: Sequence[TableLoad],
    loaded_at: datetime,
    tables: Sequence[TableContract] = (),
) -> list[int]:
    """Write every load in one transaction; the number of existing rows each one replaced.

    `tables` (the whole contract) are created empty where missing, so that `leadscore build`
    runs after a first import that has, say, no activity export.
    """
    replaced: list[int] = []
    con.execute("begin transaction")
    try:
        con.execute(f"create schema if not exists {quote(schema)}")
        for table in tables:
            _ensure_table(con, schema, table, ())
        rejected = f"{quote(schema)}.{quote(REJECTED_TABLE)}"
        columns_sql = ", ".join(f"{quote(name)} {kind}" for name, kind in REJECTED_COLUMNS)
        con.execute(f"create table if not exists {rejected} ({columns_sql})")
        # A re-import's rejections replace the previous import's of the same source file.
        for source_file in dict.fromkeys(load.source_file for load in loads):
            con.execute(f"delete from {rejected} where source_file = ?", [source_file])
        for load in loads:
            _ensure_table(con, schema, load.table, load.columns)
            replaced.append(_upsert(con, schema, load))
            _insert_rejections(con, rejected, load, loaded_at)
        con.execute("commit")
    except BaseException as error:
        con.execute("rollback")
        if isinstance(error, duckdb.Error):
            raise LoadError(
                f"could not write to the warehouse, nothing was written: {error}"
            ) from error
        raise
    return replaced


def _existing_columns(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> list[str]:
    rows = con.execute(
        """select column_name from information_schema.columns
        where table_catalog = current_database()
          and lower(table_schema) = lower(?) and lower(table_name) = lower(?)
        order by ordinal_position""",
        [schema, table],
    ).fetchall()
    return [str(name) for (name,) in rows]


def _ensure_table(
    con: duckdb.DuckDBPyConnection, schema: str, table: TableContract, mapped: Sequence[Column]
) -> None:
    relation = f"{quote(schema)}.{quote(table.identifier)}"
    existing = _existing_columns(con, schema, table.identifier)
    if not existing:
        columns = list(table.columns) + [c for c in mapped if c.custom]
        columns_sql = ", ".join(f"{quote(c.name)} {c.sql_type}" for c in columns)
        con.execute(f"create table {relation} ({columns_sql})")
        return
    present = {name.casefold() for name in existing}
    for column in mapped:
        if column.name.casefold() not in present:
            con.execute(f"alter table {relation} add column {quote(column.name)} {column.sql_type}")


def _upsert(con: duckdb.DuckDBPyConnection, schema: str, load: TableLoad) -> int:
    if not load.rows:
        return 0
    relation = f"{quote(schema)}.{quote(load.table.identifier)}"
    staged = "leadscore_load_incoming"
    # Cells travel as text and are cast in SQL: the converter already checked every value, and
    # text sidesteps pandas' guesses about types (an all-null column, NaN).
    frame = pd.DataFrame(
        list(load.rows), columns=[f"c{i}" for i in range(len(load.columns))], dtype=object
    )
    con.register(staged, frame)
    try:
        key = next(i for i, c in enumerate(load.columns) if c.name == load.table.key)
        deleted = con.execute(
            f"delete from {relation} where {quote(load.table.key)} in "
            f"(select cast(c{key} as varchar) from {staged})"
        ).fetchall()
        targets = ", ".join(quote(column.name) for column in load.columns)
        casts = ", ".join(
            f"cast(cast(c{i} as varchar) as {column.sql_type})"
            for i, column in enumerate(load.columns)
        )
        con.execute(f"insert into {relation} ({targets}) select {casts} from {staged}")
    finally:
        con.unregister(staged)
    return int(deleted[0][0]) if deleted else 0


def _insert_rejections(
    con: duckdb.DuckDBPyConnection, rejected: str, load: TableLoad, loaded_at: datetime
) -> None:
    if not load.rejections:
        return
    staged = "leadscore_load_rejections"
    frame = pd.DataFrame(
        [
            (load.source_file, r.line, load.table.identifier, r.reason, r.raw_row)
            for r in load.rejections
        ],
        columns=["source_file", "line_number", "target_table", "reason", "raw_row"],
        dtype=object,
    )
    con.register(staged, frame)
    try:
        con.execute(
            f"""insert into {rejected}
            (loaded_at, source_file, line_number, target_table, reason, raw_row)
            select ?::timestamp, cast(source_file as varchar), cast(line_number as bigint),
                   cast(target_table as varchar), cast(reason as varchar),
                   cast(raw_row as varchar)
            from {staged}""",
            [loaded_at],
        )
    finally:
        con.unregister(staged)

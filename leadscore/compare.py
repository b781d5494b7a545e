"""Row-by-row comparison of scored tables, across warehouses (DuckDB, Postgres) and runs.

Used by the end-to-end tests (the same seeds must give identical marts on both adapters, and an
incremental run must equal a full refresh) and by the benchmark (dbt, hand-written SQL and
pandas must agree before any figure is printed).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb

# The published marts and the columns that identify one row of each.
MART_KEYS: dict[str, tuple[str, ...]] = {
    "lead_scores": ("lead_id", "model_id"),
    "lead_score_explanations": ("lead_id", "model_id", "rule_id"),
    "account_scores": ("account_id", "model_id"),
    "data_quality_issues": ("source_table", "data_quality_issue"),
}


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: list[tuple]


Fetch = Callable[[str], Table]


def duckdb_fetch(database: Path) -> Fetch:
    """A function running one query on a DuckDB file (read-only, short-lived connection)."""

    def fetch(sql: str) -> Table:
        connection = duckdb.connect(str(database), read_only=True)
        try:
            cursor = connection.execute(sql)
            columns = tuple(d[0] for d in cursor.description)
            return Table(columns, [tuple(row) for row in cursor.fetchall()])
        finally:
            connection.close()

    return fetch


def postgres_fetch(connect: Callable[[], object]) -> Fetch:
    """A function running one query on Postgres; ``connect`` returns a psycopg2 connection."""

    def fetch(sql: str) -> Table:
        connection = connect()
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql)
                columns = tuple(d[0] for d in cursor.description)
                return Table(columns, [tuple(row) for row in cursor.fetchall()])
        finally:
            connection.close()

    return fetch


def ordered_select(relation: str, keys: Sequence[str], columns: Sequence[str] = ("*",)) -> str:
    return f"select {', '.join(columns)} from {relation} order by {', '.join(keys)}"


def table_differences(left: Table, right: Table, keys: Sequence[str], limit: int = 5) -> list[str]:
    """Human-readable differences between two tables sorted by ``keys`` (empty when equal)."""
    problems: list[str] = []
    if left.columns != right.columns:
        return [f"columns differ: {left.columns} vs {right.columns}"]
    key_positions = [left.columns.index(key) for key in keys]
    left_by_key = {tuple(row[i] for i in key_positions): row for row in left.rows}
    right_by_key = {tuple(row[i] for i in key_positions): row for row in right.rows}
    if len(left_by_key) != len(left.rows) or len(right_by_key) != len(right.rows):
        problems.append(f"duplicate keys {tuple(keys)}")
    for key in sorted(left_by_key.keys() - right_by_key.keys(), key=repr)[:limit]:
        problems.append(f"only on the left: {key}")
    for key in sorted(right_by_key.keys() - left_by_key.keys(), key=repr)[:limit]:
        problems.append(f"only on the right: {key}")
    changed = 0
    for key in sorted(left_by_key.keys() & right_by_key.keys(), key=repr):
        a, b = left_by_key[key], right_by_key[key]
        if a != b:
            changed += 1
            if changed <= limit:
                detail = {
                    column: (x, y)
                    for column, x, y in zip(left.columns, a, b, strict=True)
                    if x != y
                }
                problems.append(f"{key}: {detail}")
    if changed > limit:
        problems.append(f"... {changed} differing rows in all")
    if len(left.rows) != len(right.rows):
        problems.append(f"row counts differ: {len(left.rows)} vs {len(right.rows)}")
    return problems


def compare_marts(
    left: Fetch, right: Fetch, schema: str = "scores", marts: Sequence[str] = tuple(MART_KEYS)
) -> dict[str, list[str]]:
    """Differences per mart between two warehouses' ``schema`` (all lists empty when equal)."""
    result: dict[str, list[str]] = {}
    for mart in marts:
        keys = MART_KEYS[mart]
        query = ordered_select(f"{schema}.{mart}", keys)
        result[mart] = table_differences(left(query), right(query), keys)
    return result

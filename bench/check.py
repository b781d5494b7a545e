"""Identical scores: dbt's marts against another implementation's result tables.

dbt's marts are read where dbt builds them (main_marts): the benchmark's scoring-only builds
leave out the tests, so by design they do not publish to `scores`.

Compared columns: every score, grade, stage, account score, and every explanation row's
rule_points and contributed_points, for every lead x active model (and account x model).
"""

from __future__ import annotations

from pathlib import Path

import duckdb

DBT_MARTS = "main_marts"
COMPARED = {
    "lead_scores": (
        ("lead_id", "model_id"),
        "is_primary_model, fit_score, engagement_score, negative_points, total_score, "
        "fit_grade, lead_stage, account_score",
    ),
    "lead_score_explanations": (
        ("lead_id", "model_id", "rule_id"),
        "rule_points, contributed_points",
    ),
    "account_scores": (
        ("account_id", "model_id"),
        "account_fit_score, account_engagement_score, account_negative_points, account_score, "
        "engaged_contact_count",
    ),
}


def differences(
    dbt_warehouse: Path, other: str, other_kind: str
) -> dict[str, tuple[int, int, list]]:
    """Per table: (rows only in dbt, rows only in other, a few examples); all zero when equal.

    other_kind is 'duckdb' (a DuckDB file with the three tables in main) or 'parquet' (a folder
    with <table>.parquet files, points as decimal(12,2)).
    """
    connection = duckdb.connect()
    connection.execute("set enable_progress_bar = false")
    try:
        connection.execute(f"attach '{dbt_warehouse}' as dbt (read_only)")
        if other_kind == "duckdb":
            connection.execute(f"attach '{other}' as other (read_only)")
        result = {}
        for table, (keys, columns) in COMPARED.items():
            selected = ", ".join(keys) + ", " + columns
            left = f"select {selected} from dbt.{DBT_MARTS}.{table}"
            source = (
                f"other.main.{table}" if other_kind == "duckdb" else f"'{other}/{table}.parquet'"
            )
            right = f"select {selected} from {source}"
            only_left = connection.execute(
                f"select count(*) from ({left} except all {right})"
            ).fetchall()[0][0]
            only_right = connection.execute(
                f"select count(*) from ({right} except all {left})"
            ).fetchall()[0][0]
            examples = []
            if only_left or only_right:
                examples = connection.execute(
                    f"(select 'dbt' as side, * from ({left} except all {right}) limit 3) union all "
                    f"(select 'other', * from ({right} except all {left}) limit 3)"
                ).fetchall()
            result[table] = (only_left, only_right, examples)
        return result
    finally:
        connection.close()


def assert_identical(dbt_warehouse: Path, other: str, other_kind: str, name: str) -> None:
    found = differences(dbt_warehouse, other, other_kind)
    bad = {table: diff for table, diff in found.items() if diff[0] or diff[1]}
    if bad:
        lines = [f"{name} does not give dbt's scores:"]
        for table, (left, right, examples) in bad.items():
            lines.append(f"  {table}: {left} rows only in dbt, {right} only in {name}")
            lines.extend(f"    {row}" for row in examples)
        raise SystemExit("\n".join(lines))
    print(f"  identical: {name} = dbt on every score ({', '.join(COMPARED)})")


def assert_same_marts(left_db: Path, right_db: Path, name: str) -> None:
    """Every column of every scoring mart, row for row (as multisets)."""
    connection = duckdb.connect()
    connection.execute("set enable_progress_bar = false")
    try:
        connection.execute(f"attach '{left_db}' as l (read_only)")
        connection.execute(f"attach '{right_db}' as r (read_only)")
        for table in COMPARED:
            a = f"select * from l.{DBT_MARTS}.{table}"
            b = f"select * from r.{DBT_MARTS}.{table}"
            extra = connection.execute(
                f"select (select count(*) from ({a} except all {b})), "
                f"(select count(*) from ({b} except all {a}))"
            ).fetchall()[0]
            if extra != (0, 0):
                raise SystemExit(f"{name}: {table} differs ({extra[0]} / {extra[1]} rows)")
    finally:
        connection.close()
    print(f"  identical: {name} (scoring marts, every column, row by row)")

"""Copy the raw tables of a DuckDB warehouse (e.g. the demo generator's) into PostgreSQL.

The generator writes DuckDB only, and DuckDB's postgres extension cannot be installed on
machines without access to its extension server, so the copy goes through CSV: DuckDB exports
each table (in parallel, to a temporary file), psycopg2 streams it in with ``COPY ... FROM
STDIN``. All tables are replaced in one transaction, so readers never see a half-loaded schema.

    python -m leadscore.load_postgres warehouse/leadscore.duckdb   # uses LEADSCORE_PG_*

Connection settings come from the same environment variables as the ``postgres`` target in
profiles.yml: LEADSCORE_PG_HOST, _PORT, _USER, _PASSWORD, _DATABASE.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb

from leadscore.paths import RAW_SCHEMA

RAW_TABLES = ("accounts", "leads", "events", "opportunities")
_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]*$")

# DuckDB column types (information_schema spelling) to PostgreSQL types.
_TYPES = {
    "VARCHAR": "text",
    "INTEGER": "integer",
    "BIGINT": "bigint",
    "SMALLINT": "smallint",
    "DOUBLE": "double precision",
    "FLOAT": "real",
    "BOOLEAN": "boolean",
    "DATE": "date",
    "TIMESTAMP": "timestamp",
    "TIMESTAMP WITH TIME ZONE": "timestamptz",
}


@dataclass(frozen=True)
class PostgresSettings:
    host: str = "127.0.0.1"
    port: int = 5432
    user: str = "postgres"
    password: str = ""
    database: str = "leadscore"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> PostgresSettings:
        """The settings profiles.yml's postgres target reads (LEADSCORE_PG_*)."""
        env = os.environ if environ is None else environ
        return cls(
            host=env.get("LEADSCORE_PG_HOST", cls.host),
            port=int(env.get("LEADSCORE_PG_PORT", cls.port)),
            user=env.get("LEADSCORE_PG_USER", cls.user),
            password=env.get("LEADSCORE_PG_PASSWORD", cls.password),
            database=env.get("LEADSCORE_PG_DATABASE", cls.database),
        )

    def connect(self, database: str | None = None):  # -> psycopg2 connection
        import psycopg2

        return psycopg2.connect(
            host=self.host,
            port=self.port,
            user=self.user,
            password=self.password or None,
            dbname=database or self.database,
        )


def postgres_configured(environ: Mapping[str, str] | None = None) -> bool:
    """True when the environment names a Postgres server (LEADSCORE_PG_HOST and _PORT)."""
    env = os.environ if environ is None else environ
    return bool(env.get("LEADSCORE_PG_HOST") and env.get("LEADSCORE_PG_PORT"))


def ensure_database(settings: PostgresSettings) -> None:
    """Create settings.database if it does not exist (connecting to the `postgres` database)."""
    connection = settings.connect("postgres")
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("select 1 from pg_database where datname = %s", [settings.database])
            if cursor.fetchone() is None:
                cursor.execute(f'create database "{settings.database}"')
    finally:
        connection.close()


def _pg_type(duckdb_type: str) -> str:
    decimal = re.match(r"^DECIMAL\((\d+),\s*(\d+)\)$", duckdb_type)
    if decimal:
        return f"numeric({decimal.group(1)}, {decimal.group(2)})"
    try:
        return _TYPES[duckdb_type]
    except KeyError:
        raise ValueError(f"no PostgreSQL type known for DuckDB type {duckdb_type}") from None


def _checked(name: str) -> str:
    if not _IDENTIFIER.match(name):
        raise ValueError(f"not a plain SQL identifier: {name!r}")
    return name


def copy_tables(
    duckdb_path: Path,
    settings: PostgresSettings,
    *,
    tables: Sequence[str] = RAW_TABLES,
    source_schema: str = RAW_SCHEMA,
    target_schema: str = RAW_SCHEMA,
    where: Mapping[str, str] | None = None,
    append: bool = False,
) -> dict[str, int]:
    """Copy DuckDB tables into Postgres; returns rows copied per table.

    Replaces the target tables (or, with ``append``, adds to them) in one transaction. ``where``
    optionally filters a table's rows (a trusted SQL condition, used by tests and the benchmark
    to copy one day of events).
    """
    source_schema, target_schema = _checked(source_schema), _checked(target_schema)
    counts: dict[str, int] = {}
    source = duckdb.connect(str(duckdb_path), read_only=True)
    target = settings.connect()
    try:
        with tempfile.TemporaryDirectory(prefix="leadscore-pg-") as scratch, target.cursor() as cur:
            cur.execute(f"create schema if not exists {target_schema}")
            for table in map(_checked, tables):
                columns = source.execute(
                    "select column_name, data_type from information_schema.columns "
                    "where table_schema = ? and table_name = ? order by ordinal_position",
                    [source_schema, table],
                ).fetchall()
                if not columns:
                    raise ValueError(f"{duckdb_path} has no table {source_schema}.{table}")
                qualified = f"{target_schema}.{table}"
                if not append:
                    cur.execute(f"drop table if exists {qualified}")
                    column_sql = ", ".join(f"{_checked(n)} {_pg_type(t)}" for n, t in columns)
                    cur.execute(f"create table {qualified} ({column_sql})")
                condition = (where or {}).get(table)
                query = f"select * from {source_schema}.{table}"
                if condition:
                    query += f" where {condition}"
                csv_path = Path(scratch) / f"{table}.csv"
                # DuckDB writes NULL as an empty field and '' as "", which COPY CSV reads back
                # as NULL and '' respectively.
                source.execute(f"copy ({query}) to '{csv_path}' (format csv, header false)")
                names = ", ".join(name for name, _ in columns)
                with csv_path.open("r", encoding="utf-8") as handle:
                    cur.copy_expert(
                        f"copy {qualified} ({names}) from stdin with (format csv)", handle
                    )
                counts[table] = cur.rowcount
                csv_path.unlink()
                if not append:
                    cur.execute(f"analyze {qualified}")
        target.commit()
    except BaseException:
        target.rollback()
        raise
    finally:
        target.close()
        source.close()
    return counts


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m leadscore.load_postgres",
        description="Copy the raw tables of a DuckDB warehouse into PostgreSQL (LEADSCORE_PG_*).",
    )
    parser.add_argument("duckdb_path", type=Path, help="the DuckDB file, e.g. from `generate`")
    parser.add_argument("--schema", default=RAW_SCHEMA, help="source and target schema")
    args = parser.parse_args(argv)
    settings = PostgresSettings.from_env()
    ensure_database(settings)
    started = time.perf_counter()
    counts = copy_tables(
        args.duckdb_path, settings, source_schema=args.schema, target_schema=args.schema
    )
    for table, rows in counts.items():
        print(f"  {args.schema}.{table:<16} {rows:>12,} rows")
    print(
        f"copied to {settings.host}:{settings.port}/{settings.database} in "
        f"{time.perf_counter() - started:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

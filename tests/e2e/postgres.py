"""What the Postgres end-to-end tests share: the server they need, and a scratch database."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from leadscore.load_postgres import PostgresSettings, ensure_database, postgres_configured


def require_postgres(what: str) -> None:
    """Skip (fail in CI, which must test Postgres) when no server is configured."""
    if postgres_configured():
        return
    if os.environ.get("CI"):
        pytest.fail("CI must test Postgres: .ci/run should have set LEADSCORE_PG_HOST/_PORT")
    pytest.skip(
        "no PostgreSQL server: set LEADSCORE_PG_HOST and LEADSCORE_PG_PORT (.ci/run starts one "
        f"on loopback) to run {what}"
    )


def drop_database(settings: PostgresSettings) -> None:
    connection = settings.connect("postgres")
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(f'drop database if exists "{settings.database}" with (force)')
    finally:
        connection.close()


@contextmanager
def scratch_database(prefix: str, what: str) -> Iterator[PostgresSettings]:
    """A new database of this process on the configured server, dropped afterwards."""
    require_postgres(what)
    settings = dataclasses.replace(PostgresSettings.from_env(), database=f"{prefix}_{os.getpid()}")
    drop_database(settings)
    ensure_database(settings)
    try:
        yield settings
    finally:
        drop_database(settings)

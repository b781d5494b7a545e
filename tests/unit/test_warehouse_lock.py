"""A second process on a busy DuckDB warehouse gets one line, naming the holder, not a traceback."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from leadscore.cli import main
from leadscore.paths import DUCKDB_PATH_ENV
from leadscore.warehouse_lock import WarehouseBusyError, busy_message, ensure_not_busy

HOLD = (
    "import duckdb, sys, time\n"
    "connection = duckdb.connect(sys.argv[1])\n"
    "print('holding', flush=True)\n"
    "time.sleep(60)\n"
)


@pytest.fixture
def held_warehouse(tmp_path: Path) -> Iterator[tuple[Path, int]]:
    """A DuckDB file held open for writing by another process (as a running dbt build does)."""
    database = tmp_path / "busy.duckdb"
    duckdb.connect(str(database)).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(database)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        yield database, holder.pid
    finally:
        holder.kill()
        holder.wait()


def test_busy_warehouse_is_one_line_naming_the_holder(held_warehouse: tuple[Path, int]) -> None:
    database, pid = held_warehouse
    with pytest.raises(WarehouseBusyError) as raised:
        ensure_not_busy(database)
    message = str(raised.value)
    assert "\n" not in message
    assert f"process {pid} (" in message and "-c import duckdb, sys" in message
    assert "busy" in message and "wait for that process to finish" in message


def test_cli_prints_one_line_and_no_traceback(
    held_warehouse: tuple[Path, int],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    database, pid = held_warehouse
    monkeypatch.setenv(DUCKDB_PATH_ENV, str(database))
    assert main(["summary"]) == 1
    assert main(["build"]) == 1  # checked before dbt starts
    errors = capsys.readouterr().err.strip().splitlines()
    assert len(errors) == 2 and all(f"process {pid}" in line for line in errors), errors
    assert all(line.startswith("leadscore: the warehouse") for line in errors)


def test_other_errors_are_not_called_busy(tmp_path: Path) -> None:
    assert busy_message(tmp_path / "x.duckdb", OSError("disk full")) is None
    ensure_not_busy(tmp_path / "does-not-exist-yet.duckdb")  # a new file is free

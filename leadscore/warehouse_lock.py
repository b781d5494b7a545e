"""One line instead of a traceback when another process holds the DuckDB warehouse.

DuckDB lets one process write a database file, and while it does, no other process may open
the file at all. A second `dbt build`, `leadscore` command or Dagster run then fails in under a
second, which is right, but dbt and the duckdb module report it as a Python traceback. This
module turns DuckDB's lock error into one sentence: the warehouse is busy, which process holds
it, and what to do.

It is used by the `leadscore` commands and Dagster, which check before they start dbt, and by
plain `dbt build` through the dbt-duckdb plugin in leadscore/dbt_duckdb_plugin.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb

_LOCK_CONFLICT = re.compile(
    r"Could not set lock on file .*?Conflicting lock is held in (.*?) \(PID (\d+)\)"
)


class WarehouseBusyError(RuntimeError):
    """Another process holds the DuckDB file. A RuntimeError, so dbt reports it as a failed
    connection (one line) rather than an unexpected exception (a traceback)."""


def _command_line(pid: int) -> str | None:
    """The holder's command line, from /proc (None where there is no /proc or no access)."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None
    words = [word.decode(errors="replace") for word in raw.split(b"\0") if word]
    if not words:
        return None
    command = " ".join(" ".join(words).split())
    return command if len(command) <= 120 else command[:117] + "..."


def busy_message(database: Path | str, error: BaseException) -> str | None:
    """The one-line explanation of a DuckDB lock conflict, or None for any other error."""
    match = _LOCK_CONFLICT.search(str(error))
    if match is None:
        return None
    program, pid = match.group(1), int(match.group(2))
    holder = _command_line(pid) or program
    return (
        f"the warehouse {database} is busy: process {pid} ({holder}) has it open. DuckDB allows "
        "one writer at a time and no readers meanwhile: wait for that process to finish (or stop "
        "it), then run this again."
    )


def open_warehouse(database: Path | str, *, read_only: bool = True) -> duckdb.DuckDBPyConnection:
    """duckdb.connect, raising WarehouseBusyError (one line) when another process holds the file."""
    try:
        return duckdb.connect(str(database), read_only=read_only)
    except duckdb.IOException as error:
        message = busy_message(database, error)
        if message is None:
            raise
        raise WarehouseBusyError(message) from None


def ensure_not_busy(database: Path | str) -> None:
    """Raise WarehouseBusyError when another process holds the file (no-op if it is free).

    Opens the file for writing and closes it at once; a file that does not exist yet is free.
    """
    path = Path(database)
    if str(database) == ":memory:" or not path.exists():
        return
    open_warehouse(path, read_only=False).close()

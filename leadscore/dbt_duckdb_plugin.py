"""dbt-duckdb plugin (profiles.yml): say "the warehouse is busy" in one line, not a traceback.

dbt-duckdb calls update_connection_config just before it opens the warehouse file. Checking for
another holder there and raising a RuntimeError makes dbt report a failed connection with the
one-line explanation from leadscore.warehouse_lock, where DuckDB's own lock error escapes dbt's
handlers and prints a traceback.
"""

from __future__ import annotations

from typing import Any

from dbt.adapters.duckdb.plugins import BasePlugin

from leadscore.warehouse_lock import ensure_not_busy


class Plugin(BasePlugin):
    def update_connection_config(self, creds: Any, config: dict[str, Any]) -> None:
        ensure_not_busy(creds.path)

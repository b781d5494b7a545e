"""Where the project and its embedded warehouse live.

One place decides the DuckDB file so the CLI, dbt (profiles.yml reads the same
environment variable) and Dagster never disagree about which warehouse they use.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DUCKDB_PATH_ENV = "LEADSCORE_DUCKDB_PATH"
DEFAULT_DUCKDB_PATH = PROJECT_ROOT / "warehouse" / "leadscore.duckdb"
RAW_SCHEMA = "raw"


def duckdb_path() -> Path:
    """The DuckDB warehouse file: $LEADSCORE_DUCKDB_PATH, else warehouse/leadscore.duckdb."""
    configured = os.environ.get(DUCKDB_PATH_ENV)
    return Path(configured).resolve() if configured else DEFAULT_DUCKDB_PATH

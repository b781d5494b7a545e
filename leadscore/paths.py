"""Where the project and its embedded warehouse live.

One place decides the dbt project and its DuckDB file, so the CLI, dbt (profiles.yml reads the
same environment variable) and Dagster never disagree about which warehouse they use.

The CLI acts on the dbt project it is run in, as dbt does: `--project-dir`, else
$DBT_PROJECT_DIR, else the current directory; never silently on the folder leadscore was
installed from (PROJECT_ROOT, the project this package ships in, which the tests, the benchmark
and the Dagster code location use).
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DUCKDB_PATH_ENV = "LEADSCORE_DUCKDB_PATH"
RAW_SCHEMA = "raw"


PROJECT_DIR_ENV = "DBT_PROJECT_DIR"


class ProjectNotFoundError(RuntimeError):
    """No dbt_project.yml where leadscore was asked to work."""


def find_project_dir(explicit: Path | None = None) -> Path:
    """The dbt project to act on: `explicit`, else $DBT_PROJECT_DIR, else the current directory."""
    configured = os.environ.get(PROJECT_DIR_ENV)
    if explicit is not None:
        candidate, how = Path(explicit), "--project-dir"
    elif configured:
        candidate, how = Path(configured), f"${PROJECT_DIR_ENV}"
    else:
        candidate, how = Path.cwd(), "the current directory"
    if not (candidate / "dbt_project.yml").is_file():
        raise ProjectNotFoundError(
            f"no dbt_project.yml in {candidate} ({how}): run leadscore in a leadscore dbt "
            "project, or pass --project-dir"
        )
    return candidate.resolve()


def duckdb_path(project_dir: Path | None = None) -> Path:
    """The DuckDB warehouse file: $LEADSCORE_DUCKDB_PATH (relative paths from the project, as
    dbt reads them), else warehouse/leadscore.duckdb in the project."""
    project = project_dir or PROJECT_ROOT
    configured = os.environ.get(DUCKDB_PATH_ENV)
    if configured:
        return (project / configured).resolve()
    return project / "warehouse" / "leadscore.duckdb"

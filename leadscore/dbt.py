"""Running dbt on a leadscore project, the same way from the CLI, the tests and the benchmark."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from leadscore.paths import DUCKDB_PATH_ENV, PROJECT_ROOT


class DbtError(RuntimeError):
    """dbt exited with an error; the message carries dbt's own explanation."""


def dbt_executable() -> str:
    """The dbt installed beside this Python (the project's virtual environment)."""
    candidate = Path(sys.executable).with_name("dbt")
    return str(candidate) if candidate.exists() else "dbt"


def dbt_environment(
    duckdb_path: Path | None = None,
    target: str | None = None,
    artifacts_dir: Path | None = None,
    extra_env: Mapping[str, str] | None = None,
    project_dir: Path | None = None,
) -> dict[str, str]:
    env = dict(os.environ)
    # e.g. LEADSCORE_PG_DATABASE for a test's own Postgres database.
    env.update(extra_env or {})
    project = project_dir or PROJECT_ROOT
    # The project's own profiles.yml when it has one; else dbt's usual lookup.
    if (project / "profiles.yml").is_file():
        env["DBT_PROFILES_DIR"] = str(project)
    env.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    if duckdb_path is not None:
        env[DUCKDB_PATH_ENV] = str(duckdb_path)
    if target is not None:
        env["LEADSCORE_TARGET"] = target
    if artifacts_dir is not None:
        # Separate target/ and logs/ let several dbt processes share the project directory.
        env["DBT_TARGET_PATH"] = str(artifacts_dir / "target")
        env["DBT_LOG_PATH"] = str(artifacts_dir / "logs")
    return env


def run_dbt(
    args: Sequence[str],
    *,
    score_date: str | None = None,
    extra_vars: Mapping[str, object] | None = None,
    duckdb_path: Path | None = None,
    target: str | None = None,
    artifacts_dir: Path | None = None,
    capture: bool = False,
    extra_env: Mapping[str, str] | None = None,
    project_dir: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run `dbt <args>` in the project (default: the one this package ships in); raise DbtError
    (with dbt's output) on failure."""
    command = [dbt_executable(), *args]
    dbt_vars: dict[str, object] = dict(extra_vars or {})
    if score_date is not None:
        dbt_vars["score_date"] = score_date
    if dbt_vars:
        command += ["--vars", json.dumps(dbt_vars)]
    completed = subprocess.run(
        command,
        cwd=project_dir or PROJECT_ROOT,
        env=dbt_environment(duckdb_path, target, artifacts_dir, extra_env, project_dir),
        text=True,
        capture_output=capture,
        check=False,
    )
    if completed.returncode != 0:
        output = (completed.stdout or "") + (completed.stderr or "") if capture else ""
        raise DbtError(f"dbt {' '.join(args)} failed (exit {completed.returncode}).\n{output}")
    return completed

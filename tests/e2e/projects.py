"""A copy of the dbt project with its own warehouse file, for tests that edit seeds or vars."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import duckdb

from leadscore.dbt import dbt_executable
from leadscore.paths import PROJECT_ROOT
from tests.conftest import SCORE_DATE

# What dbt reads: the project file, profiles, and the model, macro, seed and test folders.
DBT_PROJECT_PARTS = ("dbt_project.yml", "profiles.yml", "models", "macros", "seeds", "tests/dbt")


@dataclass(frozen=True)
class DbtProject:
    directory: Path
    database: Path

    @property
    def seeds(self) -> Path:
        return self.directory / "seeds"

    def dbt(self, *args: str) -> subprocess.CompletedProcess[str]:
        env = dict(os.environ)
        env.update(
            {
                "DBT_PROFILES_DIR": str(self.directory),
                "LEADSCORE_DUCKDB_PATH": str(self.database),
                "DBT_TARGET_PATH": str(self.directory / "target"),
                "DBT_LOG_PATH": str(self.directory / "logs"),
                "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
            }
        )
        env.pop("LEADSCORE_TARGET", None)
        return subprocess.run(
            [dbt_executable(), *args],
            cwd=self.directory,
            env=env,
            text=True,
            capture_output=True,
            check=False,
        )

    def build(self, **dbt_vars: object) -> subprocess.CompletedProcess[str]:
        return self.dbt("build", "--vars", json.dumps({"score_date": str(SCORE_DATE), **dbt_vars}))

    def query(self, sql: str) -> list[tuple]:
        connection = duckdb.connect(str(self.database), read_only=True)
        try:
            return connection.execute(sql).fetchall()
        finally:
            connection.close()


def copy_project(directory: Path, database: Path) -> DbtProject:
    """Copy what dbt reads into `directory`; the copy scores the warehouse file `database`."""
    for part in DBT_PROJECT_PARTS:
        source = PROJECT_ROOT / part
        if source.is_dir():
            shutil.copytree(source, directory / part)
        else:
            (directory / part).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, directory / part)
    return DbtProject(directory, database)

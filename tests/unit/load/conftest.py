"""A temporary project (a copy of dbt_project.yml) with its own DuckDB warehouse file."""

from __future__ import annotations

import shutil
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pytest
import yaml

from leadscore.load import LoadReport, load_exports
from leadscore.paths import DUCKDB_PATH_ENV, PROJECT_ROOT

EXPORTS = PROJECT_ROOT / "tests" / "fixtures" / "exports"
MAPPINGS = PROJECT_ROOT / "mappings"


@dataclass
class Project:
    """A project dir and its warehouse, with helpers to load into it and query it."""

    dir: Path
    database: Path

    def set_vars(self, **dbt_vars: Any) -> None:
        """Change vars in the project's dbt_project.yml (custom columns, table names)."""
        path = self.dir / "dbt_project.yml"
        project = yaml.safe_load(path.read_text(encoding="utf-8"))
        project["vars"].update(dbt_vars)
        path.write_text(yaml.safe_dump(project, sort_keys=False), encoding="utf-8")

    def write(self, name: str, text: str | bytes) -> Path:
        """A file in the project dir (CSV or mapping)."""
        path = self.dir / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def load(
        self,
        mapping: Path | str,
        files: Sequence[Path] = (),
        tables: Mapping[str, Path] | None = None,
        **options: Any,
    ) -> LoadReport:
        return load_exports(self.dir, mapping, files, list((tables or {}).items()), **options)

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        with duckdb.connect(str(self.database), read_only=True) as con:
            return con.execute(sql).fetchall()

    def rejected(self) -> list[tuple[int, str, str]]:
        """(line_number, target_table, reason) of every rejected row, in line order."""
        return self.query(
            "select line_number, target_table, reason from raw.rejected_rows "
            "order by source_file, line_number"
        )


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    directory = tmp_path / "project"
    directory.mkdir()
    shutil.copy(PROJECT_ROOT / "dbt_project.yml", directory / "dbt_project.yml")
    database = tmp_path / "warehouse.duckdb"
    monkeypatch.setenv(DUCKDB_PATH_ENV, str(database))
    return Project(directory, database)

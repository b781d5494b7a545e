"""Resources: dbt, and short-lived DuckDB connections to the same warehouse file dbt writes.

The warehouse file is decided in one place, ``leadscore.paths.duckdb_path()``
($LEADSCORE_DUCKDB_PATH, else warehouse/leadscore.duckdb), which profiles.yml also reads, so
the dbt subprocess, the demo generator, the checks and the report never disagree.

DuckDB lets one process write a file, and no other process may open it meanwhile, not even
read-only. So nothing here keeps a connection: each step opens one, reads, and closes it before
the next step (dbt, in its own process) needs the file.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import dagster as dg
import duckdb
from dagster_dbt import DbtCliResource

from leadscore.dbt import dbt_executable
from leadscore.paths import duckdb_path
from leadscore.warehouse_lock import open_warehouse
from orchestration.project import leadscore_project


class DuckDBWarehouse(dg.ConfigurableResource):
    """The embedded DuckDB warehouse ($LEADSCORE_DUCKDB_PATH, else warehouse/leadscore.duckdb)."""

    @property
    def path(self) -> Path:
        return duckdb_path()

    @contextmanager
    def connect(self, read_only: bool = True) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection that is closed (releasing DuckDB's file lock) when the block ends."""
        connection = open_warehouse(self.path, read_only=read_only)
        try:
            yield connection
        finally:
            connection.close()


@cache
def _manifest_nodes() -> dict[str, dict]:
    manifest = json.loads(Path(leadscore_project.manifest_path).read_text(encoding="utf-8"))
    return {
        node["name"]: node
        for node in manifest["nodes"].values()
        if node["resource_type"] in ("model", "seed")
    }


def dbt_relations(names: Sequence[str]) -> dict[str, str]:
    """Where dbt builds each model or seed, as '"schema"."table"', from the manifest.

    The database part is left out: on DuckDB it is the file name, which differs between the
    file the manifest was parsed with and the file a run uses (tests, LEADSCORE_DUCKDB_PATH).
    """
    nodes = _manifest_nodes()
    return {name: f'"{nodes[name]["schema"]}"."{nodes[name]["alias"]}"' for name in names}


def build_resources() -> dict[str, object]:
    return {
        "dbt": DbtCliResource(project_dir=leadscore_project, dbt_executable=dbt_executable()),
        "warehouse": DuckDBWarehouse(),
    }

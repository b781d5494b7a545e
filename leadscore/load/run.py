"""`leadscore load`: match files to mapping entries, read and convert them all, then write.

Nothing is written until every file has been read and converted, so a file that cannot be
read (or a mapping that does not fit it) stops the run before the warehouse is touched; the
write itself is one transaction.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from leadscore.load.contract import Contract, project_contract
from leadscore.load.convert import ConvertedFile, convert
from leadscore.load.errors import LoadError
from leadscore.load.mapping import LoadMapping, TableMapping, read_mapping
from leadscore.load.reading import read_csv
from leadscore.load.report import LoadReport
from leadscore.load.writer import TableLoad, write
from leadscore.paths import PROJECT_ROOT, duckdb_path
from leadscore.warehouse_lock import open_warehouse

MAPPINGS_DIR = "mappings"


@dataclass(frozen=True)
class Assignment:
    """A file and the mapping entry that loads it."""

    path: Path
    entry: TableMapping


def load_exports(
    project_dir: Path,
    mapping: Path | str,
    files: Sequence[Path] = (),
    tables: Sequence[tuple[str, Path]] = (),
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
    dry_run: bool = False,
) -> LoadReport:
    """Load CSV exports into the project's raw tables through a mapping file."""
    contract = project_contract(project_dir)
    load_mapping = read_mapping(find_mapping(mapping, project_dir), contract)
    assignments = assign_files(load_mapping, files, tables)
    converted = [
        convert(
            read_csv(item.path, encoding=encoding, delimiter=delimiter),
            item.entry,
            contract.tables[item.entry.target],
        )
        for item in assignments
    ]
    database = duckdb_path(project_dir)
    replaced = [0] * len(converted)
    if not dry_run:
        replaced = _write(database, contract, converted)
    return LoadReport(
        database=database,
        schema=contract.raw_schema,
        files=tuple(converted),
        replaced=tuple(replaced),
        dry_run=dry_run,
    )


def find_mapping(mapping: Path | str, project_dir: Path) -> Path:
    """The mapping file: a path, or the name of one in the project's (or leadscore's) mappings/."""
    path = Path(mapping)
    if path.is_file():
        return path
    if path.parent == Path(".") and not path.suffix:
        for folder in (project_dir / MAPPINGS_DIR, PROJECT_ROOT / MAPPINGS_DIR):
            for suffix in (".yml", ".yaml"):
                candidate = folder / f"{path.name}{suffix}"
                if candidate.is_file():
                    return candidate
    raise LoadError(
        f"no mapping file {mapping} (give a path, or the name of a file in "
        f"{project_dir / MAPPINGS_DIR}, e.g. --mapping hubspot)"
    )


def assign_files(
    mapping: LoadMapping, files: Sequence[Path], tables: Sequence[tuple[str, Path]]
) -> list[Assignment]:
    """Each file with its entry: --table NAME=PATH names it, else the one file_pattern it fits."""
    assignments: list[Assignment] = []
    for path in files:
        assignments.append(Assignment(path, _entry_for(mapping, path)))
    for name, path in tables:
        if name not in mapping.tables:
            raise LoadError(
                f"--table {name}={path}: {mapping.path} has no entry '{name}' "
                f"(its entries: {', '.join(mapping.tables)})"
            )
        assignments.append(Assignment(path, mapping.tables[name]))
    if not assignments:
        raise LoadError("no files to load: give CSV files, or --table NAME=PATH")
    seen: set[Path] = set()
    for item in assignments:
        if not item.path.is_file():
            raise LoadError(f"no such file: {item.path}")
        resolved = item.path.resolve()
        if resolved in seen:
            raise LoadError(f"{item.path} is given twice")
        seen.add(resolved)
    return assignments


def _entry_for(mapping: LoadMapping, path: Path) -> TableMapping:
    name = path.name.casefold()
    fits = [
        entry
        for entry in mapping.tables.values()
        if entry.file_pattern and fnmatch.fnmatchcase(name, entry.file_pattern.casefold())
    ]
    if len(fits) == 1:
        return fits[0]
    patterns = ", ".join(f"{entry.name}: {entry.file_pattern}" for entry in mapping.tables.values())
    if fits:
        which = ", ".join(entry.name for entry in fits)
        raise LoadError(
            f"{path} fits the file_pattern of several entries of {mapping.path} ({which}): "
            f"say which with --table NAME={path}"
        )
    raise LoadError(
        f"{path} fits no file_pattern of {mapping.path} ({patterns or 'none'}): "
        f"say which entry loads it with --table NAME={path}"
    )


def _write(database: Path, contract: Contract, converted: Sequence[ConvertedFile]) -> list[int]:
    database.parent.mkdir(parents=True, exist_ok=True)
    con = open_warehouse(database, read_only=False)
    try:
        if contract.raw_database:
            (current,) = con.execute("select current_database()").fetchall()[0]
            if contract.raw_database != current:
                raise LoadError(
                    f"var leadscore_raw_database is {contract.raw_database!r}, but leadscore "
                    f"load writes to the warehouse file {database} (database {current!r})"
                )
        loads = [
            TableLoad(
                table=item.table,
                source_file=str(item.source.path.resolve()),
                columns=item.columns,
                rows=item.rows,
                rejections=item.rejections,
            )
            for item in converted
        ]
        loaded_at = datetime.now(UTC).replace(tzinfo=None)
        return write(con, contract.raw_schema, loads, loaded_at, list(contract.tables.values()))
    finally:
        con.close()

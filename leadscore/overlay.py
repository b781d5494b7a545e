"""Run a leadscore project with another rule set, without touching the project.

The shipped rules are the seeds in `seeds/`, compiled into macros/rules/compiled_scoring_config.sql.
To score with a rule set kept elsewhere (a data set's own rules, a candidate to backtest), copy
what dbt reads into a throwaway folder, let the rule set's CSV files replace the seeds of the
same name, and compile the rules there:

    with overlay_project(Path("adapters/bank_marketing/rules"), cli_vars=bank_vars) as project:
        run_dbt(["build"], project_dir=project, extra_vars=bank_vars, duckdb_path=database)

The copy keeps the project's name, vars, models and tests, so it scores exactly as the project
would with those seeds. It has its own target/ and logs/, and the profile's relative warehouse
path would point inside the copy: pass an absolute warehouse path (run_dbt's duckdb_path).
The folder is removed when the block ends.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from leadscore.paths import PROJECT_ROOT
from leadscore.rules import compile_rules

#: What dbt reads in a leadscore project (a part the project lacks is skipped).
PROJECT_PARTS: tuple[str, ...] = (
    "dbt_project.yml",
    "profiles.yml",
    "models",
    "macros",
    "seeds",
    "tests/dbt",
    "adapters",
)
_IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc")


class OverlayError(RuntimeError):
    """The rule set cannot be laid over the project (nothing is left behind)."""


def rule_set_files(rules_dir: Path) -> list[Path]:
    """The CSV files of a rule set; refused when there are none or one is not a project seed."""
    if not rules_dir.is_dir():
        raise OverlayError(f"{rules_dir}: no such folder of rule CSV files")
    files = sorted(path for path in rules_dir.iterdir() if path.suffix.lower() == ".csv")
    if not files:
        raise OverlayError(f"{rules_dir}: no CSV files to lay over the seeds")
    return files


def copy_project(project_dir: Path, destination: Path) -> None:
    """Copy the parts of a leadscore project that dbt reads into `destination`."""
    if not (project_dir / "dbt_project.yml").is_file():
        raise OverlayError(f"{project_dir}: no dbt_project.yml (not a dbt project)")
    for part in PROJECT_PARTS:
        source = project_dir / part
        target = destination / part
        if source.is_dir():
            shutil.copytree(source, target, ignore=_IGNORED)
        elif source.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)


def lay_over_seeds(rules_dir: Path, project_dir: Path) -> list[str]:
    """Copy the rule set's CSVs over the project's seeds; returns the file names.

    A CSV with no seed of its name in the project is refused: a misspelt file name would
    otherwise be ignored and the shipped seed scored instead.
    """
    files = rule_set_files(rules_dir)
    seeds = project_dir / "seeds"
    unknown = [path.name for path in files if not (seeds / path.name).is_file()]
    if unknown:
        raise OverlayError(
            f"{rules_dir}: {', '.join(unknown)} replace(s) no seed of the project (its seeds: "
            f"{', '.join(sorted(path.name for path in seeds.glob('*.csv')))})"
        )
    for path in files:
        shutil.copyfile(path, seeds / path.name)
    return [path.name for path in files]


@contextmanager
def overlay_project(
    rules_dir: Path,
    *,
    project_dir: Path | None = None,
    cli_vars: Mapping[str, Any] | None = None,
) -> Iterator[Path]:
    """A throwaway copy of the project with `rules_dir`'s CSVs as its seeds, rules compiled.

    cli_vars are the --vars every dbt run in the copy will get (they can change the rule
    language: custom columns); the compiled rules are checked against them. Raises
    OverlayError for an unusable rule set and RulesError (every error listed) for rules that
    do not compile; the copy is removed either way, and when the block ends.
    """
    source = Path(project_dir) if project_dir is not None else PROJECT_ROOT
    rules = Path(rules_dir).resolve()
    with tempfile.TemporaryDirectory(prefix="leadscore-overlay-") as temporary:
        project = Path(temporary) / "project"
        copy_project(source.resolve(), project)
        lay_over_seeds(rules, project)
        compile_rules(project_dir=project, cli_vars=cli_vars)
        yield project

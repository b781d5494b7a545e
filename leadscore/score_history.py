"""Replay score history quickly: score past days so the quality models have monthly cohorts.

The quality checks judge monthly cohorts ("the leads as first scored in a month") against the
opportunities that followed, so they need ``lead_score_history`` to reach back several months.
Going forward the daily Dagster partitions fill it; backfilling past partitions from the Dagster
UI works too, but costs a full ``dbt build`` (about 20 s) per day, mostly dbt re-parsing the
project because ``--vars`` changed.

This module scores a list of past days in **one** process instead: dbt parses the project once
and each day is a ``dbt run`` of the models ``lead_score_history`` needs with that day's
``score_date`` (3-4 s a day on the demo). The rows are the ones a point-in-time build of that
day writes. It is how ``make dev`` gives a new demo warehouse a year of monthly history, and how
the tests build theirs.

Run it only while nothing else writes the warehouse (no Dagster run, no other dbt): DuckDB
allows one writer. The replayed days are `dbt run`s, which never publish (no tests ran; see
docs/reliability.md), so it finishes with a `dbt build` of the latest day (``--through``, done
unless ``--no-final-build``), which publishes; that build runs in the same process and reuses
its parse (a separate `dbt build` would start dbt and parse the project again, 10-15 s).

    python -m leadscore.score_history --months 12            # through today
    python -m leadscore.score_history --months 12 --through 2026-06-30 --database x.duckdb
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import subprocess
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from leadscore.dbt import DbtError, dbt_environment
from leadscore.paths import PROJECT_DIR_ENV, PROJECT_ROOT, duckdb_path
from leadscore.warehouse_lock import open_warehouse

HISTORY_MODEL = "lead_score_history"
# The history the quality models and learning from outcomes read, replayed together.
HISTORY_MODELS = (HISTORY_MODEL, "lead_rule_hit_history")


def month_starts(through: datetime.date, months: int) -> list[datetime.date]:
    """The first day of each of the `months` months before `through`'s month, oldest first."""
    if months < 1:
        raise ValueError(f"months must be at least 1, got {months}")
    days = []
    year, month = through.year, through.month
    for _ in range(months):
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
        days.append(datetime.date(year, month, 1))
    return sorted(days)


def scored_days(database: Path) -> set[datetime.date]:
    """The days already in lead_score_history (empty when the warehouse or table is missing)."""
    if not Path(database).exists():
        return set()
    connection = open_warehouse(database)
    try:
        schemas = connection.execute(
            "select table_schema from information_schema.tables where table_name = ?",
            [HISTORY_MODEL],
        ).fetchall()
        if not schemas:
            return set()
        rows = connection.execute(
            f'select distinct scored_as_of from "{schemas[0][0]}".{HISTORY_MODEL}'
        ).fetchall()
        return {row[0] for row in rows}
    finally:
        connection.close()


def replay_score_history(
    days: Iterable[datetime.date],
    *,
    database: Path | None = None,
    artifacts_dir: Path | None = None,
    project_dir: Path | None = None,
    extra_vars: Mapping[str, object] | None = None,
    extra_env: Mapping[str, str] | None = None,
    build_day: datetime.date | None = None,
    build_vars: Mapping[str, object] | None = None,
) -> list[datetime.date]:
    """Score each day (oldest first) into the history tables, in one separate dbt process.

    Seeds are loaded first, so this works on a warehouse holding only raw tables. extra_vars
    are dbt vars for every step (as run_dbt's), e.g. a data set's raw schema and custom
    columns; each day adds its score_date. With build_day, the same process then runs `dbt
    build` of that day (tests, quality marts, publication), with build_vars added to its vars.
    Returns the days replayed. Raises DbtError when dbt fails.
    """
    ordered = sorted(set(days))
    if not ordered and build_day is None:
        return []
    command = [sys.executable, "-m", "leadscore.score_history"]
    if extra_vars:
        command += ["--vars", json.dumps(dict(extra_vars))]
    if build_day is not None:
        command += ["--build-day", build_day.isoformat()]
        if build_vars:
            command += ["--build-vars", json.dumps(dict(build_vars))]
    command += ["--worker", *(day.isoformat() for day in ordered)]
    project = project_dir or PROJECT_ROOT
    completed = subprocess.run(
        command,
        cwd=project,
        env={
            **dbt_environment(database, None, artifacts_dir, extra_env, project_dir=project),
            PROJECT_DIR_ENV: str(project),
        },
        text=True,
        capture_output=True,
        check=False,
    )
    if completed.returncode != 0:
        raise DbtError(
            f"replaying score history failed (exit {completed.returncode}).\n"
            f"{completed.stdout}{completed.stderr}"
        )
    return ordered


def _replay_in_this_process(
    days: Sequence[str],
    extra_vars: Mapping[str, object],
    build_day: str | None = None,
    build_vars: Mapping[str, object] | None = None,
) -> None:
    """The worker: one dbt parse, then `dbt seed`, one `dbt run` per day and the build of
    build_day, if any, in this process. No step changes a var the parse reads (score_date and
    the publication vars are read when models run)."""
    from dbt.cli.main import dbtRunner  # imported here: dbt is slow to import

    project = os.environ.get(PROJECT_DIR_ENV, str(PROJECT_ROOT))
    common = ["--project-dir", project, "--profiles-dir", project, "--quiet"]
    # The parse and seeds see the vars too: they decide which models exist (an adapter's) and
    # the columns the compiled rules were checked against.
    base_vars = ["--vars", json.dumps(dict(extra_vars))] if extra_vars else []
    parsed = dbtRunner().invoke(["parse", *common, *base_vars])
    if not parsed.success:
        raise DbtError(f"dbt parse failed: {parsed.exception}")
    runner = dbtRunner(manifest=parsed.result)
    # Each step with what to print once it is done.
    steps = [("loaded seeds", ["seed", *common, *base_vars])]
    for day in days:
        day_vars = json.dumps({**extra_vars, "score_date": day})
        selection = [f"+{model}" for model in HISTORY_MODELS]
        steps.append(
            (f"scored {day}", ["run", "--select", *selection, *common, "--vars", day_vars])
        )
    if build_day is not None:
        build_day_vars = {**extra_vars, **(build_vars or {}), "score_date": build_day}
        steps.append(
            (f"built {build_day}", ["build", *common, "--vars", json.dumps(build_day_vars)])
        )
    for done, step in steps:
        result = runner.invoke(step)
        if not result.success:
            raise DbtError(f"dbt {' '.join(step)} failed: {result.exception or 'see output'}")
        print(f"  {done}", flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m leadscore.score_history",
        description=(
            "Give lead_score_history monthly snapshots: score the first day of each of the last "
            "N months that are not in it yet, then build the latest day."
        ),
    )
    parser.add_argument("--months", type=int, default=12, help="months back (default 12)")
    parser.add_argument(
        "--through",
        type=datetime.date.fromisoformat,
        default=None,
        metavar="YYYY-MM-DD",
        help="the latest day: months before its month are replayed, then it is built (today)",
    )
    parser.add_argument("--database", type=Path, default=None, help="DuckDB file")
    parser.add_argument(
        "--no-final-build", action="store_true", help="do not `dbt build` the latest day after"
    )
    parser.add_argument(
        "--vars",
        type=json.loads,
        default={},
        help="dbt vars for every run, as JSON (e.g. a data set's raw schema and custom columns)",
    )
    parser.add_argument("--worker", nargs="*", help=argparse.SUPPRESS)
    parser.add_argument("--build-day", help=argparse.SUPPRESS)
    parser.add_argument("--build-vars", type=json.loads, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker is not None:
        _replay_in_this_process(args.worker, args.vars, args.build_day, args.build_vars)
        return 0

    database = (args.database or duckdb_path()).resolve()
    through = args.through or datetime.datetime.now(datetime.UTC).date()
    missing = [
        day for day in month_starts(through, args.months) if day not in scored_days(database)
    ]
    if missing:
        build = "" if args.no_final_build else f", then build {through} (the latest day)"
        print(f"Replaying {len(missing)} month start(s) into {HISTORY_MODEL} ({database}){build}")
        replay_score_history(
            missing,
            database=database,
            extra_vars=args.vars,
            build_day=None if args.no_final_build else through,
        )
    else:
        print(
            f"{HISTORY_MODEL} already has the first day of each of the last {args.months} months."
        )
    return 0


if __name__ == "__main__":
    os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    sys.exit(main())

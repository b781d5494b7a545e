"""Killing a real `dbt build` at chosen points, and checking what readers find afterwards.

A kill point is a line of dbt's output (a node starting or finishing, a step of the publish hook)
and an optional delay after it; `run_until` starts dbt in its own process group and sends it
SIGKILL as soon as the line appears, as an out-of-memory kill or a power cut would stop it: no
cleanup, no rollback by dbt. `published_set` then reads the published schema the way a BI tool
would and says whether it is whole and of one score date.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from leadscore.compare import Fetch
from leadscore.dbt import dbt_environment, dbt_executable
from leadscore.paths import PROJECT_ROOT

PUBLISHED_TABLES = (
    "account_scores",
    "data_quality_issues",
    "lead_score_explanations",
    "lead_scores",
    "quality_challenger_comparison",
    "quality_check_results",
    "quality_conversion_by_bucket",
    "quality_lead_outcomes",
    "quality_model_metrics",
    "quality_prediction_calibration",
    "quality_signals",
    "quality_stage_volumes",
)
# The column holding the score date in each published table.
DATE_COLUMNS = {
    "quality_challenger_comparison": "evaluated_as_of",
    "quality_check_results": "evaluated_as_of",
    "quality_conversion_by_bucket": "evaluated_as_of",
    "quality_lead_outcomes": "evaluated_as_of",
    "quality_model_metrics": "evaluated_as_of",
    "quality_prediction_calibration": "evaluated_as_of",
    "quality_signals": "evaluated_as_of",
    "quality_stage_volumes": "evaluated_as_of",
}


@dataclass(frozen=True)
class KillPoint:
    name: str
    pattern: str  # a regular expression searched in each line of dbt's output
    delay: float = 0.0  # seconds between seeing the line and the kill (to land mid-statement)

    def matches(self, line: str) -> bool:
        return re.search(self.pattern, line) is not None


def _model_start(model: str) -> str:
    return rf"START sql \w+ model \w+\.{model} "


def _model_done(model: str) -> str:
    return rf"OK created sql \w+ model \w+\.{model} "


# In the order a build reaches them. Every one is a different place for a run to die: dbt
# starting, seeds, each incremental model before, during and after its transaction, the marts,
# the tests, and every step of the publish (staging each table, then inside the one transaction
# that swaps them).
KILL_POINTS: tuple[KillPoint, ...] = (
    KillPoint("dbt starting", r"Running with dbt="),
    KillPoint("seeds loading", r"START seed file"),
    KillPoint("ledger created", _model_start("int_incremental_ledger")),
    KillPoint("day fingerprints", _model_start("int_event_day_fingerprints")),
    KillPoint("changed days", _model_start("int_event_days_changed")),
    KillPoint("copies changed", _model_start("int_event_copies_changed")),
    KillPoint("events loading", _model_start("int_events_loaded")),
    KillPoint("events loading, mid-statement", _model_start("int_events_loaded"), delay=0.15),
    KillPoint("events loaded", _model_done("int_events_loaded")),
    KillPoint("rule matches counting", _model_start("int_lead_rule_daily_matches")),
    KillPoint(
        "rule matches counting, mid-statement",
        _model_start("int_lead_rule_daily_matches"),
        delay=0.3,
    ),
    KillPoint("rule matches counted", _model_done("int_lead_rule_daily_matches")),
    KillPoint("event points", _model_start("int_lead_event_rule_points")),
    KillPoint("contributions", _model_start("int_lead_rule_contributions")),
    KillPoint("lead scores mart", _model_start("lead_scores")),
    KillPoint("account scores mart", _model_start("account_scores")),
    KillPoint("data quality mart", _model_start("data_quality_issues")),
    KillPoint("score history", _model_start("lead_score_history")),
    KillPoint("quality outcomes", _model_start("quality_lead_outcomes")),
    KillPoint("quality checks", _model_start("quality_check_results")),
    KillPoint("a data test", r"START test "),
    KillPoint("on-run-end starting", r"leadscore: publish step 1/"),
    *(KillPoint(f"publish staging {k}", rf"leadscore: publish step {k}/") for k in range(2, 10)),
    KillPoint("publish staging, mid-copy", r"leadscore: publish step 3/", delay=0.05),
    KillPoint("swap transaction starting", r"leadscore: publish step 10/"),
    *(KillPoint(f"swap {k} of 9", rf"leadscore: publish swap {k}/") for k in (1, 2, 5, 9)),
    KillPoint("swap committed", r"leadscore: publish step 11/"),
)

# The bounded sample `make test` runs on DuckDB (every kill point runs with
# LEADSCORE_FAULT_POINTS=all, as `make faults` does): an incremental model mid-transaction. The
# Postgres sample (test_faults.py) kills inside the swap transaction, so CI covers both kinds.
CI_SAMPLE = ("events loading, mid-statement",)


def every_kill_point() -> bool:
    return os.environ.get("LEADSCORE_FAULT_POINTS", "").strip().lower() == "all"


def selected_kill_points(sample: tuple[str, ...] = CI_SAMPLE) -> tuple[KillPoint, ...]:
    if every_kill_point():
        return KILL_POINTS
    return tuple(point for point in KILL_POINTS if point.name in sample)


@dataclass(frozen=True)
class Outcome:
    killed: bool
    returncode: int | None
    output: str


def run_until(
    args: list[str],
    kill_at: KillPoint | None,
    *,
    dbt_vars: Mapping[str, object],
    duckdb_path: Path | None = None,
    target: str | None = None,
    artifacts_dir: Path | None = None,
    extra_env: Mapping[str, str] | None = None,
    timeout: float = 600,
) -> Outcome:
    """Run dbt; SIGKILL its whole process group at the first output line matching kill_at."""
    environment = dbt_environment(duckdb_path, target, artifacts_dir, extra_env)
    environment["PYTHONUNBUFFERED"] = "1"  # lines as they happen, not when a buffer fills
    process = subprocess.Popen(
        [dbt_executable(), *args, "--vars", json.dumps(dict(dbt_vars))],
        cwd=PROJECT_ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    lines: list[str] = []
    killed = False
    deadline = time.monotonic() + timeout
    assert process.stdout is not None
    for line in process.stdout:
        lines.append(line)
        if kill_at is not None and kill_at.matches(line):
            if kill_at.delay:
                time.sleep(kill_at.delay)
            os.killpg(process.pid, signal.SIGKILL)
            killed = True
            break
        if time.monotonic() > deadline:
            os.killpg(process.pid, signal.SIGKILL)
            break
    process.wait()
    return Outcome(killed, process.returncode, "".join(lines))


@dataclass(frozen=True)
class PublishedSet:
    publication_id: str
    scored_as_of: str
    problems: list[str]


def published_set(fetch: Fetch, schema: str = "scores") -> PublishedSet:
    """What a reader finds in the published schema, and everything wrong with it."""
    log = fetch(
        f"select publication_id, cast(scored_as_of as varchar), table_name, row_count "
        f"from {schema}.publication_log where publication_id = (select publication_id from "
        f"{schema}.publication_log order by published_at desc limit 1)"
    ).rows
    if not log:
        return PublishedSet("", "", ["publication_log is empty"])
    publication_id, scored_as_of = log[0][0], log[0][1]
    problems = []
    logged = {row[2]: row[3] for row in log}
    if set(logged) != set(PUBLISHED_TABLES):
        problems.append(f"the last publication lists {sorted(logged)}")
    for table in PUBLISHED_TABLES:
        column = DATE_COLUMNS.get(table, "scored_as_of")
        try:
            rows, days = fetch(
                f"select count(*), count(distinct {column}) from {schema}.{table}"
            ).rows[0]
            other_days = fetch(
                f"select count(*) from {schema}.{table} "
                f"where cast({column} as varchar) <> '{scored_as_of}'"
            ).rows[0][0]
        except Exception as error:  # a missing table is the failure being looked for
            problems.append(f"{table}: {type(error).__name__}: {str(error)[:200]}")
            continue
        if rows != logged.get(table):
            problems.append(f"{table}: {rows} rows, the publication logged {logged.get(table)}")
        if other_days or days > 1:
            problems.append(f"{table}: rows of another score date than {scored_as_of}")
    return PublishedSet(publication_id, scored_as_of, problems)


def duckdb_statements(database: Path) -> Callable[..., None]:
    import duckdb

    def execute(*statements: str) -> None:
        connection = duckdb.connect(str(database))
        try:
            for statement in statements:
                connection.execute(statement)
        finally:
            connection.close()

    return execute

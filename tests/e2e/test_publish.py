"""Only a run that proves the whole published set publishes it, and says so when it does not.

Before: `dbt build --select lead_scores` published one table of another day's numbers beside the
others, `dbt run` published untested tables, and a backfill of a past day replaced today's scores.
A run whose data test fails publishes nothing either: past the share of bad rows it may
quarantine, the quarantine test fails the run, naming the table, the issues and their counts.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from leadscore.compare import duckdb_fetch
from leadscore.dbt import DbtError, run_dbt
from tests.conftest import SCORE_DATE, query_read_only
from tests.e2e.faults import published_set

pytestmark = pytest.mark.e2e


def publications(database: Path) -> list[tuple]:
    return query_read_only(
        database,
        "select distinct publication_id, cast(scored_as_of as varchar), is_replay "
        "from scores.publication_log order by 2",
    )


def build(database: Path, artifacts: Path, args: list[str], **dbt_vars: object) -> str:
    completed = run_dbt(
        args,
        score_date=str(dbt_vars.pop("score_date", SCORE_DATE.isoformat())),
        extra_vars=dbt_vars,
        duckdb_path=database,
        artifacts_dir=artifacts,
        capture=True,
    )
    return completed.stdout


@pytest.fixture
def warehouse(small_warehouse: Path, tmp_path: Path) -> Path:
    database = tmp_path / "warehouse.duckdb"
    shutil.copy(small_warehouse, database)
    return database


def test_partial_untested_and_older_runs_do_not_publish_and_say_why(
    warehouse: Path, tmp_path: Path
) -> None:
    before = publications(warehouse)
    assert len(before) == 1 and published_set(duckdb_fetch(warehouse)).problems == []

    # A partial run of the published day: every model it skipped blocks, and so does every
    # test it did not run.
    untested = build(warehouse, tmp_path, ["run", "--select", "lead_scores"])
    assert "leadscore: NOT published: this run did not build" in untested
    assert "`dbt run` runs no tests; use `dbt build`" in untested

    # Every reason is given, each found on its own (one build, not one per reason: each dbt
    # start costs ~20 s): a selection, and an older day.
    older = build(
        warehouse, tmp_path, ["build", "--select", "lead_scores"], score_date="2026-06-15"
    )
    assert "leadscore: NOT published: this run did not build" in older
    assert "run `dbt build` with no --select or --exclude" in older
    assert "score_date 2026-06-15 is older than the published scores (2026-06-30)" in older
    assert "leadscore_publish_replay" in older

    assert publications(warehouse) == before
    assert published_set(duckdb_fetch(warehouse)).problems == []


def test_a_replay_publishes_an_older_day_when_asked(warehouse: Path, tmp_path: Path) -> None:
    output = build(
        warehouse, tmp_path, ["build"], score_date="2026-06-15", leadscore_publish_replay=True
    )
    assert "published 12 tables to schema scores, scored as of 2026-06-15" in output
    latest = published_set(duckdb_fetch(warehouse))
    assert (latest.scored_as_of, latest.problems) == ("2026-06-15", [])
    assert publications(warehouse)[0][1:] == ("2026-06-15", True)


def test_plain_dbt_on_a_busy_warehouse_is_one_line(warehouse: Path, tmp_path: Path) -> None:
    # The holder keeps the lock until it is killed below: on a loaded machine dbt can take more
    # than a minute to reach the warehouse, and a holder gone by then lets the build succeed.
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
            "print('holding', flush=True); time.sleep(600)",
            str(warehouse),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        with pytest.raises(DbtError) as failed:
            build(warehouse, tmp_path, ["build"])
    finally:
        holder.kill()
        holder.wait()
    output = str(failed.value)
    assert f"is busy: process {holder.pid} (" in output
    assert "Traceback" not in output


def test_too_many_bad_rows_fail_the_run_naming_table_issue_and_count(
    small_warehouse: Path, tmp_path: Path
) -> None:
    """Past var leadscore_max_quarantined_share of a table the run fails and publishes nothing."""
    database = tmp_path / "broken_feed.duckdb"
    shutil.copy(small_warehouse, database)
    published_before = query_read_only(database, "select * from scores.publication_log")
    connection = duckdb.connect(str(database))
    try:
        leads = connection.execute("select count(*) from raw.leads").fetchall()[0][0]
        broken = leads // 10  # 10% of the leads lose their creation time
        connection.execute(
            "update raw.leads set created_at = null where lead_id in (select lead_id "
            f"from raw.leads order by lead_id limit {broken})"
        )
        first_broken = connection.execute("select min(lead_id) from raw.leads").fetchall()[0][0]
    finally:
        connection.close()
    with pytest.raises(DbtError) as failed:
        # What data_quality_issues is made from, it and its tests: the quarantine test among them.
        run_dbt(
            ["build", "--select", "+data_quality_issues"],
            score_date=SCORE_DATE.isoformat(),
            duckdb_path=database,
            artifacts_dir=tmp_path,
            capture=True,
        )
    message = " ".join(str(failed.value).split())
    assert "too many bad source rows" in message
    assert f"leads: {broken} of {leads} rows quarantined (10.0%" in message
    assert f"missing_created_at: {broken} (e.g. {first_broken})" in message
    assert "leadscore_max_quarantined_share = 0.05" in message
    assert "NOT published" in message
    assert query_read_only(database, "select * from scores.publication_log") == published_before
    # The data-quality table itself was built, so the issue can be looked up.
    counted = query_read_only(
        database,
        "select row_count from main_marts.data_quality_issues "
        "where source_table = 'leads' and data_quality_issue = 'missing_created_at'",
    )
    assert counted == [(broken,)]

"""replay_score_history passes a data set's dbt vars to every step of its worker."""

from __future__ import annotations

import datetime
import json
import subprocess
import sys
import types
from pathlib import Path

import pytest

from leadscore import score_history


def test_extra_vars_reach_the_worker(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    commands: list[list[str]] = []

    def run(command: list[str], **options: object) -> subprocess.CompletedProcess[str]:
        commands.append(command)
        return subprocess.CompletedProcess(command, 0, "", "")

    monkeypatch.setattr(subprocess, "run", run)
    days = [datetime.date(2009, 2, 1), datetime.date(2009, 1, 1)]
    dbt_vars = {"leadscore_raw_schema": "main_bank_marketing", "leadscore_adapter": "x"}
    score_history.replay_score_history(days, database=tmp_path / "w.duckdb", extra_vars=dbt_vars)
    score_history.replay_score_history(days, database=tmp_path / "w.duckdb")
    score_history.replay_score_history(
        [],
        database=tmp_path / "w.duckdb",
        build_day=datetime.date(2009, 3, 1),
        build_vars={"leadscore_publish_replay": True},
    )
    with_vars, without, build_only = commands
    assert with_vars[with_vars.index("--vars") + 1] == json.dumps(dbt_vars)
    assert with_vars[with_vars.index("--worker") + 1 :] == ["2009-01-01", "2009-02-01"]
    assert "--vars" not in without and "--build-day" not in without
    # No day to replay, but a day to build: the worker still runs, to build it.
    assert build_only[build_only.index("--build-day") + 1] == "2009-03-01"
    assert json.loads(build_only[build_only.index("--build-vars") + 1]) == {
        "leadscore_publish_replay": True
    }
    assert build_only[-1] == "--worker"


def test_the_worker_runs_every_step_with_the_vars(monkeypatch: pytest.MonkeyPatch) -> None:
    invoked: list[list[str]] = []

    class Result:
        success = True
        result = None
        exception = None

    class Runner:
        def __init__(self, manifest: object = None) -> None:
            pass

        def invoke(self, args: list[str]) -> Result:
            invoked.append(args)
            return Result()

    # A stand-in for dbt's runner (importing dbt itself takes seconds).
    monkeypatch.setitem(sys.modules, "dbt.cli.main", types.SimpleNamespace(dbtRunner=Runner))
    dbt_vars = {"leadscore_raw_schema": "main_bank_marketing"}
    build_vars = {"leadscore_publish_replay": True}
    arguments = ["--vars", json.dumps(dbt_vars), "--build-day", "2009-02-01"]
    arguments += ["--build-vars", json.dumps(build_vars), "--worker", "2009-01-01"]
    assert score_history.main(arguments) == 0
    parse, seed, run, build = invoked
    assert parse[0] == "parse" and json.loads(parse[parse.index("--vars") + 1]) == dbt_vars
    assert seed[0] == "seed" and json.loads(seed[seed.index("--vars") + 1]) == dbt_vars
    assert json.loads(run[run.index("--vars") + 1]) == {**dbt_vars, "score_date": "2009-01-01"}
    # The build of the latest day comes last, in the same process, with its own vars added.
    assert build[0] == "build" and json.loads(build[build.index("--vars") + 1]) == {
        **dbt_vars,
        **build_vars,
        "score_date": "2009-02-01",
    }

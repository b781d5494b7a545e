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
    with_vars, without = commands
    assert with_vars[with_vars.index("--vars") + 1] == json.dumps(dbt_vars)
    assert with_vars[with_vars.index("--worker") + 1 :] == ["2009-01-01", "2009-02-01"]
    assert "--vars" not in without


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
    assert score_history.main(["--vars", json.dumps(dbt_vars), "--worker", "2009-01-01"]) == 0
    parse, seed, run = invoked
    assert parse[0] == "parse" and json.loads(parse[parse.index("--vars") + 1]) == dbt_vars
    assert seed[0] == "seed" and json.loads(seed[seed.index("--vars") + 1]) == dbt_vars
    assert json.loads(run[run.index("--vars") + 1]) == {**dbt_vars, "score_date": "2009-01-01"}

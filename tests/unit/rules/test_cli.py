"""The CLI: `leadscore rules check`, `rules compile` and the guard in `leadscore build`."""

from __future__ import annotations

from pathlib import Path

import pytest

from leadscore import cli, rules
from tests.unit.rules.bad_rules import BAD_RULES, TAUTOLOGY
from tests.unit.rules.seed_files import append_rows, read_rows, replace_rows


def test_cli_rules_check_ok(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["rules", "check"]) == 0
    assert capsys.readouterr().out.strip().startswith("rules check: OK")


def test_cli_rules_check_lists_every_problem(
    seeds: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    append_rows(seeds / "scoring_rules.csv", [case.row for case in BAD_RULES[:3]])
    assert cli.main(["rules", "check", "--seeds-dir", str(seeds)]) == 1
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 4
    assert lines[0] == (
        f"ERROR {seeds / 'scoring_rules.csv'}: rule 'inj_tautology' (model 'default'): {TAUTOLOGY}"
    )
    assert lines[-1].startswith("rules check: FAILED with 3 error(s) and 0 warning(s)")


def test_cli_rules_check_warnings_only_exit_zero(
    seeds: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    thresholds = read_rows(seeds / "score_thresholds.csv")
    for row in thresholds:
        if row["stage"] == "sql" and row["model_id"] == "automation":
            row["min_total_score"] = "36"
    replace_rows(seeds / "score_thresholds.csv", thresholds)
    assert cli.main(["rules", "check", "--seeds-dir", str(seeds)]) == 0
    output = capsys.readouterr().out
    assert output.startswith("WARNING ")
    assert "rules check: OK with 1 warning(s)" in output


def test_cli_build_stops_before_dbt_on_errors(
    seeds: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    append_rows(seeds / "scoring_rules.csv", [BAD_RULES[0].row])
    calls: list[list[str]] = []
    monkeypatch.setattr(rules, "default_seeds_dir", lambda project_dir=None: seeds)
    monkeypatch.setattr(cli, "run_dbt", lambda args, **_: calls.append(list(args)))
    assert cli.main(["build", "--score-date", "2026-06-30"]) == 1
    assert calls == [], "dbt must not start when the rule seeds have errors"
    error = capsys.readouterr().err
    assert "nothing was run" in error
    assert f"rule 'inj_tautology' (model 'default'): {TAUTOLOGY}" in error


def test_cli_build_runs_dbt_when_clean(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[list[str]] = []
    monkeypatch.setattr(cli, "run_dbt", lambda args, **_: calls.append(list(args)))
    assert cli.main(["build", "--score-date", "2026-06-30"]) == 0
    assert calls == [["build"]]

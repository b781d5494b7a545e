"""The CLI: `leadscore rules check`, `rules compile` and the guard in `leadscore build`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from leadscore import cli, rules
from leadscore.paths import PROJECT_ROOT
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


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A user's copy of the project: its own dbt_project.yml, seeds and compiled macro."""
    copy = tmp_path / "my_scoring"
    copy.mkdir()
    shutil.copy(PROJECT_ROOT / "dbt_project.yml", copy / "dbt_project.yml")
    shutil.copytree(PROJECT_ROOT / "seeds", copy / "seeds")
    (copy / rules.COMPILED_MACRO).parent.mkdir(parents=True)
    shutil.copy(PROJECT_ROOT / rules.COMPILED_MACRO, copy / rules.COMPILED_MACRO)
    return copy


def test_cli_acts_on_the_project_it_is_run_in(
    project_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = read_rows(project_copy / "seeds" / "score_thresholds.csv")
    rows[0]["min_total_score"] = "-1"
    replace_rows(project_copy / "seeds" / "score_thresholds.csv", rows)
    monkeypatch.chdir(project_copy)
    assert cli.main(["rules", "check"]) == 1
    assert "min_total_score must be above 0, got -1" in capsys.readouterr().out
    # The same from anywhere with --project-dir, before or after the command.
    monkeypatch.chdir(project_copy.parent)
    assert cli.main(["--project-dir", str(project_copy), "rules", "check"]) == 1
    assert cli.main(["rules", "check", "--project-dir", str(project_copy)]) == 1
    capsys.readouterr()
    # The installed project is untouched and still fine.
    assert cli.main(["rules", "check", "--project-dir", str(PROJECT_ROOT)]) == 0


def test_cli_build_compiles_and_runs_dbt_in_the_project_it_is_run_in(
    project_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = read_rows(project_copy / "seeds" / "score_thresholds.csv")
    rows[0]["min_total_score"] = "31"
    replace_rows(project_copy / "seeds" / "score_thresholds.csv", rows)
    calls: list[dict[str, object]] = []
    monkeypatch.setattr(cli, "run_dbt", lambda args, **options: calls.append(options))
    monkeypatch.setattr(cli, "ensure_not_busy", lambda path: None)
    monkeypatch.chdir(project_copy)
    assert cli.main(["build"]) == 0
    assert calls == [{"score_date": None, "project_dir": project_copy.resolve()}]
    assert '"min_total_score": 31' in (project_copy / rules.COMPILED_MACRO).read_text()
    assert rules.is_compiled()  # the installed project's compiled rules did not change


def test_cli_outside_a_project_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DBT_PROJECT_DIR", raising=False)
    assert cli.main(["rules", "check"]) == 1
    assert capsys.readouterr().err.strip() == (
        f"leadscore: no dbt_project.yml in {tmp_path} (the current directory): run leadscore "
        "in a leadscore dbt project, or pass --project-dir"
    )

"""overlay_project: a throwaway copy of the project scoring with another rule set."""

from __future__ import annotations

import filecmp
import shutil
import tempfile
from pathlib import Path

import pytest

from leadscore.overlay import PROJECT_PARTS, OverlayError, overlay_project
from leadscore.paths import PROJECT_ROOT
from leadscore.rules import COMPILED_MACRO, RulesError

SHIPPED_RULES = PROJECT_ROOT / "seeds" / "scoring_rules.csv"
COMPILED = PROJECT_ROOT / COMPILED_MACRO


def rule_set(tmp_path: Path, points: str = "21") -> Path:
    """The shipped rules with fit_title_executive worth `points` instead of 20."""
    rules = tmp_path / "rules"
    rules.mkdir()
    text = SHIPPED_RULES.read_text(encoding="utf-8")
    edited = text.replace("seniority = 'executive',20,", f"seniority = 'executive',{points},", 1)
    assert edited != text
    (rules / "scoring_rules.csv").write_text(edited, encoding="utf-8")
    return rules


def test_the_copy_scores_with_the_rule_set_and_the_project_is_untouched(tmp_path: Path) -> None:
    compiled_before = COMPILED.read_text(encoding="utf-8")
    rules = rule_set(tmp_path)
    with overlay_project(rules) as project:
        assert project != PROJECT_ROOT
        for part in PROJECT_PARTS:
            assert (project / part).exists() == (PROJECT_ROOT / part).exists(), part
        # The rule set's file replaced its seed; the other seeds are the project's.
        assert filecmp.cmp(project / "seeds" / "scoring_rules.csv", rules / "scoring_rules.csv")
        assert filecmp.cmp(
            project / "seeds" / "scoring_models.csv", PROJECT_ROOT / "seeds" / "scoring_models.csv"
        )
        # ... and the copy's compiled rules are those of the rule set.
        compiled = (project / COMPILED_MACRO).read_text(encoding="utf-8")
        assert compiled != compiled_before
        assert "21" in compiled
    assert not project.exists()
    assert COMPILED.read_text(encoding="utf-8") == compiled_before


def test_rules_that_do_not_compile_are_refused_and_nothing_is_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    rules = rule_set(tmp_path, points="8x")
    with (
        pytest.raises(RulesError, match="points must be a number, got '8x'"),
        overlay_project(rules),
    ):
        pytest.fail("the block must not run")
    assert list(temporary.iterdir()) == []


def test_a_file_that_replaces_no_seed_is_refused(tmp_path: Path) -> None:
    rules = rule_set(tmp_path)
    (rules / "scoring_rule.csv").write_text("model_id\n", encoding="utf-8")
    with (
        pytest.raises(OverlayError, match=r"scoring_rule\.csv replace\(s\) no seed"),
        overlay_project(rules),
    ):
        pytest.fail("the block must not run")


def test_an_empty_or_missing_rule_set_is_refused(tmp_path: Path) -> None:
    with pytest.raises(OverlayError, match="no CSV files"), overlay_project(tmp_path):
        pytest.fail("the block must not run")
    with pytest.raises(OverlayError, match="no such folder"), overlay_project(tmp_path / "no"):
        pytest.fail("the block must not run")


def test_the_rules_compile_against_the_vars_given(tmp_path: Path) -> None:
    """A rule on a custom column compiles only with the vars that declare the column."""
    rules = rule_set(tmp_path)
    with (rules / "scoring_rules.csv").open("a", encoding="utf-8") as handle:
        handle.write(
            "default,fit_budget,fit,lead,,annual_budget >= 50000,6,,,,,none,,,,,,true,Budget\n"
        )
    with pytest.raises(RulesError, match="annual_budget"), overlay_project(rules):
        pytest.fail("the block must not run")
    declared = {"leadscore_lead_custom_columns": [{"name": "annual_budget", "type": "number"}]}
    with overlay_project(rules, cli_vars=declared) as project:
        assert "annual_budget" in (project / COMPILED_MACRO).read_text(encoding="utf-8")


def test_it_copies_the_project_it_is_given(tmp_path: Path) -> None:
    rules = rule_set(tmp_path)
    other = tmp_path / "other"
    for part in ("dbt_project.yml", "profiles.yml", "models", "macros", "seeds"):
        source = PROJECT_ROOT / part
        if source.is_dir():
            shutil.copytree(source, other / part)
        else:
            other.mkdir(exist_ok=True)
            shutil.copy(source, other / part)
    (other / "models" / "marker.sql").write_text("select 1 as one\n", encoding="utf-8")
    with overlay_project(rules, project_dir=other) as project:
        assert (project / "models" / "marker.sql").is_file()
        assert not (project / "adapters").exists()
    with (
        pytest.raises(OverlayError, match=r"no dbt_project\.yml"),
        overlay_project(rules, project_dir=tmp_path / "rules"),
    ):
        pytest.fail("the block must not run")

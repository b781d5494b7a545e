"""Challenger models: a model with challenger_of set shadows its champion and owns no leads."""

from __future__ import annotations

from pathlib import Path

import pytest

from leadscore.rules.codegen import compiled_config
from tests.unit.rules.seed_files import CHALLENGER, add_challenger, check, read_rows, replace_rows


def test_a_challenger_is_checked_and_compiled(seeds: Path) -> None:
    add_challenger(seeds)
    report = check(seeds)
    assert report.errors == []
    assert "3 active model(s) of which 1 challenger(s)" in report.verdict()
    challenger = next(model for model in report.models if model.model_id == CHALLENGER)
    assert challenger.is_challenger and challenger.compiled_assignment is None
    models = {row["model_id"]: row for row in compiled_config(report, seeds, {})["models"]}
    assert models[CHALLENGER]["challenger_of"] == "default"
    assert models["default"]["challenger_of"] is None
    # It owns no leads: the assignment smells look at champions only (no "same priority" or
    # "never assigned" warning about it).
    assert not [problem for problem in report.warnings if problem.model_id == CHALLENGER]


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        (
            {"challenger_of": "nonexistent"},
            "challenger_of names 'nonexistent', which is not a model of this file",
        ),
        ({"challenger_of": CHALLENGER}, "challenger_of names the model itself"),
        (
            {"assignment_condition": "true"},
            "assignment_condition must be empty for a challenger: it never owns leads, it scores "
            "its champion's leads in shadow (challenger_of)",
        ),
        (
            {"assignment_priority": "10"},
            "assignment_priority must be empty for a challenger: it never owns leads, it scores "
            "its champion's leads in shadow (challenger_of)",
        ),
        (
            {"challenger_of": "Default"},
            "challenger_of must be lowercase letters, digits and underscores starting with a "
            "letter, got 'Default'",
        ),
    ],
)
def test_a_bad_challenger_row_is_refused(
    seeds: Path, overrides: dict[str, str], expected: str
) -> None:
    add_challenger(seeds, **overrides)
    messages = [
        f"{problem.row_key}: {problem.message}"
        for problem in check(seeds).errors
        if problem.model_id == CHALLENGER
    ]
    assert f"model '{CHALLENGER}': {expected}" in messages


def test_a_challenger_of_a_challenger_or_of_an_inactive_model_is_refused(seeds: Path) -> None:
    add_challenger(seeds)
    models = read_rows(seeds / "scoring_models.csv")
    second = {**models[-1], "model_id": "default_v3", "challenger_of": CHALLENGER}
    replace_rows(seeds / "scoring_models.csv", [*models, second])
    messages = [problem.message for problem in check(seeds).errors]
    assert (
        f"challenger_of names '{CHALLENGER}', itself a challenger (of 'default'): shadow the "
        "champion directly"
    ) in messages
    inactive = [
        {**row, "is_active": "false"} if row["model_id"] == "default" else row for row in models
    ]
    replace_rows(seeds / "scoring_models.csv", inactive)
    messages = [problem.message for problem in check(seeds).errors]
    assert messages == [
        "challenger_of names 'default', which is inactive: an active challenger needs an "
        "active champion, whose leads it scores"
    ]


def test_challengers_alone_are_no_active_model(seeds: Path) -> None:
    add_challenger(seeds)
    models = read_rows(seeds / "scoring_models.csv")
    replace_rows(
        seeds / "scoring_models.csv",
        [row if row["model_id"] == CHALLENGER else {**row, "is_active": "false"} for row in models],
    )
    messages = [problem.message for problem in check(seeds).errors]
    assert "no active model (set is_active to true on at least one)" in messages

"""Lookup rules: points per value from seeds/scoring_lookup_points.csv, checked like any seed."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.rules.bad_rules import EVENT_RULE, LEAD_RULE, allowed
from tests.unit.rules.seed_files import append_rows, check

LOOKUP_RULE = {
    **LEAD_RULE,
    "rule_id": "profile_source",
    "category": "profile",
    "condition": "",
    "points": "",
    "lookup_column": "lead_source",
}


def with_lookup(seeds: Path, rule: dict[str, str], *values: tuple[str, str, str]) -> list[str]:
    append_rows(seeds / "scoring_rules.csv", [rule])
    append_rows(
        seeds / "scoring_lookup_points.csv",
        [
            {"model_id": "default", "rule_id": rule_id, "value": value, "points": points}
            for rule_id, value, points in values
        ],
    )
    return [f"{problem.row_key}: {problem.message}" for problem in check(seeds).errors]


def test_a_lookup_rule_with_its_values_is_valid(seeds: Path) -> None:
    errors = with_lookup(
        seeds,
        LOOKUP_RULE,
        ("profile_source", "webinar", "6"),
        ("profile_source", "referral", "9"),
    )
    assert errors == []
    report = check(seeds)
    assert [(lookup.value, lookup.points) for lookup in report.lookups] == [
        ("webinar", 6.0),
        ("referral", 9.0),
    ]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"points": "5"},
         "points must be empty on a lookup rule (they come from seeds/scoring_lookup_points.csv)"),
        ({"lookup_column": "title"},
         f"lookup_column: unknown column 'title' for lead rules (allowed: {allowed('lead')})"),
        ({"lookup_column": "employee_count"},
         "lookup_column must be a text column, but 'employee_count' is a number"),
    ],
)  # fmt: skip
def test_bad_lookup_rules(seeds: Path, overrides: dict[str, str], message: str) -> None:
    errors = with_lookup(seeds, {**LOOKUP_RULE, **overrides}, ("profile_source", "webinar", "6"))
    assert errors == [f"rule 'profile_source' (model 'default'): {message}"]


def test_a_lookup_on_an_event_rule_is_refused(seeds: Path) -> None:
    rule = {**EVENT_RULE, "rule_id": "eng_page", "points": "", "lookup_column": "page_path"}
    errors = with_lookup(seeds, rule, ("eng_page", "/pricing", "3"))
    assert (
        "rule 'eng_page' (model 'default'): lookup_column is for lead and account rules (one "
        "value per lead), not 'event'"
    ) in errors


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ((("profile_source", "webinar", "6"), ("profile_source", "webinar", "7")),
         "value 'webinar' of rule 'profile_source' (model 'default'): value is listed twice "
         "for this rule"),
        ((("profile_source", "webinar", "-6"),),
         "value 'webinar' of rule 'profile_source' (model 'default'): a profile rule's points "
         "must be above zero, got -6"),
        ((("profile_source", "webinar", "6"), ("nosuch", "webinar", "6")),
         "value 'webinar' of rule 'nosuch' (model 'default'): rule 'nosuch' of model 'default' "
         "is not a lookup rule of seeds/scoring_rules.csv (a rule with a lookup_column)"),
        ((("profile_source", "webinar", "lots"),),
         "value 'webinar' of rule 'profile_source' (model 'default'): points must be a number, "
         "got 'lots'"),
        ((("profile_source", "webinar", "10000000000000"),),
         "value 'webinar' of rule 'profile_source' (model 'default'): points must be between "
         "-1000000 and 1000000, got 10000000000000 (points are stored as decimal(12, 2), and a "
         "rule's points times its events must fit)"),
    ],
)  # fmt: skip
def test_bad_lookup_values(
    seeds: Path, values: tuple[tuple[str, str, str], ...], message: str
) -> None:
    assert with_lookup(seeds, LOOKUP_RULE, *values) == [message]


def test_a_lookup_rule_without_values_never_fires_and_is_an_error(seeds: Path) -> None:
    assert with_lookup(seeds, LOOKUP_RULE) == [
        "rule 'profile_source' (model 'default'): lookup rule has no values in "
        "seeds/scoring_lookup_points.csv, so it never fires"
    ]


def test_the_lookup_file_is_optional_until_a_rule_needs_it(seeds: Path) -> None:
    (seeds / "scoring_lookup_points.csv").unlink()
    assert check(seeds).errors == []
    append_rows(seeds / "scoring_rules.csv", [LOOKUP_RULE])
    assert [problem.message for problem in check(seeds).errors] == [
        "the seed file is missing",
        "lookup rule has no values in seeds/scoring_lookup_points.csv, so it never fires",
    ]

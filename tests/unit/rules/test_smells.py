"""Smells: valid seeds that are probably not what marketing ops meant, as warnings."""

from __future__ import annotations

from pathlib import Path

from tests.unit.rules.bad_rules import ACTIVITY_RULE, LEAD_RULE
from tests.unit.rules.seed_files import append_rows, check, read_rows, replace_rows


def warnings_of(seeds_dir: Path) -> list[str]:
    report = check(seeds_dir)
    assert report.errors == [], report.format()
    return [f"{problem.row_key}: {problem.message}" for problem in report.warnings]


def automation_rules(seeds_dir: Path) -> list[dict[str, str]]:
    return [
        row for row in read_rows(seeds_dir / "scoring_rules.csv") if row["model_id"] == "automation"
    ]


def test_smell_too_many_rules(seeds: Path) -> None:
    extra = [
        {**LEAD_RULE, "model_id": "automation", "rule_id": f"fit_country_{n}", "points": "1",
         "condition": f"employee_count = {n}"}
        for n in range(40 - len(automation_rules(seeds)) + 1)
    ]  # fmt: skip
    append_rows(seeds / "scoring_rules.csv", extra)
    assert warnings_of(seeds) == [
        "model 'automation': 41 active rules in one model (more than 40): hard to explain and "
        "to maintain; merge or retire some"
    ]


def test_smell_no_negative_rules(seeds: Path) -> None:
    rows = read_rows(seeds / "scoring_rules.csv")
    keep = [
        row
        for row in rows
        if not (row["model_id"] == "automation" and row["category"] == "negative")
    ]
    replace_rows(seeds / "scoring_rules.csv", keep)
    assert warnings_of(seeds) == [
        "model 'automation': no active negative rules: nothing lowers the score of students, "
        "competitors, job seekers or unsubscribed leads"
    ]


def test_smell_duplicate_and_shadowed_rules(seeds: Path) -> None:
    append_rows(
        seeds / "scoring_rules.csv",
        [
            # The same test written differently: operands swapped, list reordered, parentheses.
            {**LEAD_RULE, "model_id": "automation", "rule_id": "dup_seniority",
             "condition": "(seniority in ('director', 'executive', 'vp'))", "points": "3"},
            {**LEAD_RULE, "model_id": "automation", "rule_id": "offset_tiny", "category": "fit",
             "subject": "account", "condition": "10 > employee_count", "points": "10"},
        ],
    )  # fmt: skip
    warnings = warnings_of(seeds)
    assert warnings[0] == (
        "rule 'dup_seniority' (model 'automation'): duplicates rule 'auto_fit_senior_buyer' "
        "(subject lead, condition \"(seniority in ('director', 'executive', 'vp'))\"): a lead "
        "meeting it is counted twice"
    )
    assert warnings[1].startswith("rule 'offset_tiny' (model 'automation'): is shadowed by rule")
    assert "a negative rule: both always fire together, so their points just net out" in warnings[1]


def test_smell_scale_unreachable_and_trivially_reached(seeds: Path) -> None:
    rows = read_rows(seeds / "scoring_rules.csv")
    for row in rows:
        if row["model_id"] == "automation" and row["category"] == "fit":
            row["points"] = "2"
        if row["rule_id"] == "auto_eng_demo_request":
            row["rule_cap"] = "45"
            row["max_occurrences"] = "3"
    replace_rows(seeds / "scoring_rules.csv", rows)
    thresholds = read_rows(seeds / "score_thresholds.csv")
    for row in thresholds:
        if row["model_id"] == "automation" and row["stage"] == "sql":
            row["min_total_score"] = "99"
    replace_rows(seeds / "score_thresholds.csv", thresholds)
    # Eight fit rules of 2 points, but auto_fit_senior_buyer and auto_fit_manager test disjoint
    # seniority values, so they never fire together: at most 14, not 16.
    assert warnings_of(seeds) == [
        "model 'automation': fit rules add up to at most 14 points, below the model's fit_cap "
        "of 50: the top of the scale is unreachable",
        "stage 'sql' (model 'automation'): threshold 'sql' (99) is unreachable: the model's "
        "rules can score at most 64",
        "rule 'auto_eng_demo_request' (model 'automation'): this rule alone gives up to 43.75 "
        "points, enough for 'mql' (38) by itself: the threshold is trivially reached",
    ]


def test_smell_thresholds_and_grades_out_of_order(seeds: Path) -> None:
    thresholds = read_rows(seeds / "score_thresholds.csv")
    for row in thresholds:
        if row["model_id"] == "automation" and row["stage"] == "sql":
            row["min_total_score"] = "36"
    replace_rows(seeds / "score_thresholds.csv", thresholds)
    bands = read_rows(seeds / "fit_grade_bands.csv")
    for row in bands:
        if row["model_id"] == "automation" and row["fit_grade"] == "A":
            row["min_fit_score"] = "60"
        if row["model_id"] == "automation" and row["fit_grade"] == "B":
            row["min_fit_score"] = "10"
    replace_rows(seeds / "fit_grade_bands.csv", bands)
    assert warnings_of(seeds) == [
        "stage 'sql' (model 'automation'): thresholds out of order: 'sql' (36) must be above "
        "'mql' (38)",
        "grade 'B' (model 'automation'): grades out of order: 'B' needs 10 fit points, not more "
        "than 'C' (12)",
        "grade 'A' (model 'automation'): grade 'A' needs 60 fit points but the model's fit_cap "
        "is 50: unreachable",
    ]


def test_smell_model_never_assigned_and_stale(seeds: Path) -> None:
    models = read_rows(seeds / "scoring_models.csv")
    for row in models:
        if row["model_id"] == "automation":
            row["assignment_priority"] = "200"
            row["last_reviewed_on"] = "2025-01-15"
    replace_rows(seeds / "scoring_models.csv", models)
    assert warnings_of(seeds) == [
        "model 'automation': last reviewed 677 days ago (2025-01-15): review scoring models at "
        "least every 180 days",
        "model 'automation': no lead is ever assigned to this model: model 'default' "
        "(assignment_priority 100) takes every lead first; give this model a lower "
        "assignment_priority",
    ]


def test_an_activity_rule_is_not_a_duplicate_of_the_event_rule_on_the_same_events(
    seeds: Path,
) -> None:
    append_rows(
        seeds / "scoring_rules.csv",
        [{**ACTIVITY_RULE, "rule_id": "eng_pricing_3_in_14", "points": "10"}],
    )
    assert not [warning for warning in warnings_of(seeds) if "eng_pricing_3_in_14" in warning]

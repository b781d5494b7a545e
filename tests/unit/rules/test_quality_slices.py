"""Quality slices (seeds/quality_slices.csv): checked row by row and compiled with the rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from leadscore.rules.codegen import compiled_config
from tests.unit.rules.seed_files import check, replace_rows

HEADER = "slice_id,condition,first_cohort_month,last_cohort_month,description\n"


def write_slices(seeds: Path, *rows: dict[str, str]) -> None:
    path = seeds / "quality_slices.csv"
    path.write_text(HEADER, encoding="utf-8")
    replace_rows(path, list(rows))


def test_the_shipped_slices_compile_for_every_dialect(seeds: Path) -> None:
    report = check(seeds)
    assert report.errors == []
    compiled = compiled_config(report, seeds, {})["slices"]
    assert [entry["slice_id"] for entry in compiled] == ["inbound", "outbound"]
    assert compiled[0]["condition_sql"]["default"] == "rule_input.lead_direction = 'inbound'"


def test_a_slice_with_cohort_months(seeds: Path) -> None:
    write_slices(
        seeds,
        {
            "slice_id": "holdout_h1",
            "condition": "lead_source in ('webinar', 'content_download')",
            "first_cohort_month": "2026-01-01",
            "last_cohort_month": "2026-06-01",
        },
    )
    report = check(seeds)
    assert report.errors == []
    (compiled,) = compiled_config(report, seeds, {})["slices"]
    assert (compiled["first_cohort_month"], compiled["last_cohort_month"]) == (
        "2026-01-01",
        "2026-06-01",
    )


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            {"slice_id": "all", "condition": "true"},
            "slice 'all': slice_id 'all' is reserved for the slice of every lead, which the "
            "quality marts always have",
        ),
        ({"slice_id": "x", "condition": ""}, "slice 'x': condition is required"),
        (
            {"slice_id": "x", "condition": "page_path = '/pricing'"},
            "slice 'x': condition: unknown column 'page_path' for lead rules",
        ),
        (
            {"slice_id": "x", "condition": "true", "first_cohort_month": "2026-01-15"},
            "slice 'x': first_cohort_month must be the first day of a month (cohorts are "
            "months), got '2026-01-15'",
        ),
        (
            {"slice_id": "x", "condition": "true", "last_cohort_month": "June"},
            "slice 'x': last_cohort_month must be a date written YYYY-MM-DD, got 'June'",
        ),
        (
            {
                "slice_id": "x",
                "condition": "true",
                "first_cohort_month": "2026-06-01",
                "last_cohort_month": "2026-01-01",
            },
            "slice 'x': first_cohort_month (2026-06-01) is after last_cohort_month "
            "(2026-01-01): the slice would be empty",
        ),
    ],
)
def test_a_bad_slice_is_refused_with_its_reason(
    seeds: Path, row: dict[str, str], expected: str
) -> None:
    write_slices(seeds, row)
    messages = [f"{problem.row_key}: {problem.message}" for problem in check(seeds).errors]
    assert len(messages) == 1
    assert messages[0].startswith(expected)
    assert str(check(seeds).errors[0]).startswith("ERROR ")
    assert check(seeds).errors[0].line == 2


def test_a_slice_defined_twice_is_refused(seeds: Path) -> None:
    write_slices(
        seeds,
        {"slice_id": "x", "condition": "true"},
        {"slice_id": "x", "condition": "false"},
    )
    assert [problem.message for problem in check(seeds).errors] == ["slice_id is defined twice"]


def test_the_file_is_optional(seeds: Path) -> None:
    (seeds / "quality_slices.csv").unlink()
    report = check(seeds)
    assert report.errors == []
    assert compiled_config(report, seeds, {})["slices"] == []

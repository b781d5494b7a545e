"""Quality slices: named sets of leads and cohorts the quality marts are also computed for.

seeds/quality_slices.csv (slice_id, condition, first_cohort_month, last_cohort_month,
description) names the leads to judge the score on apart from the rest: a holdout flag the
rules were not tuned on, a lead source, a range of cohort months. The condition is in the rule
language, on lead columns (as an assignment_condition); it is compiled here with the rules and
tested in the warehouse on the leads' current values. The file is optional: without it the
quality marts hold only the slice 'all'.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from leadscore.rules.config import QualitySlice
from leadscore.rules.seeds import Row
from leadscore.rules.values import RowCheck

if TYPE_CHECKING:
    from leadscore.rules.validation import SeedValidator

SLICES_SEED = "quality_slices"
#: The slice every quality mart always has: every lead of every cohort.
ALL_LEADS_SLICE = "all"


def _month(check: RowCheck, row: Row, column: str) -> datetime.date | None:
    day = check.date(row, column, required=False)
    if day is not None and day.day != 1:
        check.add(
            f"{column} must be the first day of a month (cohorts are months), got '{day}'",
            column,
        )
    return day


def check_quality_slices(validator: SeedValidator) -> list[QualitySlice]:
    """Read seeds/quality_slices.csv, if there is one: every row's problems, and the slices."""
    if not validator.path(SLICES_SEED).exists():
        return []
    slices: list[QualitySlice] = []
    seen: set[str] = set()
    for row in validator.read(SLICES_SEED) or []:
        row_key = f"slice '{row.get('slice_id') or '?'}'"
        check = RowCheck()
        slice_id = check.identifier(row, "slice_id")
        if slice_id == ALL_LEADS_SLICE:
            check.add(
                f"slice_id '{ALL_LEADS_SLICE}' is reserved for the slice of every lead, which "
                "the quality marts always have",
                "slice_id",
            )
        elif slice_id in seen:
            check.add("slice_id is defined twice", "slice_id")
        seen.add(slice_id or "")
        condition = check.text(row, "condition", required=True)
        compiled = None
        if condition is not None:
            compiled, error = validator.compile(condition, "lead")
            if error:
                check.add(f"condition: {error}", "condition")
        first = _month(check, row, "first_cohort_month")
        last = _month(check, row, "last_cohort_month")
        if first and last and first > last:
            check.add(
                f"first_cohort_month ({first}) is after last_cohort_month ({last}): the slice "
                "would be empty",
                "last_cohort_month",
            )
        validator.flush(check, SLICES_SEED, row_key, row, None)
        slices.append(
            QualitySlice(
                slice_id, condition, compiled, first, last, check.text(row, "description"), row.line
            )
        )
    return slices

"""Lookup rules: points that come from a value -> points table instead of one number.

A rule with a `lookup_column` (a text column of its subject, e.g. `lead_source` or a declared
`landing_page`) gives each lead the points its value has in seeds/scoring_lookup_points.csv
(model_id, rule_id, value, points): hundreds of pages, campaigns or sources, one row each,
instead of one rule per value with long `in (...)` lists. A lead whose value is not in the table
gets nothing from the rule. The rule's own `points` stays empty; its `condition` is an optional
extra filter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from leadscore.rules.config import LookupPoints, ScoringRule
from leadscore.rules.report import ERROR
from leadscore.rules.values import RowCheck, as_float

if TYPE_CHECKING:
    from leadscore.rules.validation import SeedValidator

LOOKUP_SEED = "scoring_lookup_points"


def check_lookup_column(
    validator: SeedValidator, check: RowCheck, lookup_column: str, subject: str | None
) -> None:
    """A lookup rule's column must be a text column its subject's rules can read."""
    if subject not in ("lead", "account"):
        check.add(
            "lookup_column is for lead and account rules (one value per lead), not "
            f"'{subject or '?'}'",
            "lookup_column",
        )
        return
    columns = validator.language.columns.get(subject, {})
    if lookup_column not in columns:
        check.add(
            f"lookup_column: unknown column '{lookup_column}' for {subject} rules (allowed: "
            + ", ".join(sorted(columns))
            + ")",
            "lookup_column",
        )
    elif columns[lookup_column] != "string":
        check.add(
            f"lookup_column must be a text column, but '{lookup_column}' is a "
            f"{columns[lookup_column]}",
            "lookup_column",
        )


def check_lookup_points(validator: SeedValidator) -> None:
    """Read seeds/scoring_lookup_points.csv against the lookup rules."""
    report = validator.report
    lookup_rules = {
        (rule.model_id, rule.rule_id): rule for rule in report.rules if rule.lookup_column
    }
    seen: set[tuple[str | None, str | None, str | None]] = set()
    if not validator.path(LOOKUP_SEED).exists() and not lookup_rules:
        return  # projects from before lookup rules have no such file, and need none
    for row in validator.read(LOOKUP_SEED) or []:
        model_id, rule_id, value = row.get("model_id"), row.get("rule_id"), row.get("value")
        row_key = f"value {value!r} of rule '{rule_id or '?'}' (model '{model_id or '?'}')"
        check = RowCheck()
        rule = lookup_rules.get((model_id, rule_id))
        if rule is None:
            check.add(
                f"rule '{rule_id}' of model '{model_id}' is not a lookup rule of "
                "seeds/scoring_rules.csv (a rule with a lookup_column)",
                "rule_id",
            )
        if value is None:
            check.add("value is required", "value")
        if (model_id, rule_id, value) in seen:
            check.add("value is listed twice for this rule", "value")
        seen.add((model_id, rule_id, value))
        points = check.number(row, "points", points=True)
        if rule is not None and points is not None:
            _check_sign(check, rule, float(points))
        validator.flush(check, LOOKUP_SEED, row_key, row, model_id, rule_id)
        report.lookups.append(LookupPoints(model_id, rule_id, value, as_float(points), row.line))
    listed = {(lookup.model_id, lookup.rule_id) for lookup in report.lookups}
    for key, rule in lookup_rules.items():
        if rule.is_active and key not in listed:
            validator.add(
                ERROR,
                "scoring_rules",
                f"lookup rule has no values in seeds/{LOOKUP_SEED}.csv, so it never fires",
                row_key=rule.key,
                model_id=rule.model_id,
                rule_id=rule.rule_id,
                line=rule.line,
            )


def _check_sign(check: RowCheck, rule: ScoringRule, points: float) -> None:
    if rule.category == "negative" and points >= 0:
        check.add(f"a negative rule's points must be below zero, got {points:g}", "points")
    elif rule.category != "negative" and points <= 0:
        check.add(f"a {rule.category} rule's points must be above zero, got {points:g}", "points")


def lookup_maxima(lookups: list[LookupPoints]) -> dict[tuple[str | None, str | None], float]:
    """The most each lookup rule gives one lead, by (model_id, rule_id): its largest listed
    value (a lead has one value). One pass over the table, however many rules ask."""
    maxima: dict[tuple[str | None, str | None], float] = {}
    for lookup in lookups:
        key = (lookup.model_id, lookup.rule_id)
        maxima[key] = max(maxima.get(key, 0.0), abs(lookup.points or 0.0))
    return maxima

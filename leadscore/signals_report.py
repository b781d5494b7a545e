"""The "Which signals predict" section of the quality report, from the quality_signals model.

Per model: every active rule with its verdict (rules that work against conversion or show no
measurable effect first, since they are what to review), then the unscored candidates with an
effect, strongest first, so a user sees what no rule scores yet. The numbers are computed in
the warehouse (models/marts/quality/quality_signals.sql); this only lays them out.
"""

from __future__ import annotations

import html

import pandas as pd

VERDICT_ORDER = {
    "works_against_conversion": 0,
    "no_measurable_effect": 1,
    "insufficient_data": 2,
    "predictive": 3,
}
VERDICT_CSS = {
    "works_against_conversion": "fail-error",
    "no_measurable_effect": "fail-warn",
    "insufficient_data": "insufficient",
    "predictive": "pass",
}
# Unscored candidates shown per model and direction (the table has them all).
CANDIDATES_SHOWN = 12


def _number(value: object, digits: int = 2) -> str:
    return "-" if value is None or pd.isna(value) else f"{float(value):.{digits}f}"


def _share(value: object) -> str:
    return "-" if value is None or pd.isna(value) else f"{float(value):.1%}"


def _rate(value: object) -> str:
    return "-" if value is None or pd.isna(value) else f"{float(value):.2%}"


def _rows(frame: pd.DataFrame, label_column: str) -> str:
    rows = []
    for _, row in frame.iterrows():
        verdict = str(row["verdict"])
        rows.append(
            "<tr>"
            f"<td title='{html.escape(str(row.get('description') or ''))}'>"
            f"{html.escape(str(row[label_column]))}</td>"
            f"<td class='num'>{int(row['snapshots_with']):,}</td>"
            f"<td class='num'>{int(row['conversions_with']):,}</td>"
            f"<td class='num'>{_rate(row['rate_with'])} "
            f"({_rate(row['rate_with_low'])}-{_rate(row['rate_with_high'])})</td>"
            f"<td class='num'>{_rate(row['rate_without'])}</td>"
            f"<td class='num'>{_number(row['lift'])}</td>"
            f"<td class='num'>{_number(row['adjusted_lift'])} "
            f"({_number(row['adjusted_lift_low'])}-{_number(row['adjusted_lift_high'])})</td>"
            f"<td class='num'>{_share(row['conversion_coverage'])}</td>"
            f"<td class='{VERDICT_CSS.get(verdict, '')}'>{html.escape(verdict)}</td>"
            "</tr>"
        )
    header = (
        "<tr><th>signal</th><th>snapshots with</th><th>conversions</th>"
        "<th>rate with (interval)</th><th>rate without</th><th>lift</th>"
        "<th>lift adjusted for tenure (interval)</th><th>share of conversions</th>"
        "<th>verdict</th></tr>"
    )
    return f"<table>{header}{''.join(rows)}</table>"


def signals_section(signals: pd.DataFrame) -> str:
    """The HTML section (an h2, a note, and per model a rule table and a candidate table)."""
    parts = [
        "<h2>Which signals predict</h2>",
        "<p class='note'>Each rule, and each unscored candidate (top values of lead "
        "attributes, numeric attributes in bands, event types and their top attribute values), "
        "against conversion in the evaluation period, as of each cohort's snapshot day. The "
        "verdict judges the lift adjusted for lead tenure (behaviour piles up with time on "
        "file, while new leads convert more): predictive when its interval excludes 1 in the "
        "direction of the rule's points, works_against_conversion when it excludes 1 the other "
        "way. Recalibrate points with <code>leadscore calibrate</code>.</p>",
    ]
    if signals.empty:
        parts.append("<p>No signals yet: the warehouse has no decided cohort snapshots.</p>")
        return "".join(parts)
    for model in sorted(signals["model_id"].unique()):
        model_signals = signals[signals["model_id"] == model]
        rules = model_signals[model_signals["signal_kind"] == "rule"].copy()
        rules["order"] = rules["verdict"].map(VERDICT_ORDER)
        rules = rules.sort_values(["order", "adjusted_lift"], ascending=[True, False])
        parts.append(f"<h3>{html.escape(model)}: rules</h3>")
        parts.append(_rows(rules, "signal_id"))
        candidates = model_signals[
            (model_signals["signal_kind"] != "rule") & (model_signals["verdict"] == "predictive")
        ]
        for direction, title, ascending in (
            ("raises", "unscored candidates that raise conversion", False),
            ("lowers", "unscored candidates that lower conversion", True),
        ):
            chosen = candidates[candidates["effect_direction"] == direction].sort_values(
                "adjusted_lift", ascending=ascending
            )
            parts.append(f"<h3>{html.escape(model)}: {title}</h3>")
            if chosen.empty:
                parts.append("<p>None measurable.</p>")
                continue
            parts.append(_rows(chosen.head(CANDIDATES_SHOWN), "signal_id"))
            if len(chosen) > CANDIDATES_SHOWN:
                parts.append(
                    f"<p class='note'>{len(chosen) - CANDIDATES_SHOWN} more in quality_signals.</p>"
                )
    return "".join(parts)

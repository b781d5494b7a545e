"""The proposal's side-by-side page: current and proposed rules on the same held-out cohorts."""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only: works headless and in worker processes

import matplotlib.pyplot as plt
import pandas as pd

from leadscore.learning.metrics import RankingMetrics
from leadscore.learning.proposal import ModelProposal

METRIC_ROWS = (
    ("decided snapshots", "snapshots", "count"),
    ("conversions", "conversions", "count"),
    ("AUC", "auc", "ratio"),
    ("top-decile lift", "top_bucket_lift", "ratio"),
    ("MQL+ share", "qualified_share", "share"),
    ("MQL+ capture", "qualified_capture", "share"),
    ("SQL share", "top_stage_share", "share"),
    ("SQL / none conversion", "top_to_bottom_stage_ratio", "ratio"),
)


@dataclass
class Comparison:
    """One model's figures for the current and proposed rules."""

    proposal: ModelProposal
    training: dict[str, RankingMetrics]  # 'current' / 'proposed'
    validation: dict[str, RankingMetrics]
    buckets: dict[str, pd.DataFrame]  # validation conversion by bucket
    volumes: dict[str, pd.DataFrame]  # validation stage shares per cohort month
    validation_cohorts: list[str]
    training_cohorts: list[str]


def _format(value: float | int | None, kind: str) -> str:
    if value is None or pd.isna(value):
        return "-"
    if kind == "count":
        return f"{int(value):,}"
    if kind == "share":
        return f"{float(value):.1%}"
    return f"{float(value):.3f}" if kind == "ratio" and abs(float(value)) < 10 else f"{value:.1f}"


def _metrics_table(comparison: Comparison) -> str:
    header = (
        "<tr><th></th><th>current, training</th><th>proposed, training</th>"
        "<th>current, held out</th><th>proposed, held out</th></tr>"
    )
    rows = []
    for label, name, kind in METRIC_ROWS:
        cells = [
            getattr(part[which], name)
            for part in (comparison.training, comparison.validation)
            for which in ("current", "proposed")
        ]
        rows.append(
            f"<tr><td>{label}</td>"
            + "".join(f"<td class='num'>{_format(value, kind)}</td>" for value in cells)
            + "</tr>"
        )
    return f"<table>{header}{''.join(rows)}</table>"


def _changes_table(comparison: Comparison) -> str:
    rows = []
    for change in comparison.proposal.fitted.changes:
        css = "dropped" if change.is_dropped else ""
        rows.append(
            f"<tr class='{css}'><td>{html.escape(change.rule_id)}</td>"
            f"<td>{html.escape(change.category)}</td>"
            f"<td class='num'>{change.current_weight:g}</td>"
            f"<td class='num'>{change.proposed_weight:g}</td>"
            f"<td class='num'>{change.hits:,}</td>"
            f"<td>{html.escape(change.reason)}</td></tr>"
        )
    return (
        "<table><tr><th>rule</th><th>category</th><th>points now</th><th>proposed</th>"
        "<th>training hits</th><th>why</th></tr>" + "".join(rows) + "</table>"
    )


def draw_comparison(comparison: Comparison, path: Path) -> Path:
    model = comparison.proposal.model_id
    figure, (bucket_axis, volume_axis) = plt.subplots(1, 2, figsize=(11, 3.8))
    width = 0.4
    for offset, which in ((-width / 2, "current"), (width / 2, "proposed")):
        table = comparison.buckets[which]
        bucket_axis.bar(
            table.index + offset, table["conversion_rate"] * 100, width=width, label=which
        )
        volume = comparison.volumes[which]
        months = [pd.Timestamp(month).strftime("%Y-%m") for month in volume.index]
        volume_axis.plot(months, (volume["mql"] + volume["sql"]) * 100, marker="o", label=which)
    bucket_axis.set_xlabel("score decile within its cohort (10 = highest)")
    bucket_axis.set_ylabel("conversion rate (%)")
    bucket_axis.set_title(f"{model}: held-out conversion by decile")
    bucket_axis.legend()
    volume_axis.set_ylabel("MQL or above (% of leads)")
    volume_axis.set_title(f"{model}: held-out MQL+ volume per cohort month")
    volume_axis.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)
    return path


STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1100px; color: #222; }
table { border-collapse: collapse; margin: 1em 0; font-size: 0.9em; }
th, td { border: 1px solid #ccc; padding: 4px 8px; text-align: left; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.dropped { color: #888; } .note { color: #555; } img { max-width: 100%; }
"""


def render_page(comparisons: list[Comparison], charts: dict[str, Path], header: str) -> str:
    sections = []
    for comparison in comparisons:
        proposal = comparison.proposal
        fitted = proposal.fitted
        notes = "".join(f"<li>{html.escape(note)}</li>" for note in proposal.notes)
        sections.append(
            f"<h2>{html.escape(proposal.model_id)}</h2>"
            f"<p class='note'>Fitted on {fitted.training_snapshots:,} decided snapshots "
            f"({fitted.training_conversions} conversions) of the cohorts "
            f"{html.escape(comparison.training_cohorts[0])} to "
            f"{html.escape(comparison.training_cohorts[-1])}; judged on the held-out cohorts "
            f"{html.escape(', '.join(comparison.validation_cohorts))}. Regularization C = "
            f"{fitted.regularization['C']:.3g} (cross-validated AUC "
            f"{fitted.cross_validated_auc:.3f}). Scale: {fitted.scale:.2f} points per unit of "
            f"log-odds, so every {fitted.points_per_odds_doubling:.1f} points double the odds "
            f"of converting; a score S means log-odds of about {fitted.intercept:.2f} + "
            f"S / {fitted.scale:.2f}.</p>"
            f"{_metrics_table(comparison)}"
            f"<p>Proposed thresholds: MQL {proposal.thresholds['mql']:g}, "
            f"SQL {proposal.thresholds['sql']:g}. Fit grade bands: "
            + ", ".join(f"{grade} from {bound:g}" for grade, bound in proposal.grade_bands.items())
            + f".</p><ul>{notes}</ul>"
            f"<img src='{html.escape(charts[proposal.model_id].name)}' "
            f"alt='{html.escape(proposal.model_id)} comparison'>"
            f"{_changes_table(comparison)}"
        )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>leadscore calibration proposal</title>
<style>{STYLE}</style></head><body>
<h1>Calibration proposal</h1>
<p class="note">{header}</p>
{"".join(sections)}
</body></html>
"""

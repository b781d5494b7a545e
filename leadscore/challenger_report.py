"""The "Champion and challengers" section of the quality report.

Per challenger model (seeds/scoring_models.csv, challenger_of): the evaluation period from
quality_challenger_comparison (AUC, top-decile lift, MQL+ share and capture of both on the
champion's decided leads, and the leads that would swap in and out of MQL+), the interval of
the AUC difference by a paired bootstrap over those leads (scikit-learn's roc_auc_score on
each resample), and a chart of both AUCs per mature cohort month.
"""

from __future__ import annotations

import html
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score

# The paired bootstrap: resamples, and the seed that makes the report reproducible.
BOOTSTRAP_RESAMPLES = 400
BOOTSTRAP_SEED = 20261130

PAIRED_OUTCOMES_SQL = """
select
    challenger.model_id as challenger_model_id,
    cast(champion.total_score as double) as champion_score,
    cast(challenger.total_score as double) as challenger_score,
    challenger.is_converted
from {outcomes} as challenger
inner join {outcomes} as champion
    on challenger.lead_id = champion.lead_id
    and challenger.cohort_month = champion.cohort_month
    and challenger.challenger_of = champion.model_id
where challenger.slice_id = {slice_literal}
    and champion.slice_id = challenger.slice_id
    and challenger.challenger_of is not null
    and challenger.is_decided
    and challenger.is_in_evaluation_period
"""


def auc_difference_interval(
    champion: np.ndarray, challenger: np.ndarray, converted: np.ndarray, level: float = 0.95
) -> tuple[float, float] | None:
    """The paired bootstrap interval of AUC(challenger) - AUC(champion) over the same leads."""
    converted = converted.astype(bool)
    if converted.all() or not converted.any():
        return None
    generator = np.random.default_rng(BOOTSTRAP_SEED)
    differences = []
    for _ in range(BOOTSTRAP_RESAMPLES):
        sample = generator.integers(0, len(converted), len(converted))
        outcome = converted[sample]
        if outcome.all() or not outcome.any():
            continue
        differences.append(
            roc_auc_score(outcome, challenger[sample]) - roc_auc_score(outcome, champion[sample])
        )
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(differences, [tail, 100 - tail])
    return float(low), float(high)


def verdict(interval: tuple[float, float] | None) -> tuple[str, str]:
    """What the interval says, and the report's CSS class for it."""
    if interval is None:
        return "not enough decided leads of both outcomes yet", "insufficient"
    low, high = interval
    if low > 0:
        return "the challenger ranks better", "pass"
    if high < 0:
        return "the champion ranks better", "fail-error"
    return "no measurable difference yet", "fail-warn"


def draw_challenger_chart(comparison: pd.DataFrame, path: Path) -> Path | None:
    """Both AUCs per mature cohort month, one panel per challenger; None without challengers."""
    if comparison.empty:
        return None
    monthly = comparison[
        (comparison["period_type"] == "month") & comparison["is_mature_cohort"].fillna(False)
    ]
    challengers = sorted(comparison["challenger_model_id"].unique())
    if not challengers:
        return None
    figure, axes = plt.subplots(
        1, len(challengers), figsize=(5.2 * len(challengers), 3.6), squeeze=False
    )
    for axis, challenger in zip(axes[0], challengers, strict=True):
        rows = monthly[monthly["challenger_model_id"] == challenger].sort_values("cohort_month")
        champion = str(
            comparison.loc[comparison["challenger_model_id"] == challenger].iloc[0][
                "champion_model_id"
            ]
        )
        months = pd.to_datetime(rows["cohort_month"])
        axis.plot(months, rows["champion_auc"], marker="o", label=f"{champion} (champion)")
        axis.plot(months, rows["challenger_auc"], marker="s", label=f"{challenger} (challenger)")
        axis.axhline(0.5, color="gray", linestyle="--", linewidth=1)
        axis.set_ylabel("AUC on the champion's leads")
        axis.set_xlabel("month the leads were scored")
        axis.set_title(f"{challenger} against {champion}")
        axis.tick_params(axis="x", rotation=45, labelsize=7)
        axis.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)
    return path


def _value(value: object, kind: str) -> str:
    if value is None or pd.isna(value):
        return "-"
    number = float(value)  # type: ignore[arg-type]
    if kind == "share":
        return f"{number:.1%}"
    if kind == "count":
        return f"{int(number):,}"
    return f"{number:.3f}"


def challenger_section(
    comparison: pd.DataFrame, paired_outcomes: pd.DataFrame, chart: Path | None
) -> str:
    """The section's HTML; empty when no model is a challenger."""
    if comparison.empty:
        return ""
    evaluation = comparison[comparison["period_type"] == "evaluation"]
    rows = []
    for _, row in evaluation.sort_values("challenger_model_id").iterrows():
        challenger = row["challenger_model_id"]
        pairs = paired_outcomes[paired_outcomes["challenger_model_id"] == challenger]
        interval = (
            auc_difference_interval(
                pairs["champion_score"].to_numpy(),
                pairs["challenger_score"].to_numpy(),
                pairs["is_converted"].to_numpy(),
            )
            if not pairs.empty
            else None
        )
        text, css = verdict(interval)
        interval_text = "-" if interval is None else f"{interval[0]:+.3f} .. {interval[1]:+.3f}"
        cells = [
            html.escape(str(row["challenger_model_id"])),
            html.escape(str(row["champion_model_id"])),
            _value(row["decided_leads"], "count"),
            _value(row["converted_leads"], "count"),
            f"{_value(row['champion_auc'], 'ratio')} / {_value(row['challenger_auc'], 'ratio')}",
            interval_text,
            f"{_value(row['champion_top_bucket_lift'], 'ratio')} / "
            f"{_value(row['challenger_top_bucket_lift'], 'ratio')}",
            f"{_value(row['champion_qualified_share'], 'share')} / "
            f"{_value(row['challenger_qualified_share'], 'share')}",
            f"{_value(row['champion_qualified_capture'], 'share')} / "
            f"{_value(row['challenger_qualified_capture'], 'share')}",
            f"{_value(row['swapped_in_leads'], 'count')} at "
            f"{_value(row['swapped_in_conversion_rate'], 'share')}",
            f"{_value(row['swapped_out_leads'], 'count')} at "
            f"{_value(row['swapped_out_conversion_rate'], 'share')}",
        ]
        rows.append(
            "<tr>"
            + "".join(f"<td>{cell}</td>" for cell in cells)
            + f"<td class='{css}'>{html.escape(text)}</td></tr>"
        )
    table = (
        "<table><tr><th>challenger</th><th>champion</th><th>decided leads</th>"
        "<th>conversions</th><th>AUC champion / challenger</th><th>AUC difference, 95% "
        "interval</th><th>top-decile lift</th><th>MQL+ share</th><th>MQL+ capture</th>"
        "<th>swapped into MQL+</th><th>swapped out of MQL+</th><th>verdict</th></tr>"
        + "".join(rows)
        + "</table>"
        if rows
        else "<p>No evaluation period yet: no cohort scored by a challenger has a window over.</p>"
    )
    image = (
        f"<img src='{html.escape(chart.name)}' alt='champion and challenger AUC by month'>"
        if chart is not None
        else ""
    )
    return (
        "<h2>Champion and challengers</h2><p class='note'>Each challenger "
        "(scoring_models.challenger_of) is scored every day in shadow and judged here on its "
        "champion's leads, as both scored them on the same day; it drives no stage and no check. "
        "The interval is a paired bootstrap over those leads: when it lies above zero the "
        "challenger ranks better. Swaps are the decided leads that would enter or leave MQL+ "
        "under the challenger's thresholds, at their conversion rate. Promote a challenger by a "
        "reviewed seed change (docs/learning.md).</p>" + table + image
    )

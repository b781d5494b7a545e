"""The score-quality report: a static HTML page with PNG charts, for people who would rather look.

It reads the quality models (models/marts/quality), the current lead_scores and the stage
thresholds from a DuckDB warehouse and writes into one folder:

* ``index.html``: check results, the evaluation-period metrics, the charts, how to read them;
* ``conversion_by_bucket.png``: conversion rate by score decile and by stage (evaluation period);
* ``conversion_over_time.png``: conversion by decile (heat map) and by stage, per cohort month;
* ``score_distribution.png``: today's total_score per model, with the MQL/SQL thresholds;
* ``lift_curve.png``: cumulative gains and lift from the top decile down;
* ``stage_volumes.png``: leads per stage on each scored day (lead_score_history);
* which signals predict: each rule's and each unscored candidate's verdict (quality_signals);
* the predictive score: its AUC and calibration on cohorts it was not trained on;
* champion and challengers: each challenger model against its champion on the same leads.

Dagster's quality_report asset calls ``write_quality_report``; without Dagster:
``python -m leadscore.quality_report --database warehouse/leadscore.duckdb``.
"""

from __future__ import annotations

import argparse
import datetime
import html
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import matplotlib

matplotlib.use("Agg")  # files only, no display: works headless and in worker processes

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from leadscore.challenger_report import (
    PAIRED_OUTCOMES_SQL,
    challenger_section,
    draw_challenger_chart,
)
from leadscore.paths import PROJECT_ROOT, duckdb_path
from leadscore.prediction_report import OUT_OF_SAMPLE_SQL, prediction_section
from leadscore.quality import QUALITY_CHECKS, find_relations, format_value
from leadscore.rules.slices import ALL_LEADS_SLICE
from leadscore.signals_report import signals_section
from leadscore.warehouse_lock import open_warehouse

REPORT_DIR_ENV = "LEADSCORE_REPORT_DIR"
DEFAULT_REPORT_DIR = PROJECT_ROOT / "reports" / "quality"
CHART_NAMES = (
    "conversion_by_bucket",
    "conversion_over_time",
    "score_distribution",
    "lift_curve",
    "stage_volumes",
)
STAGE_COLORS = {"none": "#9aa5b1", "mql": "#f0a30a", "sql": "#2e7d32"}


def report_dir(slice_id: str = ALL_LEADS_SLICE) -> Path:
    """Where the report goes: $LEADSCORE_REPORT_DIR, else reports/quality in the project; a
    slice's report in its slice-<id> folder there, so it never replaces the whole report."""
    configured = os.environ.get(REPORT_DIR_ENV)
    base = Path(configured).resolve() if configured else DEFAULT_REPORT_DIR
    return base if slice_id == ALL_LEADS_SLICE else base / f"slice-{slice_id}"


@dataclass
class QualityData:
    """Everything the report draws, as pandas frames."""

    checks: pd.DataFrame
    buckets: pd.DataFrame
    metrics: pd.DataFrame
    stage_volumes: pd.DataFrame
    scores: pd.DataFrame
    thresholds: pd.DataFrame
    signals: pd.DataFrame = field(default_factory=pd.DataFrame)
    predictive_models: pd.DataFrame = field(default_factory=pd.DataFrame)
    prediction_calibration: pd.DataFrame = field(default_factory=pd.DataFrame)
    prediction_outcomes: pd.DataFrame = field(default_factory=pd.DataFrame)
    challengers: pd.DataFrame = field(default_factory=pd.DataFrame)
    challenger_outcomes: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: The leads the figures are about: 'all', or a slice of seeds/quality_slices.csv.
    slice_id: str = ALL_LEADS_SLICE
    #: The evaluation-period metrics of every slice (in the report of all leads only).
    slice_metrics: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def evaluated_as_of(self) -> str:
        if self.checks.empty:
            return "unknown"
        return str(pd.Timestamp(self.checks["evaluated_as_of"].iloc[0]).date())

    @property
    def models(self) -> list[str]:
        return sorted(self.scores["model_id"].unique()) if not self.scores.empty else []


@dataclass
class QualityReport:
    """The files written and the headline numbers (for Dagster metadata)."""

    index_html: Path
    charts: dict[str, Path]
    evaluated_as_of: str
    summary: dict[str, float | int | str | None] = field(default_factory=dict)


class UnknownSliceError(ValueError):
    """The report was asked for a slice the warehouse does not have."""


def known_slices(connection: duckdb.DuckDBPyConnection, relations: Mapping[str, str]) -> list[str]:
    """The slices the quality marts hold: 'all' and those of seeds/quality_slices.csv."""
    if "int_quality_slices" not in relations:
        return [ALL_LEADS_SLICE]
    rows = connection.execute(
        f"select slice_id from {relations['int_quality_slices']} order by slice_id"
    ).fetchall()
    return [ALL_LEADS_SLICE, *(str(row[0]) for row in rows)]


def load_quality_data(
    connection: duckdb.DuckDBPyConnection,
    relations: Mapping[str, str] | None = None,
    slice_id: str = ALL_LEADS_SLICE,
) -> QualityData:
    """Read the quality tables (relations: dbt model name -> "schema"."table") for one slice of
    the leads ('all' by default; the checks and the signals always judge every lead)."""
    relations = dict(relations) if relations is not None else find_relations(connection)
    slices = known_slices(connection, relations)
    if slice_id not in slices:
        raise UnknownSliceError(
            f"no quality slice '{slice_id}' in the warehouse (slices: {', '.join(slices)}; "
            "seeds/quality_slices.csv defines them, and a build computes them)"
        )

    def frame(sql: str, parameters: list[object] | None = None) -> pd.DataFrame:
        return connection.execute(sql, parameters or []).df()

    def optional(name: str, sql: str, by_slice: bool = True) -> pd.DataFrame:
        # Tables a warehouse built by an older release may lack: their section says so. The
        # sql's ? is the slice.
        if name not in relations or "quality_lead_outcomes" not in relations:
            return pd.DataFrame()
        return frame(sql.format(**relations), [slice_id] if by_slice else None)

    def sliced(name: str) -> pd.DataFrame:
        return optional(name, f"select * from {{{name}}} where slice_id = ?")

    scores_sql = (
        "select model_id, cast(total_score as double) as total_score, lead_stage "
        f"from {relations['lead_scores']} where is_primary_model"
    )
    if slice_id != ALL_LEADS_SLICE:
        scores_sql += (
            f" and lead_id in (select lead_id from {relations['int_lead_quality_slices']} "
            "where slice_id = ?)"
        )
    return QualityData(
        checks=frame(f"select * from {relations['quality_check_results']}"),
        buckets=sliced("quality_conversion_by_bucket"),
        metrics=sliced("quality_model_metrics"),
        stage_volumes=sliced("quality_stage_volumes"),
        scores=frame(scores_sql, [slice_id] if slice_id != ALL_LEADS_SLICE else None),
        thresholds=frame(
            "select model_id, stage, cast(min_total_score as double) as min_total_score "
            f"from {relations['int_score_thresholds']}"
        ),
        signals=sliced("quality_signals"),
        predictive_models=optional(
            "stg_learning__predictive_models",
            "select * from {stg_learning__predictive_models}",
            by_slice=False,
        ),
        prediction_calibration=sliced("quality_prediction_calibration"),
        prediction_outcomes=optional(
            "stg_learning__predictive_models",
            OUT_OF_SAMPLE_SQL.format(
                outcomes="{quality_lead_outcomes}",
                models="{stg_learning__predictive_models}",
                slice_literal="?",
            ),
        ),
        challengers=sliced("quality_challenger_comparison"),
        challenger_outcomes=optional(
            "quality_challenger_comparison",
            PAIRED_OUTCOMES_SQL.format(outcomes="{quality_lead_outcomes}", slice_literal="?"),
        ),
        slice_id=slice_id,
        slice_metrics=(
            frame(
                f"select * from {relations['quality_model_metrics']} "
                "where period_type = 'evaluation'"
            )
            if slice_id == ALL_LEADS_SLICE
            else pd.DataFrame()
        ),
    )


def _no_data(axis: plt.Axes, message: str = "no decided leads yet") -> None:
    axis.text(0.5, 0.5, message, ha="center", va="center", transform=axis.transAxes, color="gray")
    axis.set_xticks([])
    axis.set_yticks([])


def _figure(rows: int, models: list[str], height: float = 3.6) -> tuple[plt.Figure, np.ndarray]:
    columns = max(1, len(models))
    figure, axes = plt.subplots(
        rows, columns, figsize=(5.2 * columns, height * rows), squeeze=False
    )
    return figure, axes


def _save(figure: plt.Figure, path: Path) -> Path:
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)
    return path


def _evaluation(buckets: pd.DataFrame, model: str, kind: str) -> pd.DataFrame:
    rows = buckets[
        (buckets["model_id"] == model)
        & (buckets["period_type"] == "evaluation")
        & (buckets["bucket_kind"] == kind)
    ]
    return rows.sort_values("bucket_order")


def chart_conversion_by_bucket(data: QualityData, path: Path) -> Path:
    models = data.models
    figure, axes = _figure(2, models)
    for column, model in enumerate(models or [""]):
        for row, kind in enumerate(("score_bucket", "stage")):
            axis = axes[row][column]
            rows = _evaluation(data.buckets, model, kind)
            rows = rows[rows["decided_leads"] > 0]
            if rows.empty:
                _no_data(axis)
                axis.set_title(f"{model}: conversion by {kind.replace('_', ' ')}")
                continue
            colors = (
                [STAGE_COLORS.get(bucket, "#1f77b4") for bucket in rows["bucket"]]
                if kind == "stage"
                else "#1f77b4"
            )
            axis.bar(rows["bucket"], rows["conversion_rate"] * 100, color=colors)
            base = rows["base_conversion_rate"].iloc[0] * 100
            axis.axhline(
                base, color="black", linestyle="--", linewidth=1, label=f"base {base:.2f}%"
            )
            axis.set_ylabel("conversion rate (%)")
            axis.set_xlabel("score decile (1 = lowest)" if kind == "score_bucket" else "stage")
            axis.set_title(f"{model}: conversion by {kind.replace('_', ' ')}")
            axis.legend(loc="upper left")
    figure.suptitle("Evaluation period: conversion rate of decided leads", y=1.0)
    return _save(figure, path)


def chart_conversion_over_time(data: QualityData, path: Path) -> Path:
    models = data.models
    figure, axes = _figure(2, models, height=3.8)
    monthly = data.buckets[
        (data.buckets["period_type"] == "month") & data.buckets["is_mature_cohort"].fillna(False)
    ]
    for column, model in enumerate(models or [""]):
        heat_axis, line_axis = axes[0][column], axes[1][column]
        deciles = monthly[
            (monthly["model_id"] == model) & (monthly["bucket_kind"] == "score_bucket")
        ]
        deciles = deciles[deciles["decided_leads"] > 0]
        if deciles.empty:
            _no_data(heat_axis, "no mature cohort yet")
            _no_data(line_axis, "no mature cohort yet")
        else:
            grid = deciles.pivot_table(
                index="bucket_order", columns="cohort_month", values="conversion_rate"
            ).sort_index(ascending=False)
            image = heat_axis.imshow(grid.to_numpy() * 100, aspect="auto", cmap="YlGn")
            heat_axis.set_yticks(range(len(grid.index)), [str(b) for b in grid.index])
            heat_axis.set_xticks(
                range(len(grid.columns)),
                [pd.Timestamp(c).strftime("%Y-%m") for c in grid.columns],
                rotation=60,
                fontsize=7,
            )
            heat_axis.set_ylabel("score decile")
            figure.colorbar(image, ax=heat_axis, label="conversion (%)")
            stages = monthly[(monthly["model_id"] == model) & (monthly["bucket_kind"] == "stage")]
            stages = stages[stages["decided_leads"] > 0]
            for stage, rows in stages.groupby("bucket"):
                rows = rows.sort_values("cohort_month")
                line_axis.plot(
                    pd.to_datetime(rows["cohort_month"]),
                    rows["conversion_rate"] * 100,
                    marker="o",
                    color=STAGE_COLORS.get(str(stage)),
                    label=str(stage),
                )
            line_axis.set_ylabel("conversion rate (%)")
            line_axis.set_xlabel("month the lead was scored")
            line_axis.legend(title="stage")
            line_axis.tick_params(axis="x", rotation=45, labelsize=7)
        heat_axis.set_title(f"{model}: conversion by decile and cohort month")
        line_axis.set_title(f"{model}: conversion by stage and cohort month")
    return _save(figure, path)


def chart_score_distribution(data: QualityData, path: Path) -> Path:
    models = data.models
    figure, axes = _figure(1, models)
    for column, model in enumerate(models or [""]):
        axis = axes[0][column]
        scores = data.scores[data.scores["model_id"] == model]["total_score"]
        if scores.empty:
            _no_data(axis, "no scores yet")
            continue
        axis.hist(scores, bins=40, color="#1f77b4")
        for _, threshold in data.thresholds[data.thresholds["model_id"] == model].iterrows():
            axis.axvline(
                threshold["min_total_score"],
                color=STAGE_COLORS.get(threshold["stage"], "red"),
                linestyle="--",
                label=f"{threshold['stage']} at {threshold['min_total_score']:g}",
            )
        axis.set_yscale("log")
        axis.set_xlabel("total_score")
        axis.set_ylabel("leads (log scale)")
        axis.set_title(f"{model}: score distribution on {data.evaluated_as_of}")
        axis.legend()
    return _save(figure, path)


def chart_lift_curve(data: QualityData, path: Path) -> Path:
    models = data.models
    figure, axes = _figure(2, models)
    for column, model in enumerate(models or [""]):
        gains_axis, lift_axis = axes[0][column], axes[1][column]
        rows = _evaluation(data.buckets, model, "score_bucket")
        decided, converted = rows["decided_leads"].sum(), rows["converted_leads"].sum()
        if rows.empty or decided == 0 or converted == 0:
            _no_data(gains_axis)
            _no_data(lift_axis)
        else:
            from_top = rows.sort_values("bucket_order", ascending=False)
            share_leads = np.concatenate([[0], from_top["decided_leads"].cumsum() / decided])
            share_conv = np.concatenate([[0], from_top["converted_leads"].cumsum() / converted])
            gains_axis.plot(share_leads * 100, share_conv * 100, marker="o", label="score")
            gains_axis.plot([0, 100], [0, 100], color="gray", linestyle="--", label="random")
            gains_axis.set_xlabel("% of decided leads, best score first")
            gains_axis.set_ylabel("% of conversions")
            gains_axis.legend()
            lift = share_conv[1:] / share_leads[1:]
            lift_axis.plot(share_leads[1:] * 100, lift, marker="o")
            lift_axis.axhline(1, color="gray", linestyle="--")
            lift_axis.set_xlabel("% of decided leads, best score first")
            lift_axis.set_ylabel("cumulative lift")
        gains_axis.set_title(f"{model}: cumulative gains")
        lift_axis.set_title(f"{model}: lift curve")
    return _save(figure, path)


def chart_stage_volumes(data: QualityData, path: Path) -> Path:
    models = data.models
    figure, axes = _figure(1, models)
    for column, model in enumerate(models or [""]):
        axis = axes[0][column]
        rows = data.stage_volumes[data.stage_volumes["model_id"] == model]
        if rows.empty:
            _no_data(axis, "no history yet")
            continue
        for stage, stage_rows in rows.groupby("lead_stage"):
            stage_rows = stage_rows.sort_values("scored_as_of")
            axis.plot(
                pd.to_datetime(stage_rows["scored_as_of"]),
                stage_rows["leads"],
                marker="o",
                color=STAGE_COLORS.get(str(stage)),
                label=str(stage),
            )
        axis.set_ylabel("leads")
        axis.set_title(f"{model}: leads per stage on each scored day")
        axis.tick_params(axis="x", rotation=45, labelsize=7)
        axis.legend(title="stage")
    return _save(figure, path)


CHARTS = {
    "conversion_by_bucket": (
        chart_conversion_by_bucket,
        "Conversion by score bucket and stage",
        "Conversion rate of decided leads in each score decile (top) and stage (bottom), over "
        "the evaluation period. A healthy score climbs from left to right; the dashed line is "
        "the base rate.",
    ),
    "conversion_over_time": (
        chart_conversion_over_time,
        "Conversion by score bucket over time",
        "Each column is a cohort: the leads as first scored in that month. Darker cells "
        "convert more; the top deciles should stay darkest month after month. Only mature "
        "cohorts are drawn: in months whose conversion window is still open only the leads "
        "whose deal already closed are decided, which would make those rates look too high.",
    ),
    "score_distribution": (
        chart_score_distribution,
        "Score distribution per model",
        "Today's total_score of each model's leads, with the stage thresholds.",
    ),
    "lift_curve": (
        chart_lift_curve,
        "Lift curve",
        "Top: the share of conversions captured when working leads from the best score down "
        "(the diagonal is random order). Bottom: the conversion rate of that top slice over the "
        "base rate.",
    ),
    "stage_volumes": (
        chart_stage_volumes,
        "Stage volumes",
        "Leads per stage on each day in lead_score_history: what sales is asked to work.",
    ),
}


def _checks_table(checks: pd.DataFrame) -> str:
    kinds = {check.check_id: check.value_kind for check in QUALITY_CHECKS}
    titles = {check.check_id: check.title for check in QUALITY_CHECKS}
    rows = []
    for _, row in checks.sort_values(["check_id", "model_id"]).iterrows():
        kind = kinds.get(row["check_id"], "ratio")
        status = str(row["status"])
        css = {"pass": "pass", "fail": f"fail-{row['severity']}"}.get(status, "insufficient")
        bounds = []
        for level in ("error", "warn"):
            low, high = row[f"{level}_lower_bound"], row[f"{level}_upper_bound"]
            if pd.notna(low) or pd.notna(high):
                low_text = format_value(low, kind) if pd.notna(low) else "-"
                high_text = format_value(high, kind) if pd.notna(high) else "-"
                bounds.append(f"{level}: {low_text} .. {high_text}")
        rows.append(
            "<tr>"
            f"<td title='{html.escape(titles.get(row['check_id'], ''))}'>"
            f"{html.escape(row['check_id'])}</td>"
            f"<td>{html.escape(row['model_id'])}</td>"
            f"<td class='num'>{format_value(row['observed_value'], kind)}</td>"
            f"<td class='{css}'>{html.escape(status)}"
            f"{' (' + html.escape(str(row['severity'])) + ')' if status != 'pass' else ''}</td>"
            f"<td>{html.escape('; '.join(bounds))}</td>"
            f"<td>{html.escape(str(row['description'] or ''))}</td>"
            "</tr>"
        )
    return (
        "<table><tr><th>check</th><th>model</th><th>value</th><th>status</th>"
        "<th>healthy range</th><th>what it means</th></tr>" + "".join(rows) + "</table>"
    )


def _metrics_table(metrics: pd.DataFrame, by_slice: bool = False) -> str:
    """The evaluation period's metrics, a row per model (and per slice, by_slice)."""
    evaluation = metrics[metrics["period_type"] == "evaluation"].sort_values(
        ["model_id", "slice_id"] if by_slice else ["model_id"]
    )
    columns = [
        ("decided leads", "decided_leads", "count"),
        ("conversions", "converted_leads", "count"),
        ("base rate", "base_conversion_rate", "rate"),
        ("AUC", "auc", "ratio"),
        ("top-decile lift", "top_bucket_lift", "ratio"),
        ("MQL+ share", "qualified_share", "share"),
        ("MQL+ capture", "qualified_capture", "share"),
        ("top/bottom stage", "top_to_bottom_stage_ratio", "ratio"),
    ]
    header = "".join(f"<th>{label}</th>" for label, _, _ in columns)
    rows = []
    for _, row in evaluation.iterrows():
        cells = []
        for _, name, kind in columns:
            value = row[name]
            text = (
                f"{value:.2%}"
                if kind == "rate" and pd.notna(value)
                else format_value(value, "share" if kind == "rate" else kind)
            )
            cells.append(f"<td class='num'>{text}</td>")
        key = html.escape(row["model_id"]) + (
            f"</td><td>{html.escape(row['slice_id'])}" if by_slice else ""
        )
        rows.append(f"<tr><td>{key}</td>{''.join(cells)}</tr>")
    if not rows:
        return "<p>No evaluation period yet: no cohort's conversion window is over.</p>"
    slice_header = "<th>slice</th>" if by_slice else ""
    return f"<table><tr><th>model</th>{slice_header}{header}</tr>{''.join(rows)}</table>"


def _slices_section(slice_metrics: pd.DataFrame) -> str:
    """Every slice's evaluation period side by side (the report of all leads only)."""
    if slice_metrics.empty or slice_metrics["slice_id"].nunique() < 2:
        return ""
    return (
        "<h2>By slice</h2><p class='note'>The evaluation period for every lead ('all') and for "
        "each slice of seeds/quality_slices.csv: a score tuned on all leads should rank each "
        "slice about as well. A slice's own report: <code>python -m leadscore.quality_report "
        "--slice ID</code>.</p>" + _metrics_table(slice_metrics, by_slice=True)
    )


STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1200px; color: #222; }
table { border-collapse: collapse; margin: 1em 0; font-size: 0.9em; }
th, td { border: 1px solid #ccc; padding: 4px 8px; text-align: left; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.pass { background: #e6f4ea; } .fail-warn { background: #fff4d6; }
.fail-error { background: #fde2e1; font-weight: bold; } .insufficient { background: #eeeeee; }
img { max-width: 100%; border: 1px solid #eee; } .note { color: #555; }
"""


def _slice_note(slice_id: str) -> str:
    if slice_id == ALL_LEADS_SLICE:
        return ""
    return (
        f"<p><b>Slice <code>{html.escape(slice_id)}</code></b> (seeds/quality_slices.csv): the "
        "metrics, conversion by bucket, stage volumes, score distribution, predictive score and "
        "challengers are about its leads and cohort months only; each lead keeps the score "
        "decile it had among all the month's leads. The checks and the signals judge every "
        "lead.</p>"
    )


def render_html(data: QualityData, charts: Mapping[str, Path], generated_at: str) -> str:
    sections = []
    for name, (_, title, explanation) in CHARTS.items():
        if name in charts:
            sections.append(
                f"<h2>{html.escape(title)}</h2><p class='note'>{html.escape(explanation)}</p>"
                f"<img src='{html.escape(charts[name].name)}' alt='{html.escape(title)}'>"
            )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>leadscore quality report, as of {html.escape(data.evaluated_as_of)}</title>
<style>{STYLE}</style></head><body>
<h1>Lead score quality, as of {html.escape(data.evaluated_as_of)}</h1>
{_slice_note(data.slice_id)}
<p class="note">Generated {html.escape(generated_at)} from the warehouse's quality models
(models/marts/quality). A lead converts when it gets an opportunity created within the
conversion window after the day it was scored, and that opportunity is won. Cohorts are the
leads as first scored in each month; the checks judge the evaluation period: the cohorts of the
last months whose window is over. Bounds: seeds/quality_targets.csv.</p>
<h2>Checks</h2>
{_checks_table(data.checks)}
<h2>Evaluation period</h2>
{_metrics_table(data.metrics)}
{_slices_section(data.slice_metrics)}
{"".join(sections)}
{signals_section(data.signals)}
{prediction_section(data.predictive_models, data.prediction_calibration, data.prediction_outcomes)}
{challenger_section(data.challengers, data.challenger_outcomes, charts.get("challengers"))}
</body></html>
"""


def write_quality_report(data: QualityData, output_dir: Path) -> QualityReport:
    """Draw the charts and write index.html into output_dir (created if missing)."""
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    charts = {name: draw(data, output_dir / f"{name}.png") for name, (draw, _, _) in CHARTS.items()}
    challenger_chart = draw_challenger_chart(data.challengers, output_dir / "challengers.png")
    if challenger_chart is not None:
        charts["challengers"] = challenger_chart
    generated_at = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    index = output_dir / "index.html"
    index.write_text(render_html(data, charts, generated_at), encoding="utf-8")
    summary: dict[str, float | int | str | None] = {}
    evaluation = data.metrics[data.metrics["period_type"] == "evaluation"]
    for _, row in evaluation.iterrows():
        for name in ("auc", "top_bucket_lift", "qualified_share", "qualified_capture"):
            value = row[name]
            summary[f"{row['model_id']}.{name}"] = None if pd.isna(value) else float(value)
    if not data.checks.empty:
        summary["checks_failed"] = int((data.checks["status"] != "pass").sum())
    return QualityReport(index, charts, data.evaluated_as_of, summary)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m leadscore.quality_report",
        description="Write the score-quality report (HTML and PNG charts) from a DuckDB warehouse.",
    )
    parser.add_argument("--database", type=Path, default=None, help="DuckDB file")
    parser.add_argument(
        "--output",
        type=Path,
        default=None,
        help="folder (default reports/quality, a slice's in reports/quality/slice-<id>)",
    )
    parser.add_argument(
        "--slice",
        default=ALL_LEADS_SLICE,
        help="judge only the leads of this slice of seeds/quality_slices.csv (default: all)",
    )
    args = parser.parse_args(argv)
    connection = open_warehouse(args.database or duckdb_path())
    try:
        data = load_quality_data(connection, slice_id=args.slice)
    except UnknownSliceError as error:
        parser.exit(2, f"error: {error}\n")
    finally:
        connection.close()
    report = write_quality_report(data, args.output or report_dir(args.slice))
    print(f"Wrote {report.index_html}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

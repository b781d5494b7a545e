"""`leadscore backtest --rules-dir DIR`: score the same history with another rule set.

The candidate rules are laid over a throwaway copy of the project (leadscore.overlay) and
score, point in time, the days the quality models judge: each month's cohort snapshot day of
lead_score_history (its first scored day) and the latest day. They write into schemas of their
own beside the live ones (`backtest_<name>`, `backtest_<name>_marts`, `backtest_<name>_quality`,
published copy `backtest_<name>_scores`): nothing the live pipeline or BI reads changes.
Then the two are compared: the evaluation-period metrics of quality_model_metrics (AUC,
top-decile lift, MQL share and capture), stage changes on the latest day, and the leads whose
score moves most. A challenger in the candidate rules (scoring_models.challenger_of) is shown
against its champion as quality_challenger_comparison judges it, on the same leads. Backtesting
the current rules reproduces the live history exactly (tested).

Run it while nothing else writes the warehouse (DuckDB allows one writer).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from leadscore.overlay import overlay_project
from leadscore.quality import DUCKDB_SCHEMA_ENV, find_relations
from leadscore.rules.slices import ALL_LEADS_SLICE
from leadscore.score_history import replay_score_history
from leadscore.warehouse_lock import open_warehouse

METRICS = (
    "decided_leads",
    "converted_leads",
    "auc",
    "top_bucket_lift",
    "qualified_share",
    "qualified_capture",
)
CHALLENGER_COLUMNS = (
    "challenger_model_id",
    "champion_model_id",
    "decided_leads",
    "converted_leads",
    "champion_auc",
    "challenger_auc",
    "champion_qualified_share",
    "challenger_qualified_share",
    "swapped_in_leads",
    "swapped_out_leads",
)
COUNT_METRICS = frozenset({"decided_leads", "converted_leads"})
MOVERS_SHOWN = 20
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,40}$")


class BacktestError(ValueError):
    """A backtest that cannot run (no history to replay, a bad name)."""


@dataclass
class BacktestResult:
    schema: str
    days: list[datetime.date]
    metrics: pd.DataFrame  # model_id x (metric, live / candidate)
    stage_changes: pd.DataFrame  # model_id, live_stage, candidate_stage, leads
    movers: pd.DataFrame  # lead_id, model_id, live_score, candidate_score, change, stages
    challengers: pd.DataFrame  # CHALLENGER_COLUMNS, evaluation period, slice 'all'

    def format(self) -> str:
        lines = [
            f"Backtest in schemas {self.schema}_*: {len(self.days)} day(s) scored, "
            f"{self.days[0]} to {self.days[-1]}",
            "",
            "Evaluation period (quality_model_metrics), live -> candidate. A candidate fitted on",
            "this history (leadscore calibrate) is judged here partly on its own training",
            "cohorts: its review page has the held-out comparison.",
        ]
        for model_id, row in self.metrics.iterrows():
            parts = []
            for metric in METRICS:
                live, candidate = row.get((metric, "live")), row.get((metric, "candidate"))
                shown = _count if metric in COUNT_METRICS else _ratio
                parts.append(f"{metric} {shown(live)} -> {shown(candidate)}")
            lines.append(f"  {model_id}: " + "; ".join(parts))
        if not self.challengers.empty:
            lines += [
                "",
                "Challengers, evaluation period (quality_challenger_comparison: the same leads,",
                "scored the same days), champion -> challenger; the quality report with",
                f"{DUCKDB_SCHEMA_ENV}={self.schema} adds the bootstrap interval of the AUC gap:",
            ]
        for _, row in self.challengers.iterrows():
            lines.append(
                f"  {row['challenger_model_id']} against {row['champion_model_id']}: "
                f"{_count(row['decided_leads'])} decided leads, "
                f"{_count(row['converted_leads'])} converted; "
                f"auc {_ratio(row['champion_auc'])} -> {_ratio(row['challenger_auc'])}; "
                f"MQL+ share {_ratio(row['champion_qualified_share'])} -> "
                f"{_ratio(row['challenger_qualified_share'])}; "
                f"{_count(row['swapped_in_leads'])} lead(s) into MQL+, "
                f"{_count(row['swapped_out_leads'])} out"
            )
        lines += ["", f"Stage changes on {self.days[-1]} (primary models):"]
        changed = self.stage_changes[
            self.stage_changes["live_stage"] != self.stage_changes["candidate_stage"]
        ]
        if changed.empty:
            lines.append("  none")
        for _, row in changed.iterrows():
            lines.append(
                f"  {row['model_id']}: {row['live_stage']} -> {row['candidate_stage']}: "
                f"{int(row['leads']):,} lead(s)"
            )
        lines += ["", f"Leads that move most on {self.days[-1]}:"]
        if self.movers.empty or (self.movers["change"] == 0).all():
            lines.append("  none: every score is the same")
        for _, row in self.movers.iterrows():
            if row["change"] == 0:
                break
            lines.append(
                f"  {row['lead_id']} ({row['model_id']}): {row['live_score']:.2f} -> "
                f"{row['candidate_score']:.2f} ({row['change']:+.2f}), "
                f"{row['live_stage']} -> {row['candidate_stage']}"
            )
        return "\n".join(lines)


def _ratio(value: object) -> str:
    if value is None or pd.isna(value):
        return "-"
    return f"{float(value):.3f}"  # type: ignore[arg-type]


def _count(value: object) -> str:
    return "-" if value is None or pd.isna(value) else f"{int(value):,}"  # type: ignore[call-overload]


def snapshot_days(database: Path) -> list[datetime.date]:
    """Each month's first scored day of the live lead_score_history, and its latest day."""
    connection = open_warehouse(database)
    try:
        relations = find_relations(connection, ["lead_score_history"])
        if "lead_score_history" not in relations:
            raise BacktestError("the warehouse has no lead_score_history: build it first")
        rows = connection.execute(
            f"select min(scored_as_of) from {relations['lead_score_history']} "
            "group by date_trunc('month', scored_as_of) "
            f"union select max(scored_as_of) from {relations['lead_score_history']} order by 1"
        ).fetchall()
    finally:
        connection.close()
    days = [row[0] for row in rows if row[0] is not None]
    if not days:
        raise BacktestError("lead_score_history is empty: there is no history to backtest")
    return days


def _frame(connection: Any, sql: str) -> pd.DataFrame:
    return connection.execute(sql).df()


def compare(
    database: Path, schema: str
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Metrics, stage changes, movers and challengers: the live schemas against the
    backtest's."""
    connection = open_warehouse(database)
    try:
        live = find_relations(connection, ["quality_model_metrics", "lead_scores"])
        candidate = {
            "quality_model_metrics": f'"{schema}_quality".quality_model_metrics',
            "lead_scores": f'"{schema}_marts".lead_scores',
        }
        columns = ", ".join(METRICS)
        metrics = (
            pd.concat(
                [
                    _frame(
                        connection,
                        f"select model_id, {columns} from {relations['quality_model_metrics']} "
                        f"where slice_id = '{ALL_LEADS_SLICE}' and period_type = 'evaluation'",
                    ).assign(run=run)
                    for run, relations in (("live", live), ("candidate", candidate))
                ]
            )
            .set_index(["model_id", "run"])[list(METRICS)]
            .unstack("run")
        )
        challengers = _frame(
            connection,
            f"select {', '.join(CHALLENGER_COLUMNS)} "
            f'from "{schema}_quality".quality_challenger_comparison '
            f"where slice_id = '{ALL_LEADS_SLICE}' and period_type = 'evaluation' "
            "order by challenger_model_id",
        )
        scores = _frame(
            connection,
            f"""
            select
                live.lead_id,
                live.model_id,
                cast(live.total_score as double) as live_score,
                cast(candidate.total_score as double) as candidate_score,
                cast(candidate.total_score - live.total_score as double) as change,
                live.lead_stage as live_stage,
                candidate.lead_stage as candidate_stage
            from {live["lead_scores"]} as live
            inner join {candidate["lead_scores"]} as candidate
                on live.lead_id = candidate.lead_id
                and live.model_id = candidate.model_id
            where live.is_primary_model
            """,
        )
    finally:
        connection.close()
    # A challenger has no live row to compare with: it is shown against its champion.
    metrics = metrics.drop(index=list(challengers["challenger_model_id"]), errors="ignore")
    stage_changes = (
        scores.groupby(["model_id", "live_stage", "candidate_stage"]).size().rename("leads")
    ).reset_index()
    movers = (
        scores.assign(size=scores["change"].abs())
        .sort_values(["size", "lead_id"], ascending=[False, True])
        .head(MOVERS_SHOWN)
        .drop(columns="size")
    )
    return metrics, stage_changes, movers, challengers


def backtest(
    rules_dir: Path,
    *,
    database: Path,
    project_dir: Path,
    name: str = "candidate",
    cli_vars: Mapping[str, Any] | None = None,
) -> BacktestResult:
    """Score the live history's snapshot days with the rules in rules_dir, then compare."""
    if not _NAME.match(name):
        raise BacktestError(
            f"backtest name {name!r}: use lowercase letters, digits and underscores (it names "
            "the schemas)"
        )
    days = snapshot_days(database)
    schema = f"backtest_{name}"
    dbt_vars = {**dict(cli_vars or {}), "leadscore_published_schema": f"{schema}_scores"}
    environment = {DUCKDB_SCHEMA_ENV: schema}
    with overlay_project(rules_dir, project_dir=project_dir, cli_vars=dbt_vars) as project:
        # The past days, then the latest one built (and published into the backtest's own
        # schema), in one dbt process.
        replay_score_history(
            days[:-1],
            database=database,
            project_dir=project,
            extra_vars=dbt_vars,
            extra_env=environment,
            build_day=days[-1],
            build_vars={"leadscore_publish_replay": True},
        )
    metrics, stage_changes, movers, challengers = compare(database, schema)
    return BacktestResult(schema, days, metrics, stage_changes, movers, challengers)

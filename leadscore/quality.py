"""Score-quality results, read from the warehouse and summarized for people and for Dagster.

The numbers are computed in the warehouse by the dbt models in models/marts/quality (so they
are the same on every engine and for anyone reading the tables); the checks' bounds and
severities come from seeds/quality_targets.csv. This module only reads them:

* ``QUALITY_CHECKS`` lists the checks and the table each one is about (Dagster attaches each
  asset check to that asset);
* ``read_check_outcomes`` turns the rows of ``quality_check_results`` (and the supporting
  tables) into one ``CheckOutcome`` per check: passed or not, the worst severity, a one-line
  description and the numbers as metadata, per model.

No Dagster imports here: orchestration/checks.py turns outcomes into asset check results.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import duckdb

from leadscore.rules.slices import ALL_LEADS_SLICE

DUCKDB_SCHEMA_ENV = "LEADSCORE_DUCKDB_SCHEMA"
DEFAULT_DUCKDB_SCHEMA = "main"

# The dbt models (and seed) the quality code reads, by name.
QUALITY_RELATIONS = (
    "quality_check_results",
    "quality_conversion_by_bucket",
    "quality_model_metrics",
    "quality_stage_volumes",
    "quality_signals",
    "quality_prediction_calibration",
    "quality_challenger_comparison",
    "quality_lead_outcomes",
    "int_quality_slices",
    "int_lead_quality_slices",
    "stg_learning__predictive_models",
    "lead_scores",
    "int_score_thresholds",
)


@dataclass(frozen=True)
class QualityCheck:
    """One check of quality_check_results, the asset it is about and how to show its value."""

    check_id: str
    asset: str
    title: str
    value_kind: str  # count, ratio, share or days


QUALITY_CHECKS: tuple[QualityCheck, ...] = (
    QualityCheck(
        "conversion_sample_size",
        "quality_conversion_by_bucket",
        "Enough decided conversions in the evaluation period to judge the score",
        "count",
    ),
    QualityCheck(
        "rank_ordering",
        "quality_conversion_by_bucket",
        "Higher score buckets and stages convert at least as well as lower ones",
        "count",
    ),
    QualityCheck(
        "auc", "quality_model_metrics", "AUC of total_score against converted or not", "ratio"
    ),
    QualityCheck(
        "top_bucket_lift",
        "quality_model_metrics",
        "Conversion of the top score decile over the base rate",
        "ratio",
    ),
    QualityCheck(
        "qualified_share",
        "quality_model_metrics",
        "Leads flagged MQL or above (MadKudu: 15-35% of leads)",
        "share",
    ),
    QualityCheck(
        "qualified_capture",
        "quality_model_metrics",
        "Conversions from leads flagged MQL or above (MadKudu: at least 60%)",
        "share",
    ),
    QualityCheck(
        "top_to_bottom_stage_ratio",
        "quality_model_metrics",
        "The top stage converts at least 10x the bottom one (MadKudu)",
        "ratio",
    ),
    QualityCheck(
        "qualified_volume_vs_capacity",
        "lead_scores",
        "Share of leads at MQL or above today, against sales capacity",
        "share",
    ),
    QualityCheck(
        "top_stage_volume_vs_capacity",
        "lead_scores",
        "Share of leads at SQL today, against sales capacity",
        "share",
    ),
    QualityCheck(
        "model_review_age_days",
        "scoring_models",
        "Scoring model reviewed within the last quarter (recalibrate quarterly)",
        "days",
    ),
)


class Markdown(str):
    """A metadata value meant to be shown as Markdown (e.g. a table)."""


MetadataValue = float | int | str | Markdown | None


@dataclass
class CheckOutcome:
    """The verdict of one quality check over every active model."""

    check_id: str
    passed: bool
    severity: str | None  # error or warn when not passed
    description: str
    metadata: dict[str, MetadataValue] = field(default_factory=dict)


def find_relations(
    connection: duckdb.DuckDBPyConnection, names: Sequence[str] = QUALITY_RELATIONS
) -> dict[str, str]:
    """Where each dbt model lives in a DuckDB warehouse ("schema"."table"), by table name.

    The built schemas are preferred over the published copies (var leadscore_published_schema),
    which are only refreshed after a fully green run.
    """
    # Only the schemas of this target (main, main_marts, ...; $LEADSCORE_DUCKDB_SCHEMA as in
    # profiles.yml) and the published copies: a backtest's schemas beside them are not these.
    prefix = os.environ.get(DUCKDB_SCHEMA_ENV) or DEFAULT_DUCKDB_SCHEMA
    rows = connection.execute(
        "select table_name, table_schema from information_schema.tables "
        "where table_name in (select unnest(?)) "
        "and (table_schema = ? or starts_with(table_schema, ?) or table_schema = 'scores') "
        "order by table_schema = 'scores', table_schema",
        [list(names), prefix, prefix + "_"],
    ).fetchall()
    relations: dict[str, str] = {}
    for table, schema in rows:
        relations.setdefault(table, f'"{schema}"."{table}"')
    return relations


def _records(connection: duckdb.DuckDBPyConnection, sql: str) -> list[dict[str, object]]:
    cursor = connection.execute(sql)
    columns = [column[0] for column in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def _number(value: object) -> float | None:
    if value is None:
        return None
    number = float(value)  # type: ignore[arg-type]
    return None if math.isnan(number) else number


def format_value(value: object, kind: str) -> str:
    """A check value for people: shares as percentages, ratios with two decimals."""
    number = _number(value)
    if number is None:
        return "n/a"
    if kind == "share":
        return f"{number:.1%}"
    if kind == "ratio":
        return f"{number:.2f}"
    return f"{number:.0f}"


def _bounds(lower: object, upper: object, kind: str) -> str:
    low, high = _number(lower), _number(upper)
    if low is None and high is None:
        return ""
    if high is None:
        return f">= {format_value(low, kind)}"
    if low is None:
        return f"<= {format_value(high, kind)}"
    return f"{format_value(low, kind)} to {format_value(high, kind)}"


def _markdown_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> Markdown:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += [
        "| " + " | ".join("" if cell is None else str(cell) for cell in row) + " |" for row in rows
    ]
    return Markdown("\n".join(lines))


def _rate(value: object) -> str:
    number = _number(value)
    return "n/a" if number is None else f"{number:.2%}"


def _supporting_tables(
    connection: duckdb.DuckDBPyConnection, relations: Mapping[str, str]
) -> dict[str, dict[str, Markdown]]:
    """Extra metadata per check: the conversion table, violations, monthly AUC, lift by decile."""
    extra: dict[str, dict[str, Markdown]] = {}
    buckets = relations.get("quality_conversion_by_bucket")
    metrics = relations.get("quality_model_metrics")
    if buckets:
        evaluation = _records(
            connection,
            f"select model_id, bucket_kind, bucket, leads, decided_leads, converted_leads, "
            f"conversion_rate, lift, share_of_conversions from {buckets} "
            f"where slice_id = '{ALL_LEADS_SLICE}' and period_type = 'evaluation' "
            "order by model_id, bucket_kind desc, bucket_order",
        )
        extra["conversion_sample_size"] = {
            "conversion_by_bucket": _markdown_table(
                ["model", "kind", "bucket", "decided", "converted", "rate", "lift", "capture"],
                [
                    [
                        row["model_id"],
                        row["bucket_kind"],
                        row["bucket"],
                        row["decided_leads"],
                        row["converted_leads"],
                        _rate(row["conversion_rate"]),
                        format_value(row["lift"], "ratio"),
                        _rate(row["share_of_conversions"]),
                    ]
                    for row in evaluation
                ],
            )
        }
        extra["top_bucket_lift"] = {
            "lift_by_decile": _markdown_table(
                ["model", "bucket", "decided", "converted", "rate", "lift"],
                [
                    [
                        row["model_id"],
                        row["bucket"],
                        row["decided_leads"],
                        row["converted_leads"],
                        _rate(row["conversion_rate"]),
                        format_value(row["lift"], "ratio"),
                    ]
                    for row in evaluation
                    if row["bucket_kind"] == "score_bucket"
                ],
            )
        }
        violations = _records(
            connection,
            f"select model_id, period_type, cohort_month, bucket_kind, bucket, conversion_rate, "
            f"compared_with_bucket, compared_with_conversion_rate, rank_ordering_tolerance "
            f"from {buckets} where slice_id = '{ALL_LEADS_SLICE}' and is_rank_ordering_violation "
            f"order by period_type, model_id, cohort_month, bucket_kind, bucket_order",
        )
        extra["rank_ordering"] = {
            "violations": _markdown_table(
                ["model", "period", "kind", "bucket", "rate", "vs bucket", "its rate", "tolerance"],
                [
                    [
                        row["model_id"],
                        row["cohort_month"] or "evaluation",
                        row["bucket_kind"],
                        row["bucket"],
                        _rate(row["conversion_rate"]),
                        row["compared_with_bucket"],
                        _rate(row["compared_with_conversion_rate"]),
                        _rate(row["rank_ordering_tolerance"]),
                    ]
                    for row in violations
                ],
            )
        }
    if metrics:
        monthly = _records(
            connection,
            f"select model_id, cohort_month, is_mature_cohort, decided_leads, converted_leads, "
            f"auc, top_bucket_lift from {metrics} where slice_id = '{ALL_LEADS_SLICE}' "
            "and period_type = 'month' "
            f"order by model_id, cohort_month",
        )
        extra["auc"] = {
            "auc_by_cohort_month": _markdown_table(
                ["model", "cohort month", "mature", "decided", "converted", "auc", "top lift"],
                [
                    [
                        row["model_id"],
                        row["cohort_month"],
                        "yes" if row["is_mature_cohort"] else "no",
                        row["decided_leads"],
                        row["converted_leads"],
                        format_value(row["auc"], "ratio"),
                        format_value(row["top_bucket_lift"], "ratio"),
                    ]
                    for row in monthly
                ],
            )
        }
    return extra


def read_check_outcomes(
    connection: duckdb.DuckDBPyConnection,
    relations: Mapping[str, str] | None = None,
    *,
    expected_as_of: str | None = None,
) -> dict[str, CheckOutcome]:
    """One outcome per check in QUALITY_CHECKS, from quality_check_results and its neighbours.

    A check passes when every active model passes it. Its severity is error when any model
    fails at severity error, else warn. With `expected_as_of` (the day the run scored), results
    evaluated as of another day are flagged as stale in the description.
    """
    relations = dict(relations) if relations is not None else find_relations(connection)
    results = relations["quality_check_results"]
    rows = _records(connection, f"select * from {results} order by check_id, model_id")
    extra = _supporting_tables(connection, relations)
    outcomes: dict[str, CheckOutcome] = {}
    for check in QUALITY_CHECKS:
        check_rows = [row for row in rows if row["check_id"] == check.check_id]
        outcomes[check.check_id] = _outcome(check, check_rows, extra.get(check.check_id, {}))
        if expected_as_of and check_rows:
            evaluated = str(check_rows[0]["evaluated_as_of"])
            if evaluated != expected_as_of:
                outcome = outcomes[check.check_id]
                outcome.description = (
                    f"STALE: evaluated as of {evaluated}, not {expected_as_of}. "
                    + outcome.description
                )
    return outcomes


def _outcome(
    check: QualityCheck, rows: Sequence[Mapping[str, object]], extra: Mapping[str, Markdown]
) -> CheckOutcome:
    if not rows:
        return CheckOutcome(
            check.check_id,
            passed=True,
            severity=None,
            description=(
                f"Not evaluated: no target for {check.check_id} in seeds/quality_targets.csv "
                "(or no active model)."
            ),
            metadata={"status": "not_configured"},
        )
    metadata: dict[str, MetadataValue] = {
        "evaluated_as_of": str(rows[0]["evaluated_as_of"]),
    }
    first, last = rows[0].get("first_cohort_month"), rows[0].get("last_cohort_month")
    if first is not None:
        metadata["evaluation_period"] = f"cohorts {first:%Y-%m} to {last:%Y-%m}"
    summaries = []
    table_rows = []
    for row in rows:
        model = str(row["model_id"])
        value = _number(row["observed_value"])
        status = str(row["status"])
        metadata[f"{model}.{row['metric_name']}"] = value
        metadata[f"{model}.status"] = status
        metadata[f"{model}.severity"] = row["severity"]  # type: ignore[assignment]
        metadata[f"{model}.decided_leads"] = int(row["decided_leads"] or 0)  # type: ignore[arg-type]
        metadata[f"{model}.converted_leads"] = int(row["converted_leads"] or 0)  # type: ignore[arg-type]
        error_bounds = _bounds(row["error_lower_bound"], row["error_upper_bound"], check.value_kind)
        warn_bounds = _bounds(row["warn_lower_bound"], row["warn_upper_bound"], check.value_kind)
        shown = format_value(value, check.value_kind)
        if status == "pass":
            summaries.append(f"{model}: pass ({shown})")
        elif status == "insufficient_data":
            summaries.append(
                f"{model}: insufficient data ({row['converted_leads']} decided conversions)"
            )
        else:
            bounds = error_bounds if row["severity"] == "error" else warn_bounds
            summaries.append(f"{model}: FAIL {row['severity']} ({shown}, healthy {bounds})")
        table_rows.append(
            [
                model,
                shown,
                status,
                row["severity"] or "",
                error_bounds,
                warn_bounds,
                row["decided_leads"],
                row["converted_leads"],
            ]
        )
    metadata["results"] = _markdown_table(
        ["model", "value", "status", "severity", "error if not", "warn if not", "decided", "conv."],
        table_rows,
    )
    metadata.update(extra)
    failed = [row for row in rows if row["status"] != "pass"]
    severity = None
    if failed:
        severity = "error" if any(row["severity"] == "error" for row in failed) else "warn"
    return CheckOutcome(
        check.check_id,
        passed=not failed,
        severity=severity,
        description=f"{check.title}. " + "; ".join(summaries),
        metadata=metadata,
    )

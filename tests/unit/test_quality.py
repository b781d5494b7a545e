"""Reading quality results (leadscore.quality), the history replay's days, and the report on
synthetic tables: no dbt, no Dagster, a few seconds."""

from __future__ import annotations

import datetime
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from leadscore.quality import (
    QUALITY_CHECKS,
    Markdown,
    find_relations,
    format_value,
    read_check_outcomes,
)
from leadscore.quality_report import CHART_NAMES, QualityData, write_quality_report
from leadscore.score_history import month_starts, scored_days

AS_OF = datetime.date(2026, 6, 30)


def test_month_starts_are_the_months_before_the_day() -> None:
    assert month_starts(datetime.date(2026, 3, 15), 4) == [
        datetime.date(2025, 11, 1),
        datetime.date(2025, 12, 1),
        datetime.date(2026, 1, 1),
        datetime.date(2026, 2, 1),
    ]
    assert month_starts(datetime.date(2026, 3, 1), 1) == [datetime.date(2026, 2, 1)]
    with pytest.raises(ValueError):
        month_starts(AS_OF, 0)


def test_scored_days_of_a_missing_warehouse_is_empty(tmp_path: Path) -> None:
    assert scored_days(tmp_path / "none.duckdb") == set()
    database = tmp_path / "w.duckdb"
    duckdb.connect(str(database)).close()
    assert scored_days(database) == set()


def test_format_value() -> None:
    assert format_value(0.2534, "share") == "25.3%"
    assert format_value(0.80249, "ratio") == "0.80"
    assert format_value(31.0, "count") == "31"
    assert format_value(None, "ratio") == "n/a"
    assert format_value(float("nan"), "share") == "n/a"


CHECK_COLUMNS = [
    "check_id", "model_id", "metric_name", "observed_value", "status", "is_passed", "severity",
    "error_lower_bound", "error_upper_bound", "warn_lower_bound", "warn_upper_bound",
    "decided_leads", "converted_leads", "first_cohort_month", "last_cohort_month",
    "description", "evaluated_as_of",
]  # fmt: skip


def _check_row(check_id: str, model_id: str, value: float | None, status: str, severity=None):
    return (
        check_id, model_id, check_id, value, status, status == "pass", severity,
        0.6, None, 0.7, None, 5000, 40,
        datetime.date(2025, 6, 1), datetime.date(2026, 2, 1), "what it means", AS_OF,
    )  # fmt: skip


@pytest.fixture
def quality_warehouse() -> duckdb.DuckDBPyConnection:
    """quality_check_results (and an empty neighbour) in an in-memory DuckDB."""
    connection = duckdb.connect()
    connection.execute("create schema main_quality")
    rows = [
        _check_row("auc", "default", 0.81, "pass"),
        _check_row("auc", "automation", 0.66, "fail", "warn"),
        _check_row("rank_ordering", "default", 2, "fail", "error"),
        _check_row("rank_ordering", "automation", 1, "fail", "warn"),
        _check_row("qualified_share", "default", 0.25, "pass"),
        _check_row("qualified_share", "automation", None, "insufficient_data", "warn"),
    ]
    frame = pd.DataFrame(rows, columns=CHECK_COLUMNS)
    connection.register("rows_frame", frame)
    connection.execute(
        "create table main_quality.quality_check_results as select * from rows_frame"
    )
    return connection


def test_a_check_passes_only_when_every_model_passes(quality_warehouse) -> None:
    relations = find_relations(quality_warehouse, ["quality_check_results"])
    assert relations == {"quality_check_results": '"main_quality"."quality_check_results"'}
    outcomes = read_check_outcomes(quality_warehouse, relations, expected_as_of=AS_OF.isoformat())
    assert set(outcomes) == {check.check_id for check in QUALITY_CHECKS}

    auc = outcomes["auc"]
    assert (auc.passed, auc.severity) == (False, "warn")
    assert auc.metadata["default.auc"] == pytest.approx(0.81)
    assert auc.metadata["automation.status"] == "fail"
    assert auc.metadata["evaluation_period"] == "cohorts 2025-06 to 2026-02"
    assert "automation: FAIL warn (0.66, healthy >= 0.70)" in auc.description
    assert "default: pass (0.81)" in auc.description
    assert isinstance(auc.metadata["results"], Markdown)

    # One model failing at error makes the whole check an error.
    assert (outcomes["rank_ordering"].passed, outcomes["rank_ordering"].severity) == (
        False,
        "error",
    )
    # Insufficient data is not a pass.
    share = outcomes["qualified_share"]
    assert (share.passed, share.severity) == (False, "warn")
    assert "automation: insufficient data" in share.description
    # A check with no row (no target in the seed) is reported as not configured.
    assert outcomes["top_bucket_lift"].passed
    assert outcomes["top_bucket_lift"].metadata == {"status": "not_configured"}


def test_results_of_another_day_are_flagged_stale(quality_warehouse) -> None:
    outcomes = read_check_outcomes(quality_warehouse, expected_as_of="2026-07-01")
    assert outcomes["auc"].description.startswith("STALE: evaluated as of 2026-06-30")


def _synthetic_quality_data() -> QualityData:
    months = [datetime.date(2026, month, 1) for month in (1, 2, 3)]
    buckets = []
    for period_type, cohort_months in (("month", months), ("evaluation", [None])):
        for month in cohort_months:
            for bucket in range(1, 11):
                buckets.append(
                    {
                        "model_id": "default", "period_type": period_type, "cohort_month": month,
                        "is_mature_cohort": True, "bucket_kind": "score_bucket",
                        "bucket": str(bucket), "bucket_order": bucket, "leads": 100,
                        "decided_leads": 100, "converted_leads": bucket,
                        "conversion_rate": bucket / 100, "base_conversion_rate": 0.055,
                        "lift": bucket / 5.5,
                    }
                )  # fmt: skip
            for order, stage in enumerate(("none", "mql", "sql")):
                buckets.append(
                    {
                        "model_id": "default", "period_type": period_type, "cohort_month": month,
                        "is_mature_cohort": True, "bucket_kind": "stage", "bucket": stage,
                        "bucket_order": order, "leads": 300, "decided_leads": 300,
                        "converted_leads": 5 + 20 * order,
                        "conversion_rate": (5 + 20 * order) / 300,
                        "base_conversion_rate": 0.055, "lift": 1.0,
                    }
                )  # fmt: skip
    metrics = pd.DataFrame(
        [
            {
                "model_id": "default", "period_type": "evaluation", "cohort_month": None,
                "decided_leads": 1000, "converted_leads": 55, "base_conversion_rate": 0.055,
                "auc": 0.8, "top_bucket_lift": 1.8, "qualified_share": 0.3,
                "qualified_capture": 0.7, "top_to_bottom_stage_ratio": 9.0,
            }
        ]
    )  # fmt: skip
    checks = pd.DataFrame([_check_row("auc", "default", 0.8, "pass")], columns=CHECK_COLUMNS)
    days = [datetime.date(2026, month, 1) for month in (1, 2, 3)]
    volumes = pd.DataFrame(
        [
            {"model_id": "default", "scored_as_of": day, "lead_stage": stage, "leads": leads}
            for day in days
            for stage, leads in (("none", 700), ("mql", 250), ("sql", 50))
        ]
    )
    scores = pd.DataFrame(
        {
            "model_id": "default",
            "total_score": [float(x % 90) for x in range(500)],
            "lead_stage": "none",
        }
    )
    thresholds = pd.DataFrame(
        [{"model_id": "default", "stage": "mql", "min_total_score": 35.0},
         {"model_id": "default", "stage": "sql", "min_total_score": 55.0}]
    )  # fmt: skip
    return QualityData(checks, pd.DataFrame(buckets), metrics, volumes, scores, thresholds)


def test_report_draws_every_chart(tmp_path: Path) -> None:
    report = write_quality_report(_synthetic_quality_data(), tmp_path / "report")
    assert report.index_html.exists()
    assert set(report.charts) == set(CHART_NAMES)
    for path in report.charts.values():
        assert path.read_bytes()[:4] == b"\x89PNG"
    page = report.index_html.read_text(encoding="utf-8")
    assert "as of 2026-06-30" in page and "class='pass'" in page
    assert report.summary["default.auc"] == pytest.approx(0.8)


def test_report_of_an_empty_warehouse_still_renders(tmp_path: Path) -> None:
    data = _synthetic_quality_data()
    empty = QualityData(
        data.checks.iloc[0:0],
        data.buckets.iloc[0:0],
        data.metrics.iloc[0:0],
        data.stage_volumes.iloc[0:0],
        data.scores.iloc[0:0],
        data.thresholds.iloc[0:0],
    )
    report = write_quality_report(empty, tmp_path / "empty")
    assert "No evaluation period yet" in report.index_html.read_text(encoding="utf-8")
    assert all(path.exists() for path in report.charts.values())

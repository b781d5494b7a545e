"""The asset graph: the raw-data load, every dbt seed and model, and the quality report.

* ``raw/accounts``, ``raw/leads``, ``raw/events``, ``raw/opportunities``: the dbt sources. By
  default the demo generator writes them (``demo_raw_data``, configurable: leads, seed, end
  date); with ``LEADSCORE_RAW_SOURCE=external`` they are external assets that your ELT tool
  (Fivetran, Airbyte, ...) keeps up to date, and Dagster only shows them in the lineage.
* Every dbt seed and model is an asset (groups: scoring_config, staging, intermediate, marts,
  quality) with its dbt lineage; dbt data tests and unit tests become asset checks.
* The dbt assets are partitioned by day. A partition first checks and compiles the rule seeds
  (``leadscore.rules.compile_rules``, as ``leadscore build`` does) and fails before dbt starts
  when they have errors, then runs ``dbt build --vars '{score_date: <day>}'``: the same command
  as a point-in-time build of that day from the CLI, so a backfilled day gives the same result
  as a fresh build of it, and appends that day to ``lead_score_history``.
* ``quality_report``: the static HTML page with PNG charts (leadscore.quality_report).
* ``learning/calibration_proposal`` (on demand, not in the daily job): `leadscore calibrate`.
  ``learning/predictive_models`` and ``learning/predictive_model_terms`` are external: written
  by `leadscore predict train`, read by every build.

Everything that opens the warehouse runs in one pool (``leadscore_warehouse``, limit 1 in
orchestration/dagster.yaml): DuckDB allows a single writer.
"""

import datetime
import json
import os
import shutil
import uuid
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets, get_asset_key_for_model

from leadscore import rules
from leadscore.demo import GeneratorConfig, generate
from leadscore.learning import DEFAULT_VALIDATION_MONTHS, calibrate
from leadscore.quality import QUALITY_RELATIONS
from leadscore.quality_report import load_quality_data, report_dir, write_quality_report
from leadscore.rules.slices import ALL_LEADS_SLICE
from orchestration.project import leadscore_project
from orchestration.resources import DuckDBWarehouse, dbt_relations

WAREHOUSE_POOL = "leadscore_warehouse"
SCHEDULE_TIMEZONE_ENV = "LEADSCORE_SCHEDULE_TIMEZONE"
PARTITIONS_START_ENV = "LEADSCORE_PARTITIONS_START"
RAW_SOURCE_ENV = "LEADSCORE_RAW_SOURCE"
DEFAULT_PARTITIONS_START = "2025-01-01"
RAW_GROUP = "raw"
# The saved predictive model's tables (written by `leadscore predict train`) and the
# calibration proposal: on demand, never in the daily run (daily runs score, they do not learn).
LEARNING_GROUP = "learning"
LEARNING_TABLES = {
    "predictive_models": "Saved predictive models: training window, features, metrics.",
    "predictive_model_terms": "The saved predictive models as additive log-odds terms.",
}
RAW_TABLES = {
    "accounts": "CRM accounts (companies).",
    "leads": "CRM leads and contacts.",
    "events": "Marketing-automation and web activity.",
    "opportunities": "CRM opportunities: their won/lost outcome is what the quality checks judge.",
}
# How many dbt invocation folders (target/dagster/runs/*) to keep for debugging.
KEEP_DBT_INVOCATIONS = 30


def schedule_timezone() -> str:
    """The time zone of the daily partitions and schedule ($LEADSCORE_SCHEDULE_TIMEZONE, UTC)."""
    timezone = os.environ.get(SCHEDULE_TIMEZONE_ENV, "").strip() or "UTC"
    ZoneInfo(timezone)  # fails early, naming the zone, when it does not exist
    return timezone


def daily_partitions_definition(
    timezone: str | None = None, start_date: str | None = None
) -> dg.DailyPartitionsDefinition:
    """One partition per day, from $LEADSCORE_PARTITIONS_START, in the schedule's time zone.

    The last partition is the last complete day (yesterday in that time zone), so the daily
    schedule scores a day once it is over.
    """
    return dg.DailyPartitionsDefinition(
        start_date=start_date or os.environ.get(PARTITIONS_START_ENV) or DEFAULT_PARTITIONS_START,
        timezone=timezone or schedule_timezone(),
    )


daily_partitions = daily_partitions_definition()


# --------------------------------------------------------------------------------------
# Raw data
# --------------------------------------------------------------------------------------


def raw_asset_key(table: str) -> dg.AssetKey:
    return dg.AssetKey([RAW_GROUP, table])


class DemoDataConfig(dg.Config):
    """The demo generator (leadscore.demo): the same values always give the same tables."""

    leads: int = 10_000
    seed: int = 7
    end_date: str = ""  # last day of generated activity, YYYY-MM-DD; empty: today (UTC)
    dirty_rate: float = 0.005


@dg.multi_asset(
    name="demo_raw_data",
    specs=[
        dg.AssetSpec(
            raw_asset_key(table),
            description=f"{description} Written by the demo generator.",
            group_name=RAW_GROUP,
            kinds={"python", "duckdb"},
        )
        for table, description in RAW_TABLES.items()
    ],
    pool=WAREHOUSE_POOL,
)
def demo_raw_data(config: DemoDataConfig, warehouse: DuckDBWarehouse):
    """Generate the demo CRM and marketing tables into the raw schema (replacing them at once)."""
    end_date = (
        datetime.date.fromisoformat(config.end_date)
        if config.end_date
        else datetime.datetime.now(datetime.UTC).date()
    )
    summary = generate(
        GeneratorConfig(
            leads=config.leads,
            seed=config.seed,
            end_date=end_date,
            dirty_rate=config.dirty_rate,
            database=warehouse.path,
        )
    )
    for table, rows in summary.tables.items():
        yield dg.MaterializeResult(
            asset_key=raw_asset_key(table),
            metadata={
                "dagster/row_count": rows,
                "generator": f"leads={config.leads} seed={config.seed} end_date={end_date}",
                "warehouse": dg.MetadataValue.path(str(warehouse.path)),
            },
        )


external_raw_data = [
    dg.AssetSpec(
        raw_asset_key(table),
        description=f"{description} Loaded by your ELT tool into the raw schema "
        "(var leadscore_raw_schema); Dagster does not materialize it.",
        group_name=RAW_GROUP,
    )
    for table, description in RAW_TABLES.items()
]


# Written by `leadscore predict train`, which reads the quality history these tables feed: as a
# Dagster asset that cycle (model -> scores -> history -> model) would be refused, so they are
# external and training stays an explicit, reviewed step.
saved_predictive_models = [
    dg.AssetSpec(
        dg.AssetKey([LEARNING_GROUP, table]),
        description=f"{description} Written by `leadscore predict train` (docs/learning.md); "
        "Dagster does not materialize it.",
        group_name=LEARNING_GROUP,
    )
    for table, description in LEARNING_TABLES.items()
]


def raw_data_assets() -> list[dg.AssetsDefinition | dg.AssetSpec]:
    """The demo generator, or with LEADSCORE_RAW_SOURCE=external the real source's tables."""
    source = os.environ.get(RAW_SOURCE_ENV, "demo").strip().lower()
    if source not in ("demo", "external"):
        raise ValueError(f"{RAW_SOURCE_ENV} must be 'demo' or 'external', got {source!r}")
    return [demo_raw_data] if source == "demo" else list(external_raw_data)


# --------------------------------------------------------------------------------------
# dbt
# --------------------------------------------------------------------------------------


class LeadscoreTranslator(DagsterDbtTranslator):
    """Sources are the raw/* assets; groups follow the dbt folders."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        if dbt_resource_props["resource_type"] == "source":
            if dbt_resource_props["source_name"] == LEARNING_GROUP:
                return dg.AssetKey([LEARNING_GROUP, dbt_resource_props["name"]])
            return raw_asset_key(dbt_resource_props["name"])
        return super().get_asset_key(dbt_resource_props)

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        resource_type = dbt_resource_props["resource_type"]
        if resource_type == "source":
            if dbt_resource_props["source_name"] == LEARNING_GROUP:
                return LEARNING_GROUP
            return RAW_GROUP
        if resource_type == "seed":
            return "scoring_config"
        folders = dbt_resource_props.get("fqn", [])[1:-1]  # [project, *folders, name]
        if "quality" in folders:
            return "quality"
        return folders[0] if folders else "default"


def dbt_build_args(partition_key: str) -> list[str]:
    """The dbt command for one day: a point-in-time build as of that day."""
    return ["build", "--vars", json.dumps({"score_date": partition_key})]


def compile_rule_seeds(context: dg.AssetExecutionContext) -> None:
    """The rule seeds checked and compiled before dbt, as `leadscore build` does.

    Errors fail the step, naming every problem (file, rule or row, reason), and nothing is run,
    so no table changes; warnings are logged and the build goes on.
    """
    try:
        result = rules.compile_rules()
    except rules.RulesError as error:
        raise dg.Failure(
            description=f"{error}\nFix the seeds (`leadscore rules check` lists every problem).",
            metadata={
                "errors": dg.MetadataValue.json([str(problem) for problem in error.report.errors]),
                "seeds_dir": dg.MetadataValue.path(str(error.report.seeds_dir)),
            },
            allow_retries=False,
        ) from error
    for warning in result.report.warnings:
        context.log.warning(str(warning))
    if result.changed:
        context.log.info(f"Compiled the rule seeds into {result.path}")
    context.log.info(result.report.verdict())


def _invocation_target_path(run_id: str, partition_key: str) -> Path:
    """A fresh target folder per dbt invocation, under target/dagster/runs (old ones pruned).

    Keeps Dagster's dbt artifacts and logs away from target/ and logs/, where the dbt CLI (and
    other people's runs in the same checkout) write.
    """
    runs = leadscore_project.project_dir / leadscore_project.target_path / "runs"
    runs.mkdir(parents=True, exist_ok=True)
    previous = sorted(runs.iterdir(), key=lambda path: path.stat().st_mtime)
    for old in previous[: max(0, len(previous) - KEEP_DBT_INVOCATIONS + 1)]:
        shutil.rmtree(old, ignore_errors=True)
    return runs / f"{partition_key}-{run_id[:8]}-{uuid.uuid4().hex[:6]}"


@dbt_assets(
    manifest=leadscore_project.manifest_path,
    project=leadscore_project,
    name="leadscore_dbt",
    partitions_def=daily_partitions,
    # One run per day: each backfilled day is its own point-in-time dbt build, in day order
    # (dagster-dbt's default would build a whole range in one run with one score_date).
    backfill_policy=dg.BackfillPolicy.multi_run(max_partitions_per_run=1),
    dagster_dbt_translator=LeadscoreTranslator(),
    pool=WAREHOUSE_POOL,
)
def leadscore_dbt_assets(context: dg.AssetExecutionContext, dbt: DbtCliResource):
    """dbt build as of the partition's day; publishes the marts only after a fully green run.

    The rule seeds are compiled first: with errors the step fails, naming them, before dbt runs.
    """
    partition_key = context.partition_key
    compile_rule_seeds(context)
    context.log.info(
        f"Scoring as of {partition_key}: dbt {' '.join(dbt_build_args(partition_key))}"
    )
    yield from dbt.cli(
        dbt_build_args(partition_key),
        context=context,
        target_path=_invocation_target_path(context.run.run_id, partition_key),
    ).stream()


def dbt_asset_key(name: str) -> dg.AssetKey:
    """The asset key of a dbt model or seed, by name (e.g. marts/lead_scores)."""
    return get_asset_key_for_model([leadscore_dbt_assets], name)


# --------------------------------------------------------------------------------------
# Quality report
# --------------------------------------------------------------------------------------

REPORT_INPUTS: Sequence[str] = (
    "quality_check_results",
    "quality_conversion_by_bucket",
    "quality_model_metrics",
    "quality_stage_volumes",
    "quality_signals",
    "quality_challenger_comparison",
    "lead_scores",
)


class QualityReportConfig(dg.Config):
    output_dir: str = ""  # empty: $LEADSCORE_REPORT_DIR, else reports/quality in the project
    # A slice of seeds/quality_slices.csv to judge alone (its report goes to slice-<id> there).
    slice_id: str = ALL_LEADS_SLICE


@dg.asset(
    key_prefix=["quality"],
    deps=[dbt_asset_key(name) for name in REPORT_INPUTS],
    group_name="quality",
    kinds={"html", "matplotlib"},
    pool=WAREHOUSE_POOL,
)
def quality_report(
    context: dg.AssetExecutionContext, config: QualityReportConfig, warehouse: DuckDBWarehouse
) -> dg.MaterializeResult:
    """Static HTML page and PNG charts: conversion by score bucket over time, score distribution
    per model, lift curve, stage volumes and the check results. Its path is in the metadata."""
    with warehouse.connect() as connection:
        data = load_quality_data(connection, dbt_relations(QUALITY_RELATIONS), config.slice_id)
    output_dir = Path(config.output_dir) if config.output_dir else report_dir(config.slice_id)
    report = write_quality_report(data, output_dir)
    context.log.info(f"Quality report written to {report.index_html}")
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(report.index_html)),
            "url": dg.MetadataValue.url(report.index_html.resolve().as_uri()),
            "charts": dg.MetadataValue.json(
                {name: str(path) for name, path in report.charts.items()}
            ),
            "evaluated_as_of": report.evaluated_as_of,
            **report.summary,
        }
    )


# --------------------------------------------------------------------------------------
# Calibration proposal (on demand)
# --------------------------------------------------------------------------------------


class CalibrationConfig(dg.Config):
    output_dir: str = ""  # empty: proposals/calibration-<today> in the project
    validation_months: int = DEFAULT_VALIDATION_MONTHS
    # Set (e.g. "_proposed"): each proposal beside its model as a challenger (model_id + it).
    challenger_suffix: str = ""


@dg.asset(
    key_prefix=[LEARNING_GROUP],
    deps=[dbt_asset_key(name) for name in ("quality_lead_outcomes", "lead_rule_hit_history")],
    group_name=LEARNING_GROUP,
    kinds={"scikit-learn", "csv"},
    pool=WAREHOUSE_POOL,
)
def calibration_proposal(
    context: dg.AssetExecutionContext, config: CalibrationConfig, warehouse: DuckDBWarehouse
) -> dg.MaterializeResult:
    """`leadscore calibrate`: rule points, thresholds and grade bands fitted on won/lost history,
    written as a proposal folder (seeds/ untouched) with the held-out comparison page."""
    today = datetime.date.today()
    project = Path(leadscore_project.project_dir)
    output = (
        Path(config.output_dir)
        if config.output_dir
        else project / "proposals" / f"calibration-{today.isoformat()}"
    )
    result = calibrate(
        warehouse.path,
        project_dir=project,
        output_dir=output.resolve(),
        validation_months=config.validation_months,
        today=today,
        challenger_suffix=config.challenger_suffix or None,
    )
    context.log.info(result.format())
    summary: dict[str, Any] = {"path": dg.MetadataValue.path(str(output / "index.html"))}
    for comparison in result.comparisons:
        model = comparison.proposal.model_id
        summary[f"{model}.held_out_auc_current"] = comparison.validation["current"].auc
        summary[f"{model}.held_out_auc_proposed"] = comparison.validation["proposed"].auc
    for model, reason in result.skipped.items():
        summary[f"{model}.skipped"] = reason
    return dg.MaterializeResult(metadata=summary)

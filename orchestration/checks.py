"""Score-quality asset checks: the verdicts of quality_check_results, shown in the Dagster UI.

The numbers are computed in the warehouse by dbt (models/marts/quality) and judged there against
seeds/quality_targets.csv, so dbt-only users get the same verdicts in quality_check_results.
Here each check becomes a Dagster asset check on the asset it is about (conversion_by_bucket,
model metrics, lead_scores, the scoring_models seed), failing with severity ERROR or WARN as the
seed says, with every model's value, bounds and supporting tables in the metadata. The checks
do not block anything: a weak score is still published, and the report still drawn.

(dbt's own data tests are asset checks too; dagster-dbt adds them to the dbt assets.)
"""

from collections.abc import Iterator, Mapping

import dagster as dg

from leadscore.quality import (
    QUALITY_CHECKS,
    QUALITY_RELATIONS,
    CheckOutcome,
    Markdown,
    MetadataValue,
    read_check_outcomes,
)
from orchestration.assets import WAREHOUSE_POOL, dbt_asset_key
from orchestration.resources import DuckDBWarehouse, dbt_relations

CHECK_RESULTS_KEY = dbt_asset_key("quality_check_results")


def run_day(tags: Mapping[str, str]) -> str | None:
    """The day a run scored: its partition, or a one-day partition range (asset backfills)."""
    if "dagster/partition" in tags:
        return tags["dagster/partition"]
    start = tags.get("dagster/asset_partition_range_start")
    return start if start and start == tags.get("dagster/asset_partition_range_end") else None


def _metadata(values: Mapping[str, MetadataValue]) -> dict[str, dg.MetadataValue]:
    converted: dict[str, dg.MetadataValue] = {}
    for key, value in values.items():
        if isinstance(value, Markdown):
            converted[key] = dg.MetadataValue.md(str(value))
        elif value is None:
            converted[key] = dg.MetadataValue.null()
        elif isinstance(value, bool):
            converted[key] = dg.MetadataValue.bool(value)
        elif isinstance(value, int):
            converted[key] = dg.MetadataValue.int(value)
        elif isinstance(value, float):
            converted[key] = dg.MetadataValue.float(value)
        else:
            converted[key] = dg.MetadataValue.text(str(value))
    return converted


def check_result(asset_key: dg.AssetKey, outcome: CheckOutcome) -> dg.AssetCheckResult:
    severity = (
        dg.AssetCheckSeverity.ERROR if outcome.severity == "error" else dg.AssetCheckSeverity.WARN
    )
    return dg.AssetCheckResult(
        asset_key=asset_key,
        check_name=outcome.check_id,
        passed=outcome.passed,
        severity=severity,
        description=outcome.description,
        metadata=_metadata(outcome.metadata),
    )


@dg.multi_asset_check(
    name="score_quality_checks",
    specs=[
        dg.AssetCheckSpec(
            check.check_id,
            asset=dbt_asset_key(check.asset),
            description=check.title,
            additional_deps=[CHECK_RESULTS_KEY],
        )
        for check in QUALITY_CHECKS
    ],
    can_subset=True,
    pool=WAREHOUSE_POOL,
)
def score_quality_checks(
    context: dg.AssetCheckExecutionContext, warehouse: DuckDBWarehouse
) -> Iterator[dg.AssetCheckResult]:
    """Reads quality_check_results once and reports every selected check."""
    expected_as_of = run_day(context.run.tags)
    with warehouse.connect() as connection:
        outcomes = read_check_outcomes(
            connection, dbt_relations(QUALITY_RELATIONS), expected_as_of=expected_as_of
        )
    for check_key in context.selected_asset_check_keys:
        yield check_result(check_key.asset_key, outcomes[check_key.name])

"""The code location loads, the graph matches dbt, the schedule asks for the right day."""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys
from pathlib import Path

import dagster as dg
import pytest

from leadscore.paths import PROJECT_ROOT
from leadscore.quality import QUALITY_CHECKS


def _manifest(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def test_definitions_load(definitions: dg.Definitions) -> None:
    repository = definitions.get_repository_def()
    assert repository.get_job("daily_scoring")
    assert repository.get_schedule_def("daily_scoring_schedule")
    assert dg.AssetKey(["quality", "quality_report"]) in repository.asset_graph.get_all_asset_keys()


def test_every_dbt_model_and_seed_is_an_asset_with_its_lineage(
    definitions: dg.Definitions, dbt_manifest: Path
) -> None:
    from orchestration.assets import dbt_asset_key

    graph = definitions.get_repository_def().asset_graph
    keys = graph.get_all_asset_keys()
    nodes = [
        node
        for node in _manifest(dbt_manifest)["nodes"].values()
        if node["resource_type"] in ("model", "seed")
    ]
    assert len(nodes) > 30
    for node in nodes:
        key = dbt_asset_key(node["name"])
        assert key in keys, node["name"]
        parents = graph.get(key).parent_keys
        for upstream in node.get("depends_on", {}).get("nodes", []):
            kind, _, *rest = upstream.split(".")
            if kind == "source":
                # source.leadscore.<source name>.<table>: the learning tables keep their group.
                group = "learning" if rest[-2] == "learning" else "raw"
                expected = dg.AssetKey([group, rest[-1]])
            elif kind in ("model", "seed"):
                expected = dbt_asset_key(rest[-1])
            else:
                continue
            assert expected in parents, f"{node['name']} should depend on {expected}"


def test_raw_tables_feed_staging(definitions: dg.Definitions) -> None:
    graph = definitions.get_repository_def().asset_graph
    for table, staging in [
        ("accounts", "stg_crm__accounts"),
        ("leads", "stg_crm__leads"),
        ("events", "stg_marketing__events"),
        ("opportunities", "stg_crm__opportunities"),
    ]:
        raw = dg.AssetKey(["raw", table])
        assert graph.get(raw).is_materializable, "the demo generator materializes raw tables"
        assert raw in graph.get(dg.AssetKey(["staging", staging])).parent_keys


def test_dbt_tests_are_asset_checks(definitions: dg.Definitions, dbt_manifest: Path) -> None:
    check_names = {
        key.name for key in definitions.get_repository_def().asset_graph.asset_check_keys
    }
    tests = [
        node["name"]
        for node in _manifest(dbt_manifest)["nodes"].values()
        if node["resource_type"] == "test" and node.get("attached_node")
    ]
    assert tests
    missing = [name for name in tests if name not in check_names]
    assert not missing, missing


def test_quality_checks_sit_on_the_assets_they_judge(definitions: dg.Definitions) -> None:
    from orchestration.assets import dbt_asset_key

    check_keys = definitions.get_repository_def().asset_graph.asset_check_keys
    for check in QUALITY_CHECKS:
        assert dg.AssetCheckKey(dbt_asset_key(check.asset), check.check_id) in check_keys


def test_external_raw_source_replaces_the_demo_generator(monkeypatch: pytest.MonkeyPatch) -> None:
    from orchestration.assets import raw_data_assets

    monkeypatch.setenv("LEADSCORE_RAW_SOURCE", "external")
    external = raw_data_assets()
    assert {spec.key for spec in external} == {
        dg.AssetKey(["raw", table]) for table in ("accounts", "leads", "events", "opportunities")
    }
    assert all(isinstance(spec, dg.AssetSpec) for spec in external)
    monkeypatch.setenv("LEADSCORE_RAW_SOURCE", "fivetran")
    with pytest.raises(ValueError, match="LEADSCORE_RAW_SOURCE"):
        raw_data_assets()


def test_a_partition_is_a_point_in_time_build_of_its_day() -> None:
    from orchestration.assets import dbt_build_args

    assert dbt_build_args("2026-06-30") == ["build", "--vars", '{"score_date": "2026-06-30"}']


def test_schedule_scores_the_day_that_just_ended(definitions: dg.Definitions) -> None:
    schedule = definitions.get_repository_def().get_schedule_def("daily_scoring_schedule")
    assert schedule.cron_schedule == "0 6 * * *"
    assert schedule.execution_timezone == "UTC"
    assert schedule.job_name == "daily_scoring"
    tick = datetime.datetime(2026, 7, 1, 6, 0, tzinfo=datetime.UTC)
    with dg.DagsterInstance.ephemeral() as instance:
        context = dg.build_schedule_context(instance=instance, scheduled_execution_time=tick)
        requests = schedule.evaluate_tick(context).run_requests
    assert requests is not None and len(requests) == 1
    request = requests[0]
    assert request.partition_key == "2026-06-30"
    assert request.tags["dagster/partition"] == "2026-06-30"
    assert not request.run_config, "the partition key is the run's only parameter"


def test_schedule_time_zone_and_hour_are_configurable() -> None:
    """Loaded in a fresh process, as `dagster dev` would with these variables set."""
    script = """
import datetime, json
from zoneinfo import ZoneInfo
import dagster as dg
from orchestration.definitions import defs
schedule = defs.get_repository_def().get_schedule_def("daily_scoring_schedule")
tick = datetime.datetime(2026, 7, 1, 7, 0, tzinfo=ZoneInfo("America/New_York"))
with dg.DagsterInstance.ephemeral() as instance:
    context = dg.build_schedule_context(instance=instance, scheduled_execution_time=tick)
    request = schedule.evaluate_tick(context).run_requests[0]
print(json.dumps({"cron": schedule.cron_schedule, "zone": schedule.execution_timezone,
                  "partition": request.partition_key}))
"""
    environment = dict(
        os.environ,
        LEADSCORE_SCHEDULE_TIMEZONE="America/New_York",
        LEADSCORE_SCHEDULE_HOUR="7",
        PYTHONPATH=str(PROJECT_ROOT),
    )
    completed = subprocess.run(
        [sys.executable, "-c", script],
        cwd=PROJECT_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    loaded = json.loads(completed.stdout.strip().splitlines()[-1])
    assert loaded == {"cron": "0 7 * * *", "zone": "America/New_York", "partition": "2026-06-30"}


def test_unknown_time_zone_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from zoneinfo import ZoneInfoNotFoundError

    from orchestration.assets import schedule_timezone

    monkeypatch.setenv("LEADSCORE_SCHEDULE_TIMEZONE", "Mars/Olympus_Mons")
    with pytest.raises(ZoneInfoNotFoundError):
        schedule_timezone()


def test_backfills_build_one_day_per_run(definitions: dg.Definitions) -> None:
    from orchestration.assets import leadscore_dbt_assets

    policy = leadscore_dbt_assets.backfill_policy
    assert policy is not None and policy.max_partitions_per_run == 1


def test_checks_know_the_day_of_partition_and_backfill_runs() -> None:
    from orchestration.checks import run_day

    assert run_day({"dagster/partition": "2026-06-30"}) == "2026-06-30"
    one_day = {
        "dagster/asset_partition_range_start": "2026-06-30",
        "dagster/asset_partition_range_end": "2026-06-30",
    }
    assert run_day(one_day) == "2026-06-30"
    assert run_day({**one_day, "dagster/asset_partition_range_end": "2026-07-02"}) is None
    assert run_day({}) is None

"""Fixtures for the Dagster code location: a fresh manifest, and materializations shared by tests.

Materializing the graph costs ~30 s, so one session fixture does it once on a small generated
warehouse (own DuckDB file, own report folder) and the tests read the result. The warehouse gets
monthly score history first (leadscore.score_history: one dbt process for all the days), so the
quality checks have mature cohorts to judge; then Dagster materializes everything (raw demo data,
every dbt seed and model with its tests, the quality checks, the report) for the last day.
"""

from __future__ import annotations

import datetime
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from leadscore.demo import GeneratorConfig, generate
from leadscore.paths import DUCKDB_PATH_ENV, PROJECT_ROOT
from leadscore.quality_report import REPORT_DIR_ENV
from leadscore.score_history import month_starts, replay_score_history
from tests.conftest import query_read_only

# The warehouse: 10,000 leads, activity up to END, scored as of END by Dagster. The history days
# are the first days of the eleven months whose cohorts are mature on END (their 90-day window
# is over): both scoring models get 30+ decided conversions to be judged on, and learning from
# outcomes (tests/orchestration/test_learning.py) has months to train on and months to hold out.
END = datetime.date(2026, 6, 30)
LEADS = 10_000
SEED = 11
HISTORY_DAYS = tuple(month_starts(datetime.date(2026, 4, 30), 11))


# The history replay keeps its dbt artifacts here, so its parse is partial from the second
# session on (tmp folders would make dbt parse the whole project every time).
REPLAY_ARTIFACTS = PROJECT_ROOT / "target" / "dagster" / "history-replay"
# What lead_score_history held for END after the replay (a fresh point-in-time run of END),
# before Dagster's partition run of END replaced it.
HISTORY_COLUMNS = (
    "lead_id, model_id, is_primary_model, account_id, fit_score, engagement_score, "
    "negative_points, total_score, fit_grade, lead_stage"
)


@dataclass(frozen=True)
class Materialized:
    result: dg.ExecuteInProcessResult
    database: Path
    report_dir: Path
    replayed_rows: tuple[tuple, ...] = ()

    def query(self, sql: str, parameters: list[object] | None = None) -> list[tuple]:
        return query_read_only(self.database, sql, parameters)

    def checks(self) -> dict[str, dg.AssetCheckEvaluation]:
        return {check.check_name: check for check in self.result.get_asset_check_evaluations()}


# When this session began: a manifest written after it was parsed from the project as it is now.
SESSION_STARTED = time.time()


@pytest.fixture(scope="session")
def dbt_manifest() -> Path:
    """A manifest parsed from the project as it is now (a stale one would hide new models).

    Importing orchestration.project parses when there is no manifest (a fresh clone, as in CI);
    parsing again here would cost another dbt start and parse (~15 s) for the same file.
    """
    from orchestration.project import leadscore_project

    manifest = Path(leadscore_project.manifest_path)
    if not manifest.exists() or manifest.stat().st_mtime < SESSION_STARTED:
        leadscore_project.preparer.prepare(leadscore_project)
    return manifest


@pytest.fixture(scope="session")
def definitions(dbt_manifest: Path) -> dg.Definitions:
    from orchestration.definitions import defs

    return defs


@pytest.fixture(scope="session")
def orchestration_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Point the code location at a warehouse and report folder of the tests' own."""
    workdir = tmp_path_factory.mktemp("orchestration")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(DUCKDB_PATH_ENV, str(workdir / "warehouse.duckdb"))
        patch.setenv(REPORT_DIR_ENV, str(workdir / "report"))
        yield workdir


def materialize_day(
    definitions: dg.Definitions,
    day: datetime.date,
    selection: dg.AssetSelection | None = None,
    run_config: dict | None = None,
) -> dg.ExecuteInProcessResult:
    from orchestration.assets import (
        demo_raw_data,
        leadscore_dbt_assets,
        quality_report,
    )
    from orchestration.checks import score_quality_checks

    return dg.materialize(
        [demo_raw_data, leadscore_dbt_assets, quality_report, score_quality_checks],
        partition_key=day.isoformat(),
        selection=selection,
        resources=definitions.resources,
        run_config=run_config,
        instance=dg.DagsterInstance.ephemeral(),
        raise_on_error=False,
    )


@pytest.fixture(scope="session")
def good_run(definitions: dg.Definitions, orchestration_env: Path) -> Materialized:
    """Monthly history and END replayed, then the whole graph materialized in process for END."""
    database = orchestration_env / "warehouse.duckdb"
    generate(GeneratorConfig(leads=LEADS, seed=SEED, end_date=END, database=database))
    replay_score_history([*HISTORY_DAYS, END], database=database, artifacts_dir=REPLAY_ARTIFACTS)
    replayed = query_read_only(
        database,
        f"select {HISTORY_COLUMNS} from main_quality.lead_score_history "
        "where scored_as_of = ? order by lead_id, model_id",
        [END],
    )
    result = materialize_day(
        definitions,
        END,
        run_config={
            "ops": {
                "demo_raw_data": {
                    "config": {"leads": LEADS, "seed": SEED, "end_date": END.isoformat()}
                }
            }
        },
    )
    return Materialized(result, database, orchestration_env / "report", tuple(replayed))


def copy_of(run: Materialized, name: str) -> Path:
    copy = run.database.with_name(f"{name}.duckdb")
    shutil.copyfile(run.database, copy)
    return copy


@pytest.fixture(scope="session")
def inverted_run(definitions: dg.Definitions, good_run: Materialized) -> Materialized:
    """A copy of the good warehouse whose scores are turned upside down, quality rebuilt on it.

    Every score in lead_score_history and lead_scores becomes (fit cap + engagement cap) minus
    itself, and its stage is recomputed from the model's thresholds: the best leads now look
    worst. Dagster then rebuilds the quality models and runs the real checks on that.
    """
    database = copy_of(good_run, "inverted")
    connection = duckdb.connect(str(database))
    try:
        for table in ("main_quality.lead_score_history", "main_marts.lead_scores"):
            connection.execute(
                f"""
                update {table} as scores
                set total_score = models.fit_cap + models.engagement_cap - scores.total_score
                from main_intermediate.int_scoring_models as models
                where scores.model_id = models.model_id
                """
            )
            connection.execute(
                f"""
                update {table} as scores
                set lead_stage = coalesce((
                    select thresholds.stage
                    from main_intermediate.int_score_thresholds as thresholds
                    where thresholds.model_id = scores.model_id
                        and scores.total_score >= thresholds.min_total_score
                    order by thresholds.min_total_score desc
                    limit 1
                ), 'none')
                """
            )
    finally:
        connection.close()
    quality = dg.AssetSelection.groups("quality") - dg.AssetSelection.assets(
        dg.AssetKey(["quality", "lead_score_history"])
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(DUCKDB_PATH_ENV, str(database))
        patch.setenv(REPORT_DIR_ENV, str(database.parent / "inverted_report"))
        result = materialize_day(definitions, END, selection=quality)
    return Materialized(result, database, database.parent / "inverted_report")

"""The bank marketing adapter end to end, on the real file: one evaluation run, shared.

`leadscore adapter evaluate bank_marketing` as the command runs it (load, adapter models,
monthly history replayed with the bank rules through the overlay project, build, figures),
once for this module, into a temporary warehouse. Skipped, saying where to download the data,
when ../shared/data/bank_marketing/bank-additional-full.csv is not there.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from leadscore.adapters import bank_marketing as bank
from leadscore.adapters import bank_marketing_evaluation as evaluation
from leadscore.paths import PROJECT_ROOT
from tests.bank_marketing_data import bank_csv_or_skip
from tests.conftest import query_read_only

pytestmark = pytest.mark.e2e

ROWS = 41_188
SUBSCRIBED = 4_640
CONTRACT_SCHEMA = "main_bank_marketing"


@pytest.fixture(scope="module")
def evaluated(tmp_path_factory: pytest.TempPathFactory) -> evaluation.Evaluation:
    bank_csv_or_skip()
    workdir = tmp_path_factory.mktemp("bank_marketing")
    return evaluation.evaluate(
        PROJECT_ROOT,
        database=workdir / "bank.duckdb",
        results=workdir / "evaluation.json",
        artifacts_dir=workdir / "artifacts",
        progress=False,
    )


def query(evaluated: evaluation.Evaluation, sql: str) -> list[tuple]:
    return query_read_only(evaluated.database, sql)


def test_every_row_is_a_lead_with_its_outcome(evaluated: evaluation.Evaluation) -> None:
    assert query(evaluated, f"select count(*) from {CONTRACT_SCHEMA}.leads") == [(ROWS,)]
    assert query(
        evaluated,
        f"select stage, count(*) from {CONTRACT_SCHEMA}.opportunities group by 1 order by 1",
    ) == [("lost", ROWS - SUBSCRIBED), ("won", SUBSCRIBED)]
    # The core scored every lead, none quarantined, though none has an account.
    assert query(
        evaluated,
        "select count(*), count(account_id), count(account_score) from scores.lead_scores",
    ) == [(ROWS, 0, 0)]
    leads = evaluated.leads
    assert len(leads) == ROWS
    assert leads["is_decided"].all()
    assert int(leads["is_converted"].sum()) == SUBSCRIBED


def test_each_lead_converts_in_its_own_cohort_exactly_when_it_subscribed(
    evaluated: evaluation.Evaluation,
) -> None:
    """The snapshot on the 1st precedes the contact, and the contact is in the 90-day window."""
    raw = evaluation.read_raw_file(evaluated.database)
    subscribed = (raw["y"] == "yes").to_numpy()
    leads = evaluated.leads
    assert (leads["is_converted"].to_numpy() == subscribed[leads["file_row_number"] - 1]).all()


def test_the_years_in_the_models_are_those_of_the_loader(
    evaluated: evaluation.Evaluation,
) -> None:
    rows = query(
        evaluated,
        "select contact_month from main_bank_marketing_staging.int_bank_marketing__contacts_dated "
        "order by file_row_number",
    )
    raw = evaluation.read_raw_file(evaluated.database)
    assert [row[0] for row in rows] == bank.contact_months(list(raw["month"]))
    assert evaluated.snapshot_days[0] == datetime.date(2008, 5, 1)
    assert evaluated.snapshot_days[-1] == datetime.date(2010, 12, 1)
    assert len(evaluated.snapshot_days) == 32


def test_nothing_reads_duration(evaluated: evaluation.Evaluation) -> None:
    """Only the raw table (the file verbatim) has it: no compiled SQL names it, no relation
    built from the raw table carries it, and the reference model leaves it out."""
    compiled = sorted((evaluated.database.parent / "artifacts" / "target").rglob("*.sql"))
    assert any("stg_bank_marketing__contacts" in path.name for path in compiled)
    readers = [path for path in compiled if "duration" in path.read_text(encoding="utf-8").lower()]
    assert readers == []
    columns = query(
        evaluated,
        "select table_schema, table_name from information_schema.columns "
        "where lower(column_name) like '%duration%'",
    )
    assert columns == [(bank.RAW_SCHEMA, bank.RAW_TABLE)]
    assert bank.LEAKING_COLUMN not in evaluation.CATEGORICAL_COLUMNS + evaluation.NUMERIC_COLUMNS


def test_the_held_out_newest_rows_are_ranked_better_than_chance(
    evaluated: evaluation.Evaluation,
) -> None:
    split = evaluated.split
    assert split.last_training_row == 32_950
    assert split.boundary_month == datetime.date(2009, 5, 1)
    assert evaluated.rules_held_out.leads == ROWS - 32_950
    assert evaluated.rules_held_out.auc > 0.5
    assert evaluated.reference_held_out.auc > 0.5
    written = json.loads(Path(evaluated.results_path).read_text(encoding="utf-8"))
    held_out = written["held_out"][evaluation.RULES_LABEL]
    assert held_out["auc"] == round(evaluated.rules_held_out.auc, 4)
    assert written["split"]["held_out_rows"] == [32_951, ROWS]
    assert written["wall_time_seconds"]["total"] > 0

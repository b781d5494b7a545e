"""The bank marketing adapter end to end, on the real file: one evaluation run, shared.

`leadscore adapter evaluate bank_marketing` as the command runs it (load, adapter models,
monthly history replayed with the bank rules through the overlay project, build, figures),
once for this module, into a temporary warehouse. Skipped, saying where to download the data,
when ../shared/data/bank_marketing/bank-additional-full.csv is not there.

The run is on a deterministic excerpt of the file (EXCERPT_MONTHS, every EXCERPT_STEP-th row,
the lines verbatim), not on all of it: the replay costs one dbt run per month from the first
contact month on, so the whole file's 32 snapshots take about 5 minutes, the excerpt's 9 about
a minute. The excerpt keeps what the checks need: it starts in the file's first year (the year
reconstruction counts from it), crosses a new year (Dec 2008 -> Mar 2009), and its newest 20%
fall in other cohorts than its oldest rows. Every check runs on every row of the excerpt; the
expected counts, months and split are computed here from the excerpt's own lines. The whole
file's counts and span are checked in Python (no dbt); its figures are `make bank`'s.
"""

from __future__ import annotations

import csv
import datetime
import json
import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from leadscore.adapters import bank_marketing as bank
from leadscore.adapters import bank_marketing_evaluation as evaluation
from leadscore.paths import PROJECT_ROOT
from tests.bank_marketing_data import bank_csv_or_skip
from tests.conftest import query_read_only

pytestmark = pytest.mark.e2e

# The whole file, as published.
ROWS = 41_188
SUBSCRIBED = 4_640
CONTRACT_SCHEMA = "main_bank_marketing"

# The excerpt: contact months November 2008 to June 2009, every second row of them.
EXCERPT_MONTHS = (datetime.date(2008, 11, 1), datetime.date(2009, 6, 1))
EXCERPT_STEP = 2


@dataclass(frozen=True)
class Excerpt:
    """The excerpt file and what its lines say, computed without the code under test's SQL."""

    path: Path
    rows: int
    subscribed: int
    months: tuple[datetime.date, ...]  # each row's contact month, in file order


@pytest.fixture(scope="module")
def excerpt(tmp_path_factory: pytest.TempPathFactory) -> Excerpt:
    source = bank_csv_or_skip()
    lines = source.read_text(encoding="utf-8").splitlines()
    header, records = lines[0], lines[1:]
    fields = list(csv.reader(records, delimiter=bank.DELIMITER, quotechar='"'))
    months = bank.contact_months([row[bank.HEADER.index("month")] for row in fields])
    first, last = EXCERPT_MONTHS
    chosen = [
        index
        for index, month in enumerate(months)
        if first <= month <= last and index % EXCERPT_STEP == 0
    ]
    path = tmp_path_factory.mktemp("bank_excerpt") / "bank-excerpt.csv"
    path.write_text("\n".join([header, *(records[i] for i in chosen)]) + "\n", encoding="utf-8")
    subscribed = sum(1 for i in chosen if fields[i][bank.HEADER.index("y")] == "yes")
    return Excerpt(path, len(chosen), subscribed, tuple(months[i] for i in chosen))


@pytest.fixture(scope="module")
def evaluated(excerpt: Excerpt, tmp_path_factory: pytest.TempPathFactory) -> evaluation.Evaluation:
    workdir = tmp_path_factory.mktemp("bank_marketing")
    return evaluation.evaluate(
        PROJECT_ROOT,
        csv=excerpt.path,
        database=workdir / "bank.duckdb",
        results=workdir / "evaluation.json",
        artifacts_dir=workdir / "artifacts",
        progress=False,
    )


def query(evaluated: evaluation.Evaluation, sql: str) -> list[tuple]:
    return query_read_only(evaluated.database, sql)


def test_the_whole_file_is_the_published_data_set() -> None:
    """What the excerpt stands for: 41,188 rows, May 2008 to November 2010, 32 snapshots, and
    the older 80% ending inside the May 2009 cohort (the split docs/bank-marketing.md reports)."""
    raw = bank.read_rows(bank_csv_or_skip())
    assert len(raw) == ROWS
    assert int((raw["y"] == "yes").sum()) == SUBSCRIBED
    months = bank.contact_months(list(raw["month"]))
    assert (months[0], months[-1]) == (datetime.date(2008, 5, 1), datetime.date(2010, 11, 1))
    assert len(evaluation.snapshot_days(months[0], months[-1])) == 32
    assert evaluation.last_training_row(ROWS) == 32_950
    assert months[32_950] == datetime.date(2009, 5, 1)  # row 32,951, the first held out


def test_every_row_is_a_lead_with_its_outcome(
    evaluated: evaluation.Evaluation, excerpt: Excerpt
) -> None:
    rows, subscribed = excerpt.rows, excerpt.subscribed
    assert rows > 5_000 and 200 < subscribed < rows
    assert query(evaluated, f"select count(*) from {CONTRACT_SCHEMA}.leads") == [(rows,)]
    assert query(
        evaluated,
        f"select stage, count(*) from {CONTRACT_SCHEMA}.opportunities group by 1 order by 1",
    ) == [("lost", rows - subscribed), ("won", subscribed)]
    # The core scored every lead, none quarantined, though none has an account.
    assert query(
        evaluated,
        "select count(*), count(account_id), count(account_score) from scores.lead_scores",
    ) == [(rows, 0, 0)]
    leads = evaluated.leads
    assert len(leads) == rows
    assert leads["is_decided"].all()
    assert int(leads["is_converted"].sum()) == subscribed


def test_each_lead_converts_in_its_own_cohort_exactly_when_it_subscribed(
    evaluated: evaluation.Evaluation,
) -> None:
    """The snapshot on the 1st precedes the contact, and the contact is in the 90-day window."""
    raw = evaluation.read_raw_file(evaluated.database)
    subscribed = (raw["y"] == "yes").to_numpy()
    leads = evaluated.leads
    assert (leads["is_converted"].to_numpy() == subscribed[leads["file_row_number"] - 1]).all()
    # quality_judge_leads_after_closed_opportunity is false for this data: the quality marts
    # judge each lead on its own cohort only, not again in every later month.
    assert query(
        evaluated,
        "select count(*), count(distinct lead_id) from main_quality.quality_lead_outcomes "
        "where slice_id = 'all'",
    ) == [(len(leads), len(leads))]


def test_the_years_in_the_models_are_those_of_the_loader(
    evaluated: evaluation.Evaluation, excerpt: Excerpt
) -> None:
    rows = query(
        evaluated,
        "select contact_month from main_bank_marketing_staging.int_bank_marketing__contacts_dated "
        "order by file_row_number",
    )
    raw = evaluation.read_raw_file(evaluated.database)
    assert [row[0] for row in rows] == bank.contact_months(list(raw["month"]))
    # ... and those of the whole file's row order (the excerpt crosses a new year).
    assert [row[0] for row in rows] == list(excerpt.months)
    assert {month.year for month in excerpt.months} == {2008, 2009}
    first, last = EXCERPT_MONTHS
    assert evaluated.snapshot_days[0] == first
    assert evaluated.snapshot_days[-1] == datetime.date(2009, 7, 1)  # the month after the last
    assert len(evaluated.snapshot_days) == 9
    assert evaluated.snapshot_days == tuple(evaluation.snapshot_days(first, last))


def test_each_lead_carries_its_contact_month_for_the_rules(
    evaluated: evaluation.Evaluation,
) -> None:
    """contact_month_name is the file's month, the month of created_at, and the quiet-month
    rule fires on exactly the leads it names."""
    raw = evaluation.read_raw_file(evaluated.database)
    leads = pd.DataFrame(
        query(
            evaluated,
            f"select file_row_number, contact_month_name, strftime(created_at, '%b') "
            f"from {CONTRACT_SCHEMA}.leads order by file_row_number",
        ),
        columns=["row", "month", "created_month"],
    )
    assert (leads["month"].to_numpy() == raw["month"].str.lower().to_numpy()).all()
    assert (leads["month"] == leads["created_month"].str.lower()).all()
    quiet = {"mar", "apr", "oct", "dec"}
    fired = query(
        evaluated,
        f"select leads.contact_month_name, count(distinct hits.lead_id) "
        f"from {CONTRACT_SCHEMA}.leads as leads "
        f"left join main_quality.lead_rule_hit_history as hits "
        f"on hits.lead_id = leads.lead_id and hits.rule_id = 'profile_quiet_month' "
        f"group by 1 order by 1",
    )
    counts = leads["month"].value_counts()
    assert {month for month, _ in fired} == set(counts.index)
    for month, leads_hit in fired:
        assert leads_hit == (counts[month] if month in quiet else 0), month


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
    evaluated: evaluation.Evaluation, excerpt: Excerpt
) -> None:
    rows = excerpt.rows
    last_training_row = math.floor(rows * 0.8)
    split = evaluated.split
    assert split.last_training_row == last_training_row
    # The first held-out row's cohort, from the excerpt's lines.
    assert split.boundary_month == excerpt.months[last_training_row]
    assert split.held_out_months[-1] == EXCERPT_MONTHS[1]
    assert evaluated.rules_held_out.leads == rows - last_training_row
    assert evaluated.rules_held_out.auc > 0.5
    assert evaluated.reference_held_out.auc > 0.5
    written = json.loads(Path(evaluated.results_path).read_text(encoding="utf-8"))
    held_out = written["held_out"][evaluation.RULES_LABEL]
    assert held_out["auc"] == round(evaluated.rules_held_out.auc, 4)
    assert written["split"]["held_out_rows"] == [last_training_row + 1, rows]
    assert written["wall_time_seconds"]["total"] > 0

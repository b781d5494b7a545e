"""The UCI Bank Marketing data (bank-additional-full.csv) as one raw table, verbatim.

The adapter's dbt models (adapters/bank_marketing/models/) turn the raw table into leadscore's
four contract tables; docs/bank-marketing.md explains the mapping. This module only loads the
file: every field as the file spells it (text), plus `file_row_number`, the 1-based number of
the data row (1 is the first row after the header, on file line 2). The rows are in time order,
so that number is the only clock the data has besides `month` and `day_of_week`.

A file whose header is not the published one is refused, naming the file and the column, and
so is a row with a different number of fields: nothing is written then.

The data has no years. `contact_months` reconstructs them from the row order, as the adapter's
model int_bank_marketing__contact_months does in SQL: the months of successive rows never go
back within a year, so each time a row's month comes before the previous row's, a new year
has begun (may 2008 ... dec 2008, mar 2009 ... dec 2009, mar 2010 ... nov 2010 for the full
file: May 2008 to November 2010, the published span).
"""

from __future__ import annotations

import csv
import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from leadscore.warehouse_lock import open_warehouse

NAME = "bank_marketing"
#: Where the file is expected, relative to the project root (never copied into the project).
DEFAULT_CSV = Path("../shared/data/bank_marketing/bank-additional-full.csv")
DOWNLOAD_HINT = (
    'download it from the UCI Machine Learning Repository, data set "Bank Marketing" '
    "(https://archive.ics.uci.edu/dataset/222/bank+marketing, licence CC BY 4.0): "
    "bank-additional.zip holds bank-additional-full.csv; put it at "
    f"{DEFAULT_CSV} (relative to the project root) or pass --csv"
)
#: The scratch warehouse the adapter loads and scores (relative to the project root).
DEFAULT_DATABASE = Path("warehouse/bank_marketing.duckdb")
#: The adapter's folder in the project: dbt models, rules, vars (relative to the project root).
ADAPTER_DIR = Path("adapters/bank_marketing")
RULES_DIR = ADAPTER_DIR / "rules"
VARS_FILE = ADAPTER_DIR / "dbt_vars.yml"

RAW_SCHEMA = "bank_marketing_raw"
RAW_TABLE = "bank_additional_full"
ROW_NUMBER_COLUMN = "file_row_number"
#: The published header (bank-additional-names.txt), in order.
HEADER: tuple[str, ...] = (
    "age",
    "job",
    "marital",
    "education",
    "default",
    "housing",
    "loan",
    "contact",
    "month",
    "day_of_week",
    "duration",
    "campaign",
    "pdays",
    "previous",
    "poutcome",
    "emp.var.rate",
    "cons.price.idx",
    "cons.conf.idx",
    "euribor3m",
    "nr.employed",
    "y",
)
#: Known only after the call, so it leaks the outcome: loaded (the raw table is the file
#: verbatim) but dropped by the adapter's staging model; nothing downstream reads it.
LEAKING_COLUMN = "duration"
DELIMITER = ";"
MONTHS: tuple[str, ...] = (
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "oct",
    "nov",
    "dec",
)
#: The year of the first row (the data set's documentation: May 2008 to November 2010).
FIRST_YEAR = 2008


class AdapterError(RuntimeError):
    """The file or the warehouse cannot be used; nothing was written."""


def csv_path(project_dir: Path, explicit: Path | None = None) -> Path:
    """The CSV to load: `explicit`, else DEFAULT_CSV from the project root; it must exist."""
    path = explicit if explicit is not None else project_dir / DEFAULT_CSV
    if not path.is_file():
        raise AdapterError(f"{path}: no such file; {DOWNLOAD_HINT}")
    return path


def adapter_vars(project_dir: Path) -> dict[str, Any]:
    """The dbt vars the adapter and the core run with (adapters/bank_marketing/dbt_vars.yml)."""
    path = project_dir / VARS_FILE
    loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(loaded, dict):
        raise AdapterError(f"{path}: expected a mapping of dbt vars")
    return loaded


def check_header(path: Path, header: Sequence[str]) -> None:
    """Refuse a header that is not the published one, naming the file and the first column."""
    found = [name.strip() for name in header]
    if len(found) == 1:
        raise AdapterError(
            f"{path}: the header is one column ({found[0][:40]!r}...): the file must be "
            f"separated by '{DELIMITER}', as published"
        )
    for position, (expected, name) in enumerate(zip(HEADER, found, strict=False), start=1):
        if name != expected:
            raise AdapterError(
                f"{path}: column {position} of the header is {name!r}, expected {expected!r} "
                f"(the header must be the published one: {';'.join(HEADER)})"
            )
    if len(found) < len(HEADER):
        missing = ", ".join(repr(name) for name in HEADER[len(found) :])
        raise AdapterError(
            f"{path}: the header ends after {len(found)} column(s); missing column(s) {missing}"
        )
    if len(found) > len(HEADER):
        extra = ", ".join(repr(name) for name in found[len(HEADER) :])
        raise AdapterError(f"{path}: unexpected column(s) after {HEADER[-1]!r}: {extra}")


def read_rows(path: Path) -> pd.DataFrame:
    """The file as text columns named as in its header, plus file_row_number (1, 2, ...)."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle, delimiter=DELIMITER, quotechar='"')
        header = next(reader, None)
        if not header:
            raise AdapterError(f"{path}: the file is empty (the header is expected on line 1)")
        check_header(path, header)
        rows = []
        for values in reader:
            if len(values) != len(HEADER):
                raise AdapterError(
                    f"{path}: line {reader.line_num} has {len(values)} field(s), the header "
                    f"{len(HEADER)}"
                )
            rows.append(values)
    if not rows:
        raise AdapterError(f"{path}: the file has a header but no rows")
    frame = pd.DataFrame(rows, columns=list(HEADER), dtype="string")
    frame.insert(0, ROW_NUMBER_COLUMN, range(1, len(rows) + 1))
    return frame


def contact_months(months: Sequence[str], first_year: int = FIRST_YEAR) -> list[datetime.date]:
    """The first day of each row's contact month, the year reconstructed from the row order.

    Rows are in time order and a year's months never go back, so a month before the previous
    row's (dec, then mar) starts the next year. A month name that is not one of MONTHS raises
    AdapterError naming the row.
    """
    result: list[datetime.date] = []
    year, previous = first_year, 0
    for row_number, name in enumerate(months, start=1):
        month = MONTHS.index(name) + 1 if name in MONTHS else 0
        if month == 0:
            raise AdapterError(f"row {row_number}: unknown month {name!r} (known: {MONTHS})")
        if month < previous:
            year += 1
        result.append(datetime.date(year, month, 1))
        previous = month
    return result


@dataclass(frozen=True)
class LoadSummary:
    """What was loaded: counts and the contact months reconstructed from the row order."""

    path: Path
    database: Path
    rows: int
    subscribed: int
    first_month: datetime.date
    last_month: datetime.date
    contact_month_count: int

    def format(self) -> str:
        share = self.subscribed / self.rows
        return "\n".join(
            [
                f"Loaded {self.path} into {self.database} ({RAW_SCHEMA}.{RAW_TABLE}):",
                f"  {self.rows:,} rows, {self.subscribed:,} subscribed (y = yes, {share:.2%})",
                f"  contacts from {self.first_month:%b %Y} to {self.last_month:%b %Y} "
                f"({self.contact_month_count} months with contacts; years from the row order)",
            ]
        )


def load_csv(path: Path, database: Path) -> LoadSummary:
    """Replace the raw table with the file (read and checked whole before anything is written)."""
    frame = read_rows(path)
    months = contact_months(list(frame["month"]))
    database.parent.mkdir(parents=True, exist_ok=True)
    connection = open_warehouse(database, read_only=False)
    try:
        connection.register("bank_marketing_file", frame)
        connection.execute("begin transaction")
        connection.execute(f"create schema if not exists {RAW_SCHEMA}")
        connection.execute(
            f"create or replace table {RAW_SCHEMA}.{RAW_TABLE} as "
            f"select * from bank_marketing_file order by {ROW_NUMBER_COLUMN}"
        )
        connection.execute("commit")
        connection.unregister("bank_marketing_file")
    finally:
        connection.close()
    return LoadSummary(
        path=path,
        database=database,
        rows=len(frame),
        subscribed=int((frame["y"] == "yes").sum()),
        first_month=months[0],
        last_month=months[-1],
        contact_month_count=len(set(months)),
    )

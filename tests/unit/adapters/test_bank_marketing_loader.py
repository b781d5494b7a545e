"""The bank marketing loader: the published header only, rows numbered, years from row order."""

from __future__ import annotations

import datetime
from pathlib import Path

import duckdb
import pytest

from leadscore.adapters import bank_marketing as bank
from leadscore.cli import main
from tests.bank_marketing_data import bank_csv_or_skip

HEADER_LINE = ";".join(f'"{name}"' for name in bank.HEADER)


def row(month: str = "may", day: str = "mon", y: str = "no", age: str = "56") -> str:
    values = [age, "housemaid", "married", "basic.4y", "no", "no", "no", "telephone", month, day]
    values += ["261", "1", "999", "0", "nonexistent", "1.1", "93.994", "-36.4", "4.857", "5191", y]
    return ";".join(
        value if value[0].isdigit() or value[0] == "-" else f'"{value}"' for value in values
    )


def write(tmp_path: Path, *lines: str, name: str = "bank.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_loads_the_file_verbatim_with_row_numbers(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER_LINE, row(age="56"), row(age="57", y="yes"), row(age="37"))
    database = tmp_path / "bank.duckdb"
    summary = bank.load_csv(path, database)
    assert (summary.rows, summary.subscribed) == (3, 1)
    connection = duckdb.connect(str(database), read_only=True)
    try:
        columns = connection.execute(
            "select column_name, data_type from information_schema.columns "
            "where table_schema = ? and table_name = ? order by ordinal_position",
            [bank.RAW_SCHEMA, bank.RAW_TABLE],
        ).fetchall()
        rows = connection.execute(
            f'select file_row_number, age, "emp.var.rate", duration, y '
            f"from {bank.RAW_SCHEMA}.{bank.RAW_TABLE} order by file_row_number"
        ).fetchall()
    finally:
        connection.close()
    # Every column of the file, as text and named as in the file, after the row number.
    assert columns == [("file_row_number", "BIGINT")] + [(name, "VARCHAR") for name in bank.HEADER]
    assert rows == [
        (1, "56", "1.1", "261", "no"),
        (2, "57", "1.1", "261", "yes"),
        (3, "37", "1.1", "261", "no"),
    ]


def test_a_second_load_replaces_the_first(tmp_path: Path) -> None:
    database = tmp_path / "bank.duckdb"
    bank.load_csv(write(tmp_path, HEADER_LINE, row(), row(), row()), database)
    assert bank.load_csv(write(tmp_path, HEADER_LINE, row(), name="b.csv"), database).rows == 1
    connection = duckdb.connect(str(database), read_only=True)
    try:
        count = connection.execute(f"select count(*) from {bank.RAW_SCHEMA}.{bank.RAW_TABLE}")
        assert count.fetchall() == [(1,)]
    finally:
        connection.close()


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (
            HEADER_LINE.replace('"duration"', '"call_length"'),
            "column 11 of the header is 'call_length', expected 'duration'",
        ),
        (
            HEADER_LINE.replace(';"y"', ""),
            "the header ends after 20 column(s); missing column(s) 'y'",
        ),
        (HEADER_LINE + ';"id"', "unexpected column(s) after 'y': 'id'"),
        (
            HEADER_LINE.replace(";", ","),
            'the header is one column (\'age,"job","marital","education","default\'...): '
            "the file must be separated by ';', as published",
        ),
    ],
)
def test_a_different_header_is_refused_naming_file_and_column(
    tmp_path: Path, header: str, message: str
) -> None:
    path = write(tmp_path, header, row())
    database = tmp_path / "bank.duckdb"
    with pytest.raises(bank.AdapterError) as raised:
        bank.load_csv(path, database)
    assert str(raised.value).startswith(f"{path}: {message}")
    assert not database.exists()


def test_a_row_with_other_fields_or_an_empty_file_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER_LINE, row(), row() + ";1")
    with pytest.raises(
        bank.AdapterError, match=r"bank.csv: line 3 has 22 field\(s\), the header 21"
    ):
        bank.read_rows(path)
    with pytest.raises(bank.AdapterError, match="the file is empty"):
        bank.read_rows(write(tmp_path, "", name="empty.csv"))
    with pytest.raises(bank.AdapterError, match="a header but no rows"):
        bank.read_rows(write(tmp_path, HEADER_LINE, name="header.csv"))


def test_years_follow_the_row_order() -> None:
    months = ["may", "may", "jun", "dec", "mar", "mar", "nov", "dec", "mar", "may"]
    assert bank.contact_months(months, first_year=2008) == [
        datetime.date(2008, 5, 1),
        datetime.date(2008, 5, 1),
        datetime.date(2008, 6, 1),
        datetime.date(2008, 12, 1),
        datetime.date(2009, 3, 1),
        datetime.date(2009, 3, 1),
        datetime.date(2009, 11, 1),
        datetime.date(2009, 12, 1),
        datetime.date(2010, 3, 1),
        datetime.date(2010, 5, 1),
    ]
    # The same month twice in a row is the same year; only going back starts a new one.
    assert bank.contact_months(["jan", "jan", "feb", "jan"], first_year=2000)[-1] == (
        datetime.date(2001, 1, 1)
    )
    with pytest.raises(bank.AdapterError, match="row 2: unknown month 'May'"):
        bank.contact_months(["may", "May"])


def test_the_real_file_spans_the_published_period() -> None:
    """May 2008 to November 2010 (the data set's documentation), two year changes."""
    frame = bank.read_rows(bank_csv_or_skip())
    months = bank.contact_months(list(frame["month"]))
    assert len(frame) == 41_188
    assert list(frame[bank.ROW_NUMBER_COLUMN]) == list(range(1, 41_189))
    assert (months[0], months[-1]) == (datetime.date(2008, 5, 1), datetime.date(2010, 11, 1))
    assert sorted({month.year for month in months}) == [2008, 2009, 2010]
    assert months == sorted(months)
    # The consumer price index is monthly: one value per reconstructed month, and a different
    # one for every month (a missed year change would merge may 2008 and may 2009).
    frame["contact_month"] = months
    indices = frame.groupby("contact_month")["cons.price.idx"].nunique()
    assert (indices == 1).all()
    assert frame["cons.price.idx"].nunique() == len(indices) == 26


def test_a_missing_file_names_where_to_download_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nowhere.csv"
    argv = ["adapter", "load", "bank_marketing", "--csv", str(missing)]
    assert main([*argv, "--database", str(tmp_path / "bank.duckdb")]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"leadscore: {missing}: no such file; download it from the UCI")
    assert "bank-additional-full.csv" in err and "CC BY 4.0" in err


def test_the_load_command_prints_the_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(
        tmp_path, HEADER_LINE, row(month="nov"), row(month="dec", y="yes"), row(month="mar")
    )
    database = tmp_path / "bank.duckdb"
    assert (
        main(["adapter", "load", "bank_marketing", "--csv", str(path), "--database", str(database)])
        == 0
    )
    assert capsys.readouterr().out.splitlines() == [
        f"Loaded {path} into {database} ({bank.RAW_SCHEMA}.{bank.RAW_TABLE}):",
        "  3 rows, 1 subscribed (y = yes, 33.33%)",
        "  contacts from Nov 2008 to Mar 2009 (3 months with contacts; years from the row order)",
    ]

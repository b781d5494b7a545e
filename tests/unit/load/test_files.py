"""Whole-file problems stop the run naming the file (and line); nothing is written."""

from __future__ import annotations

import codecs

import pytest

from leadscore.load import LoadError
from tests.unit.load.conftest import MAPPINGS, Project

HEADER = "Record ID,Email,Job Title,Original Source,Create Date,Primary Associated Company ID"
ROW = "1,ana@acme.com,Directora de marketing,Referrals,2024-01-15 09:32,9001"


def _load_error(project: Project, name: str, **options: object) -> str:
    """The error loading a file with the HubSpot mapping's leads entry."""
    with pytest.raises(LoadError) as raised:
        project.load(MAPPINGS / "hubspot.yml", tables={"leads": project.dir / name}, **options)
    return str(raised.value)


def test_delimiters_are_guessed(project: Project) -> None:
    for delimiter in (";", "\t", ","):
        project.write("contacts.csv", f"{HEADER}\n{ROW}\n".replace(",", delimiter))
        report = project.load(MAPPINGS / "hubspot.yml", [project.dir / "contacts.csv"])
        assert report.summaries[0].loaded == 1
        assert report.files[0].source.delimiter == delimiter


def test_wrong_delimiter_names_the_file_and_the_columns(project: Project) -> None:
    project.write("contacts.csv", f"{HEADER}\n{ROW}\n".replace(",", ";"))
    message = _load_error(project, "contacts.csv", delimiter=",")
    assert message.startswith(f"{project.dir / 'contacts.csv'}: mapping entry 'leads' names ")
    assert "'Record ID' (lead_id)" in message and "that the header lacks" in message
    assert "is the delimiter right? (--delimiter)" in message
    assert not project.database.exists()  # the warehouse was not even opened


def test_an_export_column_missing_from_the_header_is_named(project: Project) -> None:
    project.write("contacts.csv", f"{HEADER.replace('Job Title', 'Title')}\n{ROW}\n")
    message = _load_error(project, "contacts.csv")
    assert message == (
        f"{project.dir / 'contacts.csv'}: mapping entry 'leads' names export column(s) "
        "'Job Title' (job_title) that the header lacks (the header's columns: 'Record ID', "
        "'Email', 'Title', 'Original Source', 'Create Date', 'Primary Associated Company ID')"
    )


def test_header_names_match_ignoring_case_unless_ambiguous(project: Project) -> None:
    project.write("contacts.csv", f"{HEADER.upper()}\n{ROW}\n")
    assert project.load(MAPPINGS / "hubspot.yml", [project.dir / "contacts.csv"]).files[0].rows
    project.write("contacts.csv", f"{HEADER},EMAIL,email\n{ROW},x,y\n")
    assert project.load(MAPPINGS / "hubspot.yml", [project.dir / "contacts.csv"]).files[0].rows
    project.write("contacts.csv", f"{HEADER.replace('Email', 'EMAIL')},email\n{ROW},y\n")
    assert "'Email' (email) the header has twice" in _load_error(project, "contacts.csv")


def test_latin1_read_as_utf8_names_the_file_and_line(project: Project) -> None:
    text = f"{HEADER}\n{ROW}\n2,jose@acme.com,Director de producción,Referrals,2024-01-15,9001\n"
    project.write("contacts.csv", text.encode("latin-1"))
    message = _load_error(project, "contacts.csv")
    assert message == (
        f"{project.dir / 'contacts.csv'}: line 3 is not valid utf-8 (byte 0xf3); pass the "
        "file's encoding with --encoding, e.g. --encoding cp1252 for an Excel export"
    )
    assert not project.database.exists()
    report = project.load(
        MAPPINGS / "hubspot.yml", [project.dir / "contacts.csv"], encoding="latin-1"
    )
    assert report.summaries[0].loaded == 2
    assert ("Director de producción",) in project.query("select job_title from raw.leads")


def test_byte_order_marks_are_detected(project: Project) -> None:
    project.write("bom8.csv", codecs.BOM_UTF8 + f"{HEADER}\n{ROW}\n".encode())
    project.write("bom16.csv", f"{HEADER}\n{ROW}\n".replace(",", "\t").encode("utf-16"))
    for name in ("bom8.csv", "bom16.csv"):
        report = project.load(MAPPINGS / "hubspot.yml", tables={"leads": project.dir / name})
        assert report.summaries[0].loaded == 1  # 'Record ID' found: no BOM glued to it


def test_empty_files_and_unknown_encodings(project: Project) -> None:
    project.write("empty.csv", "")
    assert _load_error(project, "empty.csv").endswith(
        "empty.csv: the file is empty (a header line is expected on line 1)"
    )
    project.write("blank_first.csv", f"\n{HEADER}\n{ROW}\n")
    assert _load_error(project, "blank_first.csv").endswith(
        "blank_first.csv: line 1 is empty; the header must be the first line"
    )
    project.write("contacts.csv", f"{HEADER}\n{ROW}\n")
    assert _load_error(project, "contacts.csv", encoding="klingon") == (
        "unknown encoding 'klingon' (try utf-8, cp1252 or latin-1)"
    )


def test_broken_quotes_name_the_line(project: Project) -> None:
    project.write(
        "contacts.csv", f"{HEADER}\n{ROW}\n" + ROW.replace(",ana", ',"ana') + f"\n{ROW}\n"
    )
    assert _load_error(project, "contacts.csv").endswith(
        "contacts.csv: line 3: a quoted field opened here is never closed"
    )
    project.write("contacts.csv", f"{HEADER}\n" + ROW.replace(",Directora", ',"x"Directora'))
    assert _load_error(project, "contacts.csv").endswith(
        "contacts.csv: line 2 cannot be read as CSV: ',' expected after '\"'"
    )


def test_a_header_without_rows_loads_nothing(project: Project) -> None:
    project.write("contacts.csv", f"{HEADER}\n\n")
    (summary,) = project.load(MAPPINGS / "hubspot.yml", [project.dir / "contacts.csv"]).summaries
    assert (summary.rows_read, summary.loaded, summary.rejected) == (0, 0, 0)
    assert project.query("select count(*) from raw.leads") == [(0,)]


def test_one_bad_file_stops_the_whole_run(project: Project) -> None:
    project.write("contacts.csv", f"{HEADER}\n{ROW}\n")
    project.write("companies.csv", "")
    with pytest.raises(LoadError, match=r"companies\.csv: the file is empty"):
        project.load(
            MAPPINGS / "hubspot.yml", [project.dir / "contacts.csv", project.dir / "companies.csv"]
        )
    assert not project.database.exists()

"""Re-imports replace rather than duplicate, and a run writes all or nothing."""

from __future__ import annotations

import duckdb
import pytest

from leadscore.load import LoadError, writer
from tests.unit.load.conftest import EXPORTS, MAPPINGS, Project

HEADER = "Record ID,Email,Job Title,Original Source,Create Date,Primary Associated Company ID\n"


def test_reimporting_the_same_files_does_not_duplicate(project: Project) -> None:
    files = [EXPORTS / f"hubspot_{name}.csv" for name in ("contacts", "companies", "deals")]
    project.load(MAPPINGS / "hubspot.yml", files)
    first = {t: project.query(f"select * from raw.{t} order by 1") for t in ("leads", "accounts")}
    report = project.load(MAPPINGS / "hubspot.yml", files)
    assert [s.replaced for s in report.summaries] == [4, 3, 3]
    assert "4 replacing a row already loaded with the same id" in report.format()
    for table, rows in first.items():
        assert project.query(f"select * from raw.{table} order by 1") == rows
    assert project.query("select count(*) from raw.opportunities") == [(3,)]


def test_the_newest_import_wins_and_rejections_are_replaced(project: Project) -> None:
    contacts = project.dir / "contacts.csv"
    project.write(
        "contacts.csv",
        HEADER
        + "1,a@acme.com,CEO,Referrals,2024-01-15 09:32,9001\n"
        + "2,b@acme.com,CTO,Referrals,yesterday,9001\n"
        + "3,c@acme.com,CFO,Referrals,2024-01-15 09:32,9001\n",
    )
    project.load(MAPPINGS / "hubspot.yml", [contacts])
    project.load(MAPPINGS / "hubspot.yml", [contacts])
    assert project.query("select count(*), min(line_number) from raw.rejected_rows") == [(1, 3)]
    # The next export: a new title, the bad date fixed, a new bad row, contact 3 no longer in it.
    project.write(
        "contacts.csv",
        HEADER
        + "1,a@acme.com,Chief Executive Officer,Referrals,2024-01-15 09:32,9001\n"
        + "2,b@acme.com,CTO,Referrals,2024-01-16 10:00,9001\n"
        + "4,,VP,Referrals,,9001\n",
    )
    project.load(MAPPINGS / "hubspot.yml", [contacts])
    assert project.query("select lead_id, job_title from raw.leads order by lead_id") == [
        ("1", "Chief Executive Officer"),
        ("2", "CTO"),
        ("3", "CFO"),  # rows missing from a later export stay
    ]
    assert project.rejected() == [
        (4, "leads", "created_at: missing (column 'Create Date' is empty)")
    ]


def test_the_later_file_of_a_run_wins(project: Project) -> None:
    older = project.write("contacts_1.csv", HEADER + "1,a@acme.com,CEO,,2024-01-15,9001\n")
    newer = project.write("contacts_2.csv", HEADER + "1,a@acme.com,Founder,,2024-01-15,9001\n")
    project.load(MAPPINGS / "hubspot.yml", [older, newer])
    assert project.query("select lead_id, job_title from raw.leads") == [("1", "Founder")]


def test_a_failing_write_leaves_the_warehouse_as_it_was(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = [EXPORTS / f"hubspot_{name}.csv" for name in ("contacts", "companies", "deals")]
    project.load(MAPPINGS / "hubspot.yml", files[:1])
    project.write("contacts.csv", HEADER + "101,new@acme.com,CEO,,2024-01-15,9001\n,,,,,\n")
    tables = ("leads", "accounts", "opportunities", "events", "rejected_rows")
    before = {table: project.query(f"select * from raw.{table} order by 1") for table in tables}

    def fail_on_rejections(*_: object) -> None:
        raise duckdb.ConversionException("simulated failure after the upserts")

    monkeypatch.setattr(writer, "_insert_rejections", fail_on_rejections)
    with pytest.raises(LoadError, match=r"nothing was written: .*simulated failure"):
        project.load(MAPPINGS / "hubspot.yml", [project.dir / "contacts.csv", *files[1:]])
    assert {table: project.query(f"select * from raw.{table} order by 1") for table in tables} == (
        before
    )


def test_a_dry_run_writes_nothing(project: Project) -> None:
    report = project.load(
        MAPPINGS / "hubspot.yml", [EXPORTS / "hubspot_contacts.csv"], dry_run=True
    )
    assert report.summaries[0].loaded == 4
    assert report.format().startswith("Checked (dry run, nothing written): 1 file(s)")
    assert not project.database.exists()

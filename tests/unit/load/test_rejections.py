"""Rows that cannot be loaded go to raw.rejected_rows with reasons; nothing is dropped silently."""

from __future__ import annotations

import json
from datetime import datetime

from tests.unit.load.conftest import MAPPINGS, Project

HEADER = "Record ID,Email,Job Title,Original Source,Create Date,Primary Associated Company ID\n"


def test_bad_rows_are_rejected_with_the_column_and_value(project: Project) -> None:
    contacts = project.write(
        "contacts.csv",
        HEADER
        + "1,a@acme.com,CEO,Organic Search,2024-01-15 09:32,9001\n"  # line 2: fine
        + ",b@acme.com,CTO,Referrals,2024-01-16 09:00,9001\n"  # 3: no id
        + "3,c@acme.com,CFO,Referrals,15/01/2024,9001\n"  # 4: not ISO 8601
        + "4,d@acme.com,CMO,Referrals,2024-02-30 10:00,9001\n"  # 5: no such day
        + "5,e@acme.com,VP,Referrals,,9001\n"  # 6: no creation time
        + "6,f@acme.com,VP,Referrals,2024-01-16 09:00,9001,stray\n"  # 7: one field too many
        + '"7","g@acme.com\nsecond line",VP,Referrals,2024-01-16 09:00,9001\n'  # 8-9: fine
        + "8,h@acme.com,VP,Referrals,2024-01-16 09:00,9001\n",  # 10: fine
    )
    report = project.load(MAPPINGS / "hubspot.yml", tables={"leads": contacts})
    (summary,) = report.summaries
    assert (summary.rows_read, summary.loaded, summary.rejected) == (8, 3, 5)
    assert project.query("select lead_id from raw.leads order by lead_id") == [
        ("1",),
        ("7",),
        ("8",),
    ]
    assert project.rejected() == [
        (3, "leads", "lead_id: missing (column 'Record ID' is empty)"),
        (
            4,
            "leads",
            "created_at: '15/01/2024' (column 'Create Date') is not a timestamp in ISO 8601 "
            "(2024-01-31 14:05:00)",
        ),
        (
            5,
            "leads",
            "created_at: '2024-02-30 10:00' (column 'Create Date') is not a timestamp in ISO "
            "8601 (2024-01-31 14:05:00)",
        ),
        (6, "leads", "created_at: missing (column 'Create Date' is empty)"),
        (7, "leads", "the line has 7 fields, the header 6"),
    ]
    raw = project.query("select raw_row from raw.rejected_rows where line_number = 4")[0][0]
    assert json.loads(raw) == {
        "Record ID": "3",
        "Email": "c@acme.com",
        "Job Title": "CFO",
        "Original Source": "Referrals",
        "Create Date": "15/01/2024",
        "Primary Associated Company ID": "9001",
    }
    line_7 = project.query("select raw_row from raw.rejected_rows where line_number = 7")[0][0]
    assert json.loads(line_7)[-1] == "stray"  # the fields as read when the count is off
    assert [kind for kind, *_ in summary.top_reasons] == [
        "created_at is not a timestamp",
        "lead_id missing",
        "created_at missing",
    ]
    text = report.format()
    assert "contacts.csv -> raw.leads: 8 rows read, 3 loaded, 5 rejected" in text
    assert "2 x created_at is not a timestamp (e.g. line 4: created_at: '15/01/2024'" in text
    assert "select * from raw.rejected_rows" in text


def test_wrong_types_and_several_problems_in_one_row(project: Project) -> None:
    companies = project.write(
        "companies.csv",
        "Record ID,Company name,Company Domain Name,Industry,Number of Employees,Annual Revenue,"
        "Country/Region\n"
        "1,Acme,acme.com,Retail,about 50,1e6,US\n"
        "2,Globex,globex.com,Retail,1,200,5000000,US\n"
        "3,Initech,not a domain,Retail,NaN,inf,US\n"
        "4,Hooli,hooli.com,Retail,-12,,US\n",
    )
    project.load(MAPPINGS / "hubspot.yml", tables={"accounts": companies})
    reasons = {line: reason for line, _, reason in project.rejected()}
    assert reasons[2] == (
        "employee_count: 'about 50' (column 'Number of Employees') is not a number "
        "(plain digits with an optional '.' decimal point)"
    )
    assert reasons[3] == "the line has 8 fields, the header 7"  # a thousands separator
    assert reasons[4].split("; ") == [
        "domain: 'not a domain' (column 'Company Domain Name') is not a URL or domain",
        "employee_count: 'NaN' (column 'Number of Employees') is not a number (plain digits "
        "with an optional '.' decimal point)",
        "annual_revenue: 'inf' (column 'Annual Revenue') is not a number (plain digits with an "
        "optional '.' decimal point)",
    ]
    # A negative head count is a number: the pipeline, not the loader, judges its meaning.
    assert project.query("select account_id, employee_count from raw.accounts") == [("4", -12.0)]


def test_duplicate_ids_with_different_values_are_all_rejected(project: Project) -> None:
    contacts = project.write(
        "contacts.csv",
        HEADER
        + "1,a@acme.com,CEO,Referrals,2024-01-15 09:32,9001\n"
        + "2,b@acme.com,CTO,Referrals,2024-01-15 09:32,9001\n"
        + "1,a@acme.com,Chief Executive,Referrals,2024-01-15 09:32,9001\n"
        + "2,b@acme.com,CTO,Referrals,2024-01-15 09:32,9001\n"  # identical: merged
        + "3,c@acme.com,VP, Referrals ,2024-01-15 09:32,9001\n"
        + "3,c@acme.com,VP,Referrals,2024-01-15 09:32:00,9001\n",  # same once typed: merged
    )
    report = project.load(MAPPINGS / "hubspot.yml", tables={"leads": contacts})
    (summary,) = report.summaries
    assert (summary.loaded, summary.rejected, summary.merged_duplicates) == (2, 2, 2)
    assert project.query("select lead_id, job_title from raw.leads order by 1") == [
        ("2", "CTO"),
        ("3", "VP"),
    ]
    reason = (
        "lead_id '1' appears on lines 2, 4 with different values (job_title); none of them is "
        "loaded"
    )
    assert project.rejected() == [(2, "leads", reason), (4, "leads", reason)]
    assert "2 identical duplicate row(s) merged" in report.format()


def test_timestamp_formats_and_time_zones(project: Project) -> None:
    mapping = project.write(
        "mapping.yml",
        """
tables:
  leads:
    timezone: Europe/Berlin
    columns:
      lead_id: id
      created_at: {column: created, format: "%d/%m/%Y %H:%M"}
      unsubscribed_at: {column: unsubscribed, timezone: UTC}
""",
    )
    export = project.write(
        "people.csv",
        "id,created,unsubscribed\n"
        "1,31/01/2024 14:05,2024-02-01T10:00:00Z\n"
        "2,31/07/2024 14:05,2024-08-01 10:00:00+02:00\n"
        "3,2024-01-31 14:05,2024-02-01 10:00\n"
        "4,31/01/2024 14:05,2024-02-01 25:00\n",
    )
    project.load(mapping, tables={"leads": export})
    assert project.query("select * exclude (account_id, email, job_title, lead_source, "
                         "product_interest) from raw.leads order by lead_id") == [
        ("1", datetime(2024, 1, 31, 13, 5), datetime(2024, 2, 1, 10)),  # CET, UTC+1
        ("2", datetime(2024, 7, 31, 12, 5), datetime(2024, 8, 1, 8)),  # CEST; offset wins
    ]  # fmt: skip
    assert [reason for _, _, reason in project.rejected()] == [
        "created_at: '2024-01-31 14:05' (column 'created') is not a timestamp in the format "
        "%d/%m/%Y %H:%M",
        "unsubscribed_at: '2024-02-01 25:00' (column 'unsubscribed') is not a timestamp in ISO "
        "8601 (2024-01-31 14:05:00)",
    ]


def test_null_values_value_maps_and_other_values(project: Project) -> None:
    mapping = project.write(
        "mapping.yml",
        """
tables:
  deals:
    target: opportunities
    null_values: ["N/A", "Select"]
    columns:
      opportunity_id: id
      created_at: created
      stage: stage
      product_line: product
    values:
      stage: {"closed won": won, "CLOSED LOST": lost, "On Hold": ""}
      product_line: {"Analytics Suite": analytics}
    other_values:
      stage: open
""",
    )
    export = project.write(
        "deals.csv",
        "id,created,stage,product\n"
        "1,2024-01-01,Closed Won,Analytics Suite\n"
        "2,2024-01-01, closed lost ,n/a\n"
        "3,2024-01-01,Proposal,Automation\n"
        "4,2024-01-01,Select,\n"
        "5,2024-01-01,On Hold,\n",
    )
    project.load(mapping, tables={"deals": export})
    assert project.query("select opportunity_id, stage, product_line from raw.opportunities") == [
        ("1", "won", "analytics"),
        ("2", "lost", None),
        ("3", "open", "Automation"),
    ]
    assert project.rejected() == [
        (5, "opportunities", "stage: missing (column 'stage' has 'Select', read as null)"),
        (6, "opportunities", "stage: missing (column 'stage' has 'On Hold', read as null)"),
    ]

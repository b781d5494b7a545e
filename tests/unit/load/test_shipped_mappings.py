"""Each mapping in mappings/ loads its export fixture (real header names) into the raw tables."""

from __future__ import annotations

from datetime import datetime

from leadscore.load.contract import contract_columns, sources_file
from leadscore.paths import PROJECT_ROOT
from tests.unit.load.conftest import EXPORTS, MAPPINGS, Project

HUBSPOT = [EXPORTS / f"hubspot_{name}.csv" for name in ("contacts", "companies", "deals")]
SALESFORCE = [
    EXPORTS / f"salesforce_{name}.csv"
    for name in ("leads", "contacts", "accounts", "opportunities")
]


def test_hubspot_contacts_companies_deals(project: Project) -> None:
    report = project.load(MAPPINGS / "hubspot.yml", HUBSPOT)
    assert [(s.table, s.rows_read, s.loaded, s.rejected) for s in report.summaries] == [
        ("leads", 4, 4, 0),
        ("accounts", 3, 3, 0),
        ("opportunities", 3, 3, 0),
    ]
    assert project.query("select * from raw.leads order by lead_id") == [
        ("101", "9001", "ana.garcia@northwind.com", "VP Marketing", "organic_search",
         datetime(2024, 1, 15, 9, 32), None, None),
        ("102", "9002", "ben@contoso.co.uk", "Marketing Operations Manager", "referral",
         datetime(2024, 2, 3, 14, 5), None, None),
        # No value map entry: loaded as exported (the pipeline lowercases it).
        ("103", None, "chloe.martin@gmail.com", "Student", "Paid Search",
         datetime(2024, 2, 20, 8, 0), None, None),
        ("104", "9003", "dev.patel@fabrikam.de", "Head of Demand Generation", "outbound_list",
         datetime(2024, 3, 1, 17, 45), None, None),
    ]  # fmt: skip
    assert project.query("select * from raw.accounts order by account_id") == [
        ("9001", "Northwind Traders", "northwind.com", "software", 450.0, 52e6, "US"),
        ("9002", "Contoso", "contoso.co.uk", "financial_services", 1200.0, 310e6, "GB"),
        ("9003", "Fabrikam", "fabrikam.de", "manufacturing", 85.0, None, "DE"),
    ]
    assert project.query(
        "select opportunity_id, account_id, lead_id, stage, amount, created_at, closed_at "
        "from raw.opportunities order by opportunity_id"
    ) == [
        ("7001", "9001", None, "won", 48000.0, datetime(2024, 2, 10, 11),
         datetime(2024, 4, 30)),
        ("7002", "9002", None, "open", 120000.0, datetime(2024, 3, 5, 15, 20),
         datetime(2024, 6, 30)),
        ("7003", "9003", None, "lost", 9500.0, datetime(2024, 3, 10, 9),
         datetime(2024, 4, 15)),
    ]  # fmt: skip
    assert project.query("select count(*) from raw.rejected_rows") == [(0,)]


def test_salesforce_leads_contacts_accounts_opportunities(project: Project) -> None:
    report = project.load("salesforce", SALESFORCE)  # a name in the project's mappings/
    assert [(s.entry, s.table, s.loaded, s.rejected) for s in report.summaries] == [
        ("lead", "leads", 2, 0),
        ("contact", "leads", 2, 0),
        ("account", "accounts", 2, 0),
        ("opportunity", "opportunities", 2, 0),
    ]
    assert project.query(
        "select lead_id, account_id, email, job_title, lead_source, created_at "
        "from raw.leads order by lead_id"
    ) == [
        ("0035g00000XyZaBAAV", "0015g00000QwErTAAV", "grace.lee@adatum.com",
         "Chief Marketing Officer", "referral", datetime(2024, 1, 9, 8)),
        ("0035g00000XyZaCAAV", "0015g00000QwErUAAV", "hugo.silva@woodgrove.com.br",
         "Marketing Analyst", "outbound_list", datetime(2024, 2, 14, 13, 30)),
        ("00Q5g00000AbCdEAAV", None, "erin.walsh@tailspintoys.com", "Director of Marketing",
         "contact_form", datetime(2024, 3, 4, 10, 15)),
        ("00Q5g00000AbCdFAAV", None, "farid@litware.io", "CTO", "trade_show",
         datetime(2024, 3, 6, 22, 40, 12)),
    ]  # fmt: skip
    assert project.query("select * from raw.accounts order by account_id") == [
        ("0015g00000QwErTAAV", "Adatum Corporation", "adatum.com", "software", 640.0, 87e6, "US"),
        ("0015g00000QwErUAAV", "Woodgrove Bank", "woodgrove.com.br", "financial_services",
         5200.0, None, "BR"),
    ]  # fmt: skip
    assert project.query(
        "select opportunity_id, account_id, stage, amount, created_at, closed_at "
        "from raw.opportunities order by opportunity_id"
    ) == [
        ("0065g00000LmNoPAAV", "0015g00000QwErTAAV", "won", 64000.0,
         datetime(2024, 2, 1, 9), datetime(2024, 5, 31)),
        ("0065g00000LmNoQAAV", "0015g00000QwErUAAV", "open", 150000.0,
         datetime(2024, 4, 11, 16, 45), datetime(2024, 8, 30)),
    ]  # fmt: skip


def test_activities_example_maps_event_types_and_page_paths(project: Project) -> None:
    report = project.load(MAPPINGS / "activities_example.yml", [EXPORTS / "web_activities.csv"])
    assert [(s.table, s.loaded, s.rejected) for s in report.summaries] == [("events", 5, 0)]
    assert project.query("select * from raw.events order by event_id") == [
        ("A-1", "101", "page_view", datetime(2024, 3, 10, 9), "/pricing", None, None, 75.0),
        ("A-2", "101", "email_open", datetime(2024, 3, 10, 9, 5), None, None, "CMP-7", None),
        ("A-3", "102", "content_download", datetime(2024, 3, 11, 14, 20), None,
         "State of B2B Marketing 2024", "CMP-8", None),
        ("A-4", "104", "webinar_attended", datetime(2024, 3, 12, 16), None, "Scoring 101",
         "CMP-9", 3600.0),
        # An activity type the map lacks loads as exported; the pipeline counts unknown types.
        ("A-5", "103", "Chat Started", datetime(2024, 3, 13, 11, 11), "/careers", None, None,
         None),
    ]  # fmt: skip


def test_loaded_tables_satisfy_the_source_contract(project: Project) -> None:
    """After the HubSpot load, each raw table has every contract column, typed as declared.

    The events table, which no HubSpot entry loads, is created empty so `leadscore build` runs.
    """
    project.load(MAPPINGS / "hubspot.yml", HUBSPOT)
    expected = {"text": "VARCHAR", "number": "DOUBLE", "timestamp": "TIMESTAMP"}
    contract = contract_columns(sources_file(project.dir))
    assert sources_file(project.dir) == PROJECT_ROOT / "models" / "staging" / "_sources.yml"
    assert project.query("select count(*) from raw.events") == [(0,)]
    for table in ("leads", "accounts", "opportunities", "events"):
        loaded = dict(
            project.query(
                "select column_name, data_type from information_schema.columns "
                f"where table_schema = 'raw' and table_name = '{table}'"
            )
        )
        assert {c.name: expected[c.type] for c in contract[table]}.items() <= loaded.items()

"""Custom columns declared in the project's vars load typed, under the declaration's name."""

from __future__ import annotations

from datetime import date

import pytest

from leadscore.load import LoadError
from tests.unit.load.conftest import EXPORTS, MAPPINGS, Project

MAPPING = """
tables:
  leads:
    null_values: ["Select"]
    columns:
      lead_id: "Record ID"
      created_at: "Create Date"
      occupation: "Occupation"
      Budget USD: "Budget (USD)"
      is_partner_referral: "Partner referral?"
      signup_date: {column: "Signup", format: "%m/%d/%Y"}
"""


@pytest.fixture
def declared(project: Project) -> Project:
    project.set_vars(
        leadscore_lead_custom_columns=[
            {"name": "occupation", "type": "text"},
            {"name": "Budget USD", "alias": "annual_budget", "type": "number"},
            {"name": "is_partner_referral", "type": "boolean"},
            {"name": "signup_date", "type": "date"},
        ]
    )
    return project


def test_declared_custom_columns_load_typed(declared: Project) -> None:
    mapping = declared.write("mapping.yml", MAPPING)
    export = declared.write(
        "contacts.csv",
        "Record ID,Create Date,Occupation,Budget (USD),Partner referral?,Signup\n"
        "1,2024-01-15,Working Professional,50000,Yes,06/30/2024\n"
        "2,2024-01-15,Select,12.5,no,\n"
        "3,2024-01-15,Student,lots,maybe,31/12/2024\n",
    )
    declared.load(mapping, tables={"leads": export})
    columns = declared.query(
        "select column_name, data_type from information_schema.columns "
        "where table_name = 'leads' order by ordinal_position"
    )
    assert columns[-4:] == [
        ("occupation", "VARCHAR"),
        ("Budget USD", "DOUBLE"),
        ("is_partner_referral", "BOOLEAN"),
        ("signup_date", "DATE"),
    ]
    assert declared.query(
        'select lead_id, occupation, "Budget USD", is_partner_referral, signup_date '
        "from raw.leads order by lead_id"
    ) == [
        ("1", "Working Professional", 50000.0, True, date(2024, 6, 30)),
        ("2", None, 12.5, False, None),
    ]
    (reason,) = [reason for _, _, reason in declared.rejected()]
    assert reason.split("; ") == [
        "Budget USD: 'lots' (column 'Budget (USD)') is not a number (plain digits with an "
        "optional '.' decimal point)",
        "is_partner_referral: 'maybe' (column 'Partner referral?') is not a boolean (true/false, "
        "yes/no, y/n, t/f or 1/0)",
        "signup_date: '31/12/2024' (column 'Signup') is not a date in the format %m/%d/%Y",
    ]


def test_an_existing_table_gains_the_mapped_custom_column(declared: Project) -> None:
    declared.load(MAPPINGS / "hubspot.yml", [EXPORTS / "hubspot_contacts.csv"])
    columns = declared.query("select column_name from information_schema.columns")
    assert ("occupation",) not in columns
    mapping = declared.write(
        "mapping.yml",
        'tables:\n  leads:\n    columns: {lead_id: "Record ID", created_at: "Create Date", '
        'occupation: "Job Title"}\n',
    )
    declared.load(mapping, tables={"leads": EXPORTS / "hubspot_contacts.csv"})
    assert declared.query("select lead_id, occupation from raw.leads order by 1 limit 1") == [
        ("101", "VP Marketing")
    ]


def test_an_undeclared_column_is_refused(project: Project) -> None:
    mapping = project.write("mapping.yml", MAPPING)
    with pytest.raises(LoadError) as raised:
        project.load(mapping, tables={"leads": EXPORTS / "hubspot_contacts.csv"})
    message = str(raised.value)
    assert message.startswith(f"{mapping}: tables.leads: columns.occupation: 'occupation' is ")
    assert (
        "neither a contract column of leads (lead_id, account_id, email, job_title, lead_source, "
        "created_at, unsubscribed_at, product_interest) nor a custom column declared in var "
        "leadscore_lead_custom_columns (declared: none)"
    ) in message
    assert "columns.Budget USD: 'Budget USD' is neither" in message


def test_a_declared_column_missing_from_the_mapping_is_warned_about(declared: Project) -> None:
    report = declared.load(MAPPINGS / "hubspot.yml", [EXPORTS / "hubspot_contacts.csv"])
    assert (
        "  warning: hubspot_contacts.csv: the declared custom column(s) occupation, Budget USD, "
        "is_partner_referral, signup_date of raw.leads are not in the mapping, so they are not "
        "loaded; add them to the mapping's columns"
    ) in report.format().splitlines()

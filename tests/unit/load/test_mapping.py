"""The mapping file is checked against the contract, every problem reported at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from leadscore.load import LoadError
from leadscore.load.contract import KEYS, REQUIRED, contract_columns, project_contract
from leadscore.load.mapping import read_mapping
from leadscore.load.run import assign_files, find_mapping
from leadscore.paths import PROJECT_ROOT
from tests.unit.load.conftest import EXPORTS, MAPPINGS, Project


def _problems(project: Project, text: str) -> list[str]:
    path = project.write("mapping.yml", text)
    with pytest.raises(LoadError) as raised:
        read_mapping(path, project_contract(project.dir))
    message = str(raised.value)
    assert message.startswith(f"{path}: ")
    return message.removeprefix(f"{path}: ").split("; ")


def test_shipped_mappings_are_valid(project: Project) -> None:
    contract = project_contract(project.dir)
    for path in sorted(MAPPINGS.glob("*.yml")):
        assert read_mapping(path, contract).tables, path


def test_required_and_key_columns_are_contract_columns() -> None:
    columns = contract_columns(PROJECT_ROOT / "models" / "staging" / "_sources.yml")
    for table, required in REQUIRED.items():
        names = {column.name for column in columns[table]}
        assert KEYS[table] in required and set(required) <= names


def test_every_problem_is_named(project: Project) -> None:
    problems = _problems(
        project,
        """
colour: blue
tables:
  leads:
    file_pattern: "*contacts*.csv"
    timezone: Mars/Olympus_Mons
    columns:
      lead_id: "Record ID"
      email: {column: "Email", format: "%Y"}
      job_titel: "Job Title"
      account_id: {colum: "Company"}
    values:
      lead_source: {"Organic Search": organic_search}
  deals:
    columns: {opportunity_id: "Record ID"}
  opportunities:
    columns:
      opportunity_id: "Record ID"
      created_at: "Create Date"
      stage: "Deal Stage"
      amount: "Amount"
    values:
      amount: {"about a million": "1,000,000"}
      created_at: {"yesterday": "2024-01-01"}
    other_values:
      stage: open
""",
    )
    assert problems == [
        "unknown key 'colour'",
        "tables.leads: timezone: unknown time zone 'Mars/Olympus_Mons' (use a name like "
        "Europe/Berlin)",
        "tables.leads: columns.email: format is for timestamp and date columns (text)",
        "tables.leads: columns.job_titel: 'job_titel' is neither a contract column of leads "
        "(lead_id, account_id, email, job_title, lead_source, created_at, unsubscribed_at, "
        "product_interest) nor a custom column declared in var leadscore_lead_custom_columns "
        "(declared: none)",
        "tables.leads: columns.account_id: must be an export column name or {column: ..., ...}",
        "tables.leads: columns: must map created_at (required for leads)",
        "tables.leads: values.lead_source: 'lead_source' is not a mapped column (map it under "
        "columns: first)",
        "tables.deals: target: is required (one of accounts, leads, opportunities, events) "
        "unless the entry is named after it",
        "tables.opportunities: values.amount['about a million']: '1,000,000' cannot load into "
        "amount (number): is not a number (plain digits with an optional '.' decimal point)",
        "tables.opportunities: other_values.stage: stage has no value map under values:",
    ]


def test_yaml_errors_and_wrong_shapes(project: Project) -> None:
    assert _problems(project, "tables: [leads]") == [
        "it must be a mapping with a `tables:` mapping (see docs/csv-import.md)"
    ]
    path = project.write("broken.yml", "tables:\n  leads: {columns: [\n")
    with pytest.raises(LoadError, match=r"broken.yml is not valid YAML: "):
        read_mapping(path, project_contract(project.dir))


def test_values_stay_text_as_written(project: Project) -> None:
    """YAML 1.1 would read the country code NO as false and 01 as 1; the mapping does not."""
    path = project.write(
        "mapping.yml",
        """
tables:
  accounts:
    columns: {account_id: id, country: country}
    values:
      country: {Norway: NO, "01": "01", yes: Y}
""",
    )
    mapping = read_mapping(path, project_contract(project.dir))
    assert mapping.tables["accounts"].values["country"] == {"norway": "NO", "01": "01", "yes": "Y"}


def test_raw_table_names_and_schema_come_from_the_vars(project: Project) -> None:
    project.set_vars(leadscore_raw_schema="crm_import", leadscore_leads_identifier="contact")
    project.load(MAPPINGS / "hubspot.yml", [EXPORTS / "hubspot_contacts.csv"])
    assert project.query("select count(*) from crm_import.contact") == [(4,)]
    assert project.query(
        "select table_schema, table_name from information_schema.tables order by 2"
    ) == [
        ("crm_import", "accounts"),
        ("crm_import", "contact"),
        ("crm_import", "events"),
        ("crm_import", "opportunities"),
        ("crm_import", "rejected_rows"),
    ]


def test_mapping_names_and_file_matching(project: Project, tmp_path: Path) -> None:
    assert find_mapping("hubspot", project.dir) == MAPPINGS / "hubspot.yml"
    with pytest.raises(LoadError, match="no mapping file pipedrive"):
        find_mapping("pipedrive", project.dir)
    mapping = read_mapping(MAPPINGS / "salesforce.yml", project_contract(project.dir))
    lead_contacts = tmp_path / "lead_contacts.csv"
    lead_contacts.write_text("Id\n")
    with pytest.raises(LoadError, match=r"several entries .* \(lead, contact\): say which with"):
        assign_files(mapping, [lead_contacts], [])
    assert [a.entry.name for a in assign_files(mapping, [], [("contact", lead_contacts)])] == [
        "contact"
    ]
    with pytest.raises(LoadError, match=r"fits no file_pattern of .*salesforce.yml \(lead: "):
        assign_files(mapping, [EXPORTS / "hubspot_deals.csv"], [])
    with pytest.raises(LoadError, match=r"has no entry 'deals' \(its entries: lead, contact, "):
        assign_files(mapping, [], [("deals", lead_contacts)])
    with pytest.raises(LoadError, match=r"no such file: .*missing\.csv"):
        assign_files(mapping, [], [("lead", tmp_path / "missing.csv")])
    with pytest.raises(LoadError, match="given twice"):
        assign_files(mapping, [], [("lead", lead_contacts), ("contact", lead_contacts)])
    with pytest.raises(LoadError, match="no files to load"):
        assign_files(mapping, [], [])

"""Custom columns: declared in the dbt vars, checked, and usable in conditions like built-ins."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pytest

from leadscore import cli
from leadscore.rules import ConditionError, RuleLanguage, check_rules, compile_condition
from leadscore.rules.language import project_vars
from tests.unit.rules.bad_rules import LEAD_RULE, TODAY
from tests.unit.rules.seed_files import append_rows

DECLARED: dict[str, Any] = {
    "leadscore_lead_custom_columns": [
        {"name": "occupation", "type": "text"},
        {"name": "Budget USD", "alias": "annual_budget", "type": "number"},
        {"name": "is_partner_referral", "type": "boolean"},
        {"name": "signup_date", "type": "date"},
    ],
    "leadscore_account_custom_columns": [
        {"name": "tier", "type": "text", "transform_sql": "nullif(tier, 'Select')"}
    ],
    "leadscore_event_custom_columns": [{"name": "utm_medium", "type": "text"}],
}
LANGUAGE = RuleLanguage.from_vars(project_vars(None, DECLARED))


def language_with(**declarations: Any) -> RuleLanguage:
    return RuleLanguage.from_vars(project_vars(None, declarations))


def test_declared_columns_join_the_subjects_that_see_them() -> None:
    assert LANGUAGE.declaration_problems == ()
    lead, account, event = (LANGUAGE.columns[s] for s in ("lead", "account", "event"))
    assert {k: lead[k] for k in ("occupation", "annual_budget", "is_partner_referral")} == {
        "occupation": "string",
        "annual_budget": "number",
        "is_partner_referral": "boolean",
    }
    assert lead["signup_date"] == "date"
    assert lead["tier"] == account["tier"] == "string"  # a lead rule sees its account
    assert "occupation" not in account and "utm_medium" not in lead
    assert event["utm_medium"] == "string" and event["value"] == "number"


@pytest.mark.parametrize(
    ("subject", "condition", "postgres_sql"),
    [
        ("lead", "occupation = 'Working Professional'",
         "rule_input.occupation = 'Working Professional'"),
        ("lead", "annual_budget >= 50000", "rule_input.annual_budget >= 50000"),
        ("lead", "is_partner_referral", "rule_input.is_partner_referral"),
        ("lead", "not is_partner_referral and tier in ('gold', 'silver')",
         "NOT (rule_input.is_partner_referral) AND rule_input.tier IN ('gold', 'silver')"),
        ("lead", "signup_date >= '2026-01-01'",
         "rule_input.signup_date >= CAST('2026-01-01' AS DATE)"),
        ("lead", "signup_date between '2026-01-01' and '2026-03-31'",
         "rule_input.signup_date BETWEEN CAST('2026-01-01' AS DATE) "
         "AND CAST('2026-03-31' AS DATE)"),
        ("lead", "signup_date in ('2026-01-01', '2026-01-02')",
         "rule_input.signup_date IN (CAST('2026-01-01' AS DATE), CAST('2026-01-02' AS DATE))"),
        ("account", "tier = 'gold'", "rule_input.tier = 'gold'"),
        ("event", "value >= 60 and utm_medium = 'cpc'",
         "rule_input.value >= 60 AND rule_input.utm_medium = 'cpc'"),
    ],
)  # fmt: skip
def test_custom_columns_of_every_type_compile(
    subject: str, condition: str, postgres_sql: str
) -> None:
    assert compile_condition(condition, subject, LANGUAGE).sql("postgres") == postgres_sql


@pytest.mark.parametrize(
    ("subject", "condition", "message"),
    [
        ("lead", "signup_date >= '2026-13-01'",
         "the text '2026-13-01' is compared with a date, so it must be a date written YYYY-MM-DD"),
        ("lead", "signup_date >= '01/02/2026'",
         "the text '01/02/2026' is compared with a date, so it must be a date written YYYY-MM-DD"),
        ("lead", "signup_date = 5",
         "type mismatch in '=': signup_date is a date but the number 5 is a number"),
        ("lead", "signup_date like '2026%'", "'like' compares text, but signup_date is a date"),
        ("lead", "annual_budget = 'high'",
         "type mismatch in '=': annual_budget is a number but the text 'high' is a string"),
        ("lead", "is_partner_referral = 1",
         "type mismatch in '=': is_partner_referral is a boolean but the number 1 is a number"),
        ("account", "occupation = 'x'", "unknown column 'occupation' for account rules"),
        ("event", "occupation = 'x'", "unknown column 'occupation' for event rules"),
        ("lead", "utm_medium = 'cpc'", "unknown column 'utm_medium' for lead rules"),
    ],
)  # fmt: skip
def test_custom_columns_are_typed_like_built_ins(
    subject: str, condition: str, message: str
) -> None:
    with pytest.raises(ConditionError) as error:
        compile_condition(condition, subject, LANGUAGE)
    assert str(error.value).startswith(message)


def test_a_date_condition_selects_the_same_rows_on_duckdb() -> None:
    compiled = compile_condition(
        "signup_date between '2026-01-01' and '2026-01-31'", "lead", LANGUAGE
    )
    connection = duckdb.connect()
    connection.execute(
        "create table rule_input as select * from (values (date '2025-12-31'), (date '2026-01-01'),"
        " (date '2026-01-31'), (date '2026-02-01'), (null)) as t(signup_date)"
    )
    matched = connection.execute(
        f"select signup_date from rule_input where {compiled.sql('duckdb')} order by 1"
    ).fetchall()
    assert [str(day) for (day,) in matched] == ["2026-01-01", "2026-01-31"]


@pytest.mark.parametrize(
    ("declarations", "message"),
    [
        ({"leadscore_lead_custom_columns": [{"name": "Lead Origin", "type": "text"}]},
         "leadscore_lead_custom_columns[0]: column 'Lead Origin': names must be lowercase "
         "letters, digits and underscores, starting with a letter, at most 63 characters (give "
         "it an alias)"),
        ({"leadscore_lead_custom_columns": [{"name": "x", "alias": "job_title", "type": "text"}]},
         "leadscore_lead_custom_columns[0]: column 'job_title' would shadow a built-in column; "
         "give it another alias"),
        ({"leadscore_lead_custom_columns": [{"name": "lead_id", "type": "text"}]},
         "leadscore_lead_custom_columns[0]: column 'lead_id' would shadow a built-in column; "
         "give it another alias"),
        ({"leadscore_event_custom_columns": [{"name": "value", "type": "number"}]},
         "leadscore_event_custom_columns[0]: column 'value' would shadow a built-in column; "
         "give it another alias"),
        ({"leadscore_account_custom_columns": [{"name": "order", "type": "text"}]},
         "leadscore_account_custom_columns[0]: column 'order' is an SQL keyword in some "
         "warehouses; give it another alias"),
        ({"leadscore_lead_custom_columns": [{"name": "tier", "type": "text"}],
          "leadscore_account_custom_columns": [{"name": "tier", "type": "text"}]},
         "leadscore_account_custom_columns[0]: column 'tier' is already declared by "
         "leadscore_lead_custom_columns[0]"),
        ({"leadscore_lead_custom_columns": [{"name": "budget", "type": "money"}]},
         "leadscore_lead_custom_columns[0]: column 'budget': type must be one of text, number, "
         "boolean, date, got 'money'"),
        ({"leadscore_lead_custom_columns": [{"type": "text"}]},
         "leadscore_lead_custom_columns[0]: name (the raw column) is required"),
        ({"leadscore_lead_custom_columns": [{"name": "a", "type": "text", "colour": "red"}]},
         "leadscore_lead_custom_columns[0]: unknown key(s) colour (known: alias, name, "
         "transform_sql, type)"),
        ({"leadscore_lead_custom_columns": [{"name": "a", "type": "text",
                                             "transform_sql": "a; drop table raw.leads"}]},
         "leadscore_lead_custom_columns[0]: column 'a': transform_sql must be one expression "
         "(found ';')"),
        ({"leadscore_lead_custom_columns": "occupation"},
         "leadscore_lead_custom_columns: must be a list of {name, type, ...} mappings"),
    ],
)  # fmt: skip
def test_bad_declarations_are_refused_with_their_reason(
    declarations: dict[str, Any], message: str
) -> None:
    problems = language_with(**declarations).declaration_problems
    assert [f"{problem.location}: {problem.message}" for problem in problems] == [message]


def test_a_refused_declaration_is_an_error_of_rules_check(
    seeds: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    vars_text = "{leadscore_lead_custom_columns: [{name: select, type: text}]}"
    assert cli.main(["rules", "check", "--seeds-dir", str(seeds), "--vars", vars_text]) == 1
    assert capsys.readouterr().out.splitlines()[0] == (
        "ERROR dbt vars: leadscore_lead_custom_columns[0]: column 'select' is an SQL keyword in "
        "some warehouses; give it another alias"
    )


def test_rules_on_custom_columns_pass_the_seed_check(seeds: Path) -> None:
    append_rows(
        seeds / "scoring_rules.csv",
        [
            {**LEAD_RULE, "rule_id": "fit_pro", "condition": "occupation = 'Working Professional'"},
            {**LEAD_RULE, "rule_id": "fit_budget", "condition": "annual_budget >= 50000"},
        ],
    )  # fmt: skip
    report = check_rules(seeds, language=LANGUAGE, today=TODAY)
    assert report.errors == []

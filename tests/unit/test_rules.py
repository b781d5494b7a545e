"""Unit tests of leadscore/rules.py: the rule language, the seed checks, the smells and the CLI.

Fast and warehouse-free: the seeds are copied to a temporary folder and edited there. The table
of bad rule rows (BAD_RULES) is also run through dbt's own gate by tests/e2e/test_rules_e2e.py.
"""

from __future__ import annotations

import csv
import datetime
import random
import shutil
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pytest
import sqlglot
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlglot.errors import ErrorLevel

from leadscore import cli, rules
from leadscore.paths import PROJECT_ROOT
from leadscore.rules import (
    DIALECTS,
    ConditionError,
    RuleLanguage,
    check_rules,
    compile_condition,
    compiled_conditions,
)

LANGUAGE = RuleLanguage.from_project()
TODAY = datetime.date(2026, 11, 23)
PROJECT_SEEDS = PROJECT_ROOT / "seeds"
SEED_NAMES = tuple(rules.SEED_FILES.values())
SQL_TYPES = {"string": "varchar", "number": "double", "boolean": "boolean"}


def allowed(subject: str) -> str:
    return ", ".join(sorted(LANGUAGE.columns[subject]))


def known_event_types() -> str:
    with (PROJECT_SEEDS / "event_types.csv").open(newline="", encoding="utf-8") as handle:
        return ", ".join(sorted(row["event_type"] for row in csv.DictReader(handle)))


FUNCTIONS = ", ".join(sorted(LANGUAGE.functions))


# --------------------------------------------------------------------------------------------
# The table of bad rule rows: each row is a valid rule with one defect, and the exact reason.
# --------------------------------------------------------------------------------------------

LEAD_RULE: dict[str, str] = {
    "model_id": "default",
    "rule_id": "",
    "category": "fit",
    "subject": "lead",
    "event_type": "",
    "condition": "seniority = 'vp'",
    "points": "5",
    "max_occurrences": "",
    "repeat_multiplier": "",
    "rule_cap": "",
    "decay_method": "none",
    "decay_days": "",
    "decay_step_multiplier": "",
    "is_active": "true",
    "description": "a rule under test",
}
EVENT_RULE: dict[str, str] = {
    **LEAD_RULE,
    "category": "engagement",
    "subject": "event",
    "event_type": "page_view",
    "condition": "page_path = '/pricing'",
    "points": "4",
    "max_occurrences": "5",
    "repeat_multiplier": "0.5",
    "rule_cap": "12",
    "decay_method": "exponential",
    "decay_days": "14",
}


@dataclass(frozen=True)
class BadRule:
    """A rule row with one defect. `same_in_dbt`: the dbt-side gate words it identically."""

    case_id: str
    overrides: Mapping[str, str]
    expected: tuple[str, ...]
    malicious: bool = False
    same_in_dbt: bool = True
    base: Mapping[str, str] = field(default_factory=lambda: LEAD_RULE)

    @property
    def row(self) -> dict[str, str]:
        return {**self.base, "rule_id": self.case_id, **self.overrides}

    @property
    def rule_id(self) -> str:
        return self.row["rule_id"]


def bad(
    case_id: str,
    overrides: Mapping[str, str],
    *expected: str,
    malicious: bool = False,
    same_in_dbt: bool = True,
    event: bool = False,
) -> BadRule:
    return BadRule(
        case_id,
        overrides,
        expected,
        malicious=malicious,
        same_in_dbt=same_in_dbt,
        base=EVENT_RULE if event else LEAD_RULE,
    )


STATEMENT = "statements are not allowed ({}): a condition is one true/false expression"
TAUTOLOGY = "condition: '=' tests no column, so it is always true or always false"
BAD_RULES: tuple[BadRule, ...] = (
    # -- malicious: SQL injection, statements, queries, comments, escapes ---------------------
    bad("inj_tautology", {"condition": "seniority = 'vp' or 1 = 1"}, TAUTOLOGY, malicious=True),
    bad(
        "inj_string_tautology",
        {"condition": "seniority = 'x' or 'a' = 'a'"},
        TAUTOLOGY,
        malicious=True,
    ),
    bad(
        "inj_or_true",
        {"condition": "seniority = 'vp' or true"},
        "condition: 'or' joins a part that tests no column (true), which is always true or "
        "always false",
        malicious=True,
    ),
    bad(
        "inj_line_comment",
        {"condition": "seniority = 'vp' -- and is_unsubscribed = false"},
        "condition: comments are not allowed in conditions",
        malicious=True,
    ),
    bad(
        "inj_block_comment",
        {"condition": "seniority = 'vp' /* or 1 = 1 */"},
        "condition: comments are not allowed in conditions",
        malicious=True,
    ),
    bad(
        "inj_stacked_drop",
        {"condition": "seniority = 'vp'; drop table scores.lead_scores"},
        "condition: several statements are not allowed (found ';')",
        malicious=True,
    ),
    bad(
        "inj_trailing_semicolon",
        {"condition": "seniority = 'vp';"},
        "condition: several statements are not allowed (found ';')",
        malicious=True,
    ),
    bad(
        "inj_ddl_drop",
        {"condition": "drop table scores.lead_scores"},
        "condition: " + STATEMENT.format("DROP"),
        malicious=True,
    ),
    bad(
        "inj_dml_delete",
        {"condition": "delete from raw.leads"},
        "condition: " + STATEMENT.format("DELETE"),
        malicious=True,
    ),
    bad(
        "inj_dml_update",
        {"condition": "update raw.leads set job_title = 'CEO'"},
        "condition: " + STATEMENT.format("UPDATE"),
        malicious=True,
    ),
    bad(
        "inj_dml_insert",
        {"condition": "insert into raw.leads values ('x')"},
        "condition: " + STATEMENT.format("INSERT"),
        malicious=True,
    ),
    bad(
        "inj_copy_out",
        {"condition": "copy raw.leads to '/tmp/leads.csv'"},
        "condition: " + STATEMENT.format("COPY"),
        malicious=True,
    ),
    bad(
        "inj_attach",
        {"condition": "attach '/tmp/evil.duckdb'"},
        "condition: " + STATEMENT.format("ATTACH"),
        malicious=True,
    ),
    bad(
        "inj_scalar_subquery",
        {"condition": "(select count(*) from raw.leads) > 0"},
        "condition: subqueries are not allowed",
        malicious=True,
    ),
    bad(
        "inj_in_subquery",
        {"condition": "email_domain in (select email_domain from raw.leads)"},
        "condition: subqueries are not allowed",
        malicious=True,
    ),
    bad(
        "inj_exists",
        {"condition": "exists (select 1 from raw.leads)"},
        "condition: subqueries are not allowed",
        malicious=True,
    ),
    bad(
        "inj_read_file",
        {"condition": "read_csv('/etc/passwd') is not null"},
        f"condition: unknown function 'read_csv' (allowed: {FUNCTIONS})",
        malicious=True,
    ),
    bad(
        "inj_sleep",
        {"condition": "pg_sleep(10) is null"},
        f"condition: unknown function 'pg_sleep' (allowed: {FUNCTIONS})",
        malicious=True,
    ),
    bad(
        "inj_cast_function",
        {"condition": "cast(employee_count as varchar) = '200'"},
        "condition: casts are not allowed (::type, cast(), typed literals)",
        malicious=True,
    ),
    bad(
        "inj_cast_operator",
        {"condition": "employee_count::varchar = '200'"},
        "condition: casts are not allowed (::type, cast(), typed literals)",
        malicious=True,
        same_in_dbt=False,
    ),
    bad(
        "inj_placeholder",
        {"condition": "seniority = $1"},
        "condition: placeholders and parameters ($1, ?, :name, @name) are not allowed",
        malicious=True,
        same_in_dbt=False,
    ),
    bad(
        "inj_qualified_column",
        {"condition": "raw.seniority = 'vp'"},
        "condition: qualified column names are not allowed (raw.seniority); write the column "
        "name alone",
        malicious=True,
        same_in_dbt=False,
    ),
    bad(
        "inj_quoted_identifier",
        {"condition": "\"seniority\" = 'vp'"},
        'condition: quoted names are not allowed ("seniority"); write the column name without '
        "quotes",
        malicious=True,
        same_in_dbt=False,
    ),
    bad(
        "inj_backslash_escape",
        {"condition": "seniority = 'vp\\' or 1 = 1 or seniority = '"},
        "condition: backslashes are not allowed in conditions (some SQL dialects read them as "
        "escapes)",
        malicious=True,
    ),
    bad(
        "inj_unclosed_quote",
        {"condition": "seniority = 'vp"},
        "condition: a text value is not closed (a ' is missing)",
        malicious=True,
    ),
    bad(
        "inj_deep_nesting",
        {"condition": "(" * 9 + "seniority = 'vp'" + ")" * 9},
        "condition: parentheses are nested more than 8 levels deep",
        malicious=True,
    ),
    bad(
        "inj_too_long",
        {"condition": "seniority in (" + ", ".join(["'vp'"] * 100) + ")"},
        "condition: condition is longer than 500 characters",
        malicious=True,
    ),
    bad(
        "inj_escape_string",
        {"condition": "seniority = E'vp'"},
        "condition: text values must be written in plain single quotes, like 'vp' (not E'', $$, "
        "N'', X'' or B'')",
        malicious=True,
        same_in_dbt=False,
    ),
    bad(
        "inj_case",
        {"condition": "case when seniority = 'vp' then true else true end"},
        "condition: 'case' expressions are not allowed",
        malicious=True,
    ),
    bad(
        "inj_concat",
        {"condition": "job_title || 'x' = 'CEOx'"},
        "condition: operator '||' is not allowed (allowed: = <> != < <= > >= and or not in like "
        "ilike between is)",
        malicious=True,
        same_in_dbt=False,
    ),
    # -- merely wrong conditions -----------------------------------------------------------
    bad(
        "type_number_vs_text",
        {"condition": "employee_count >= '200'"},
        "condition: type mismatch in '>=': employee_count is a number but the text '200' is a "
        "string",
    ),
    bad(
        "type_text_vs_number",
        {"condition": "country = 1"},
        "condition: type mismatch in '=': country is a string but the number 1 is a number",
    ),
    bad(
        "type_boolean_vs_text",
        {"condition": "is_unsubscribed = 'true'"},
        "condition: type mismatch in '=': is_unsubscribed is a boolean but the text 'true' is a "
        "string",
    ),
    bad(
        "type_in_list",
        {"condition": "employee_count in (50, '200')"},
        "condition: type mismatch in 'in': employee_count is a number but the text '200' is a "
        "string",
    ),
    bad(
        "type_like_number",
        {"condition": "employee_count like '2%'"},
        "condition: 'like' compares text, but employee_count is a number",
    ),
    bad(
        "type_function_argument",
        {"condition": "lower(employee_count) = '5'"},
        "condition: lower() takes a string, not a number",
    ),
    bad(
        "unknown_column",
        {"condition": "title ilike '%vp%'"},
        f"condition: unknown column 'title' for lead rules (allowed: {allowed('lead')})",
    ),
    bad(
        "column_of_other_subject",
        {"subject": "account", "condition": "seniority = 'vp'"},
        f"condition: unknown column 'seniority' for account rules (allowed: {allowed('account')})",
    ),
    bad(
        "event_column_on_lead",
        {"condition": "page_path like '/pricing%'"},
        f"condition: unknown column 'page_path' for lead rules (allowed: {allowed('lead')})",
    ),
    bad(
        "not_true_or_false",
        {"condition": "job_title"},
        "condition: condition must be true or false, but it is a string value",
    ),
    bad(
        "equals_null",
        {"condition": "job_title = null"},
        "condition: 'null' can only follow 'is' (write 'x is null' or 'x is not null')",
    ),
    bad(
        "is_true",
        {"condition": "is_unsubscribed is true"},
        "condition: expected 'null' after 'is' but found 'true'",
    ),
    bad(
        "in_with_column",
        {"condition": "seniority in ('vp', job_title)"},
        "condition: 'in' takes a list of literal values, but found 'job_title'",
    ),
    bad(
        "in_empty",
        {"condition": "seniority in ()"},
        "condition: 'in' takes a list of literal values, but found ')'",
    ),
    bad(
        "and_of_number",
        {"condition": "employee_count and is_unsubscribed"},
        "condition: 'and' needs true/false conditions on both sides, not a number value",
    ),
    bad(
        "dangling_and",
        {"condition": "seniority = 'vp' and"},
        "condition: condition ends too early",
    ),
    bad(
        "function_two_arguments",
        {"condition": "lower(job_title, 'x') = 'ceo'"},
        "condition: lower() takes exactly one argument",
        same_in_dbt=False,
    ),
    bad(
        "unicode_digit",
        {"condition": "employee_count > \u0663"},
        f"condition: unknown column '\u0663' for lead rules (allowed: {allowed('lead')})",
        same_in_dbt=False,
    ),
    bad(
        "double_equals",
        {"condition": "seniority == 'vp'"},
        "condition: unexpected '=='",
        same_in_dbt=False,
    ),
    # -- merely wrong: the other columns of the row --------------------------------------------
    bad("no_condition", {"condition": ""}, "lead rules need a condition"),
    bad(
        "fit_negative_points",
        {"points": "-5"},
        "fit rules need points above zero, got -5 (use category 'negative' to subtract)",
    ),
    bad(
        "negative_positive_points",
        {"category": "negative"},
        "negative rules need points below zero, got 5",
    ),
    bad(
        "points_not_a_number",
        {"points": "ten"},
        "points must be a number, got 'ten'",
    ),
    bad(
        "engagement_on_lead",
        {"category": "engagement"},
        "engagement rules score behaviour, so subject must be 'event', not 'lead'",
    ),
    bad(
        "fit_on_event",
        {"category": "fit"},
        "fit rules describe who the lead is, so subject must be 'lead' or 'account', not 'event'",
        event=True,
    ),
    bad(
        "unknown_category",
        {"category": "bonus"},
        "category must be one of fit, engagement, negative, got 'bonus'",
    ),
    bad(
        "unknown_event_type",
        {"event_type": "page_visit"},
        f"unknown event_type 'page_visit' (known: {known_event_types()})",
        event=True,
    ),
    bad("event_without_type", {"event_type": ""}, "event rules need an event_type", event=True),
    bad(
        "event_type_on_lead", {"event_type": "page_view"}, "event_type is only for subject 'event'"
    ),
    bad(
        "repeats_on_lead",
        {"max_occurrences": "3"},
        "max_occurrences only applies to subject 'event' (a lead rule fires once)",
    ),
    bad(
        "decay_on_lead",
        {"decay_method": "exponential", "decay_days": "30"},
        "decay_days only applies to subject 'event' (a lead rule fires once)",
        "decay_method only applies to subject 'event'",
    ),
    bad(
        "unknown_decay_method",
        {"decay_method": "half_life"},
        "unknown decay_method 'half_life' (known: none, exponential, linear, step, window)",
        event=True,
    ),
    bad("decay_without_days", {"decay_days": ""}, "decay_days is required", event=True),
    bad(
        "step_without_multiplier",
        {"decay_method": "step"},
        "decay_step_multiplier is required",
        event=True,
    ),
    bad(
        "step_multiplier_too_big",
        {"decay_method": "step", "decay_step_multiplier": "1.5"},
        "decay_step_multiplier must be below 1, got 1.5",
        event=True,
    ),
    bad(
        "rule_cap_wrong_sign",
        {"rule_cap": "-10"},
        "rule_cap must have the same sign as points, got -10",
        event=True,
    ),
    bad(
        "max_occurrences_zero",
        {"max_occurrences": "0"},
        "max_occurrences must be at least 1, got 0",
        event=True,
    ),
    bad(
        "max_occurrences_fraction",
        {"max_occurrences": "2.5"},
        "max_occurrences must be a whole number, got '2.5'",
        event=True,
    ),
    bad(
        "repeat_multiplier_above_one",
        {"repeat_multiplier": "1.5"},
        "repeat_multiplier must be at most 1, got 1.5",
        event=True,
    ),
    bad(
        "unknown_model",
        {"model_id": "enterprise"},
        "model_id 'enterprise' is not in seeds/scoring_models.csv",
    ),
    bad(
        "bad_rule_id",
        {"rule_id": "Bad-Rule"},
        "rule_id must be lowercase letters, digits and underscores starting with a letter, got "
        "'Bad-Rule'",
    ),
    bad("duplicate_rule_id", {"rule_id": "fit_title_vp"}, "rule_id is defined twice in this model"),
    bad(
        "is_active_yes",
        {"is_active": "yes"},
        "is_active must be true or false, got 'yes'",
    ),
)


def test_the_table_is_big_and_varied() -> None:
    assert len(BAD_RULES) >= 40
    assert sum(case.malicious for case in BAD_RULES) >= 20
    assert sum(not case.malicious for case in BAD_RULES) >= 20
    assert len({case.rule_id for case in BAD_RULES}) == len(BAD_RULES)


# --------------------------------------------------------------------------------------------
# Helpers: a copy of the project's seeds to edit
# --------------------------------------------------------------------------------------------


def copy_seeds(target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for name in SEED_NAMES:
        shutil.copy(PROJECT_SEEDS / name, target / name)
    return target


def append_rows(seed_file: Path, rows: list[Mapping[str, str]]) -> None:
    with seed_file.open(newline="", encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    text = seed_file.read_text(encoding="utf-8")
    with seed_file.open("a", newline="", encoding="utf-8") as handle:
        if text and not text.endswith("\n"):
            handle.write("\n")
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        for row in rows:
            writer.writerow({column: row.get(column, "") for column in header})


def replace_rows(seed_file: Path, rows: list[Mapping[str, str]]) -> None:
    with seed_file.open(newline="", encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    with seed_file.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({column: row.get(column, "") for column in header})


def read_rows(seed_file: Path) -> list[dict[str, str]]:
    with seed_file.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    return copy_seeds(tmp_path / "seeds")


def check(seeds_dir: Path) -> rules.RuleCheckReport:
    return check_rules(seeds_dir, language=LANGUAGE, today=TODAY)


# --------------------------------------------------------------------------------------------
# The shipped seeds
# --------------------------------------------------------------------------------------------


def test_shipped_seeds_are_clean() -> None:
    report = check_rules(today=TODAY)
    assert report.problems == [], report.format()
    assert {model.model_id for model in report.models if model.is_active} >= {
        "default",
        "automation",
    }


def test_shipped_conditions_render_for_every_dialect() -> None:
    """Every shipped rule and model assignment, built from its parsed tree, renders for each
    target with nothing unsupported, parses back in that dialect, and runs on DuckDB."""
    report = check_rules(today=TODAY)
    conditions = list(compiled_conditions(report))
    written = [rule for rule in report.rules if rule.condition] + report.models
    assert len(conditions) == len(written) >= 40
    connection = rule_input_table()
    for name, condition in conditions:
        for dialect in DIALECTS:
            written = condition.sql(dialect)
            reparsed = sqlglot.parse(written, read=dialect, error_level=ErrorLevel.RAISE)
            assert len(reparsed) == 1, (name, dialect, written)
            assert "rule_input." in written or condition.columns == frozenset(), name
        connection.execute(f"select count(*) from rule_input where {condition.sql('duckdb')}")


def test_ilike_becomes_lower_like_everywhere() -> None:
    condition = compile_condition("job_title ilike '%VP%'", "lead", LANGUAGE)
    for dialect in DIALECTS:
        assert "ILIKE" not in condition.sql(dialect).upper(), dialect
        assert condition.sql(dialect).upper().startswith("LOWER(RULE_INPUT.JOB_TITLE) LIKE")


def test_text_values_are_escaped_per_dialect() -> None:
    condition = compile_condition("job_title = 'O''Brien'", "lead", LANGUAGE)
    assert condition.sql("duckdb") == "rule_input.job_title = 'O''Brien'"
    assert condition.sql("postgres") == "rule_input.job_title = 'O''Brien'"
    assert condition.sql("bigquery") == "rule_input.job_title = 'O\\'Brien'"


# --------------------------------------------------------------------------------------------
# Bad rows: every one refused with its exact reason, all reported at once
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", BAD_RULES, ids=lambda case: case.case_id)
def test_bad_rule_row_is_refused_with_its_reason(case: BadRule, seeds: Path) -> None:
    append_rows(seeds / "scoring_rules.csv", [case.row])
    report = check(seeds)
    mine = [problem for problem in report.errors if problem.rule_id == case.rule_id]
    others = [problem for problem in report.errors if problem.rule_id != case.rule_id]
    assert [problem.message for problem in mine] == list(case.expected)
    # The duplicate rule_id case also names the original's row key; nothing else is wrong.
    assert others == []
    for problem in mine:
        assert problem.severity == "error"
        assert problem.seed_file.endswith("scoring_rules.csv")
        assert problem.row_key == f"rule '{case.rule_id}' (model '{case.row['model_id']}')"
        assert str(problem).startswith(
            f"ERROR {problem.seed_file}: rule '{case.rule_id}' (model '{case.row['model_id']}'): "
        )


def test_all_bad_rows_are_reported_at_once(seeds: Path) -> None:
    append_rows(seeds / "scoring_rules.csv", [case.row for case in BAD_RULES])
    report = check(seeds)
    expected = [(case.rule_id, message) for case in BAD_RULES for message in case.expected]
    assert [(problem.rule_id, problem.message) for problem in report.errors] == expected
    assert not report.ok
    assert "FAILED" in report.verdict()


@pytest.mark.parametrize(
    ("seed", "overrides", "expected"),
    [
        (
            "scoring_models.csv",
            {"assignment_condition": "product_interest = 'automation' or 1 = 1"},
            "model 'automation': assignment_condition: '=' tests no column, so it is always "
            "true or always false",
        ),
        (
            "scoring_models.csv",
            {"assignment_condition": ""},
            "model 'automation': assignment_condition: condition is empty",
        ),
        (
            "scoring_models.csv",
            {"assignment_condition": "page_path = '/pricing'"},
            "model 'automation': assignment_condition: unknown column 'page_path' for lead "
            f"rules (allowed: {allowed('lead')})",
        ),
        (
            "scoring_models.csv",
            {"fit_cap": "0"},
            "model 'automation': fit_cap must be above 0, got 0",
        ),
        (
            "scoring_models.csv",
            {"negative_floor": "10"},
            "model 'automation': negative_floor must be at most 0, got 10",
        ),
        (
            "scoring_models.csv",
            {"last_reviewed_on": "23/11/2026"},
            "model 'automation': last_reviewed_on must be a date written YYYY-MM-DD, got "
            "'23/11/2026'",
        ),
        (
            "scoring_models.csv",
            {"assignment_priority": "high"},
            "model 'automation': assignment_priority must be a whole number, got 'high'",
        ),
        (
            "score_thresholds.csv",
            {"min_total_score": "-1"},
            "stage 'mql' (model 'automation'): min_total_score must be above 0, got -1",
        ),
        (
            "score_thresholds.csv",
            {"stage": "none"},
            "stage 'none' (model 'automation'): stage 'none' is reserved for leads below every "
            "threshold",
        ),
        (
            "fit_grade_bands.csv",
            {"min_fit_score": "-5"},
            "grade 'A' (model 'automation'): min_fit_score must be at least 0, got -5",
        ),
    ],
)
def test_bad_rows_of_the_other_seeds(
    seeds: Path, seed: str, overrides: dict[str, str], expected: str
) -> None:
    path = seeds / seed
    rows = read_rows(path)
    first = next(index for index, row in enumerate(rows) if row["model_id"] == "automation")
    rows[first] = {**rows[first], **overrides}
    replace_rows(path, rows)
    report = check(seeds)
    assert [f"{problem.row_key}: {problem.message}" for problem in report.errors] == [expected]


def test_missing_zero_grade_and_no_active_model(seeds: Path) -> None:
    models = read_rows(seeds / "scoring_models.csv")
    replace_rows(seeds / "scoring_models.csv", [{**row, "is_active": "false"} for row in models])
    bands = read_rows(seeds / "fit_grade_bands.csv")
    replace_rows(seeds / "fit_grade_bands.csv", [row for row in bands if row["fit_grade"] != "D"])
    messages = [str(problem) for problem in check(seeds).errors]
    assert messages == [
        f"ERROR {seeds / 'scoring_models.csv'}: no active model (set is_active to true on at "
        "least one)"
    ]
    replace_rows(seeds / "scoring_models.csv", models)
    messages = [problem.message for problem in check(seeds).errors]
    assert messages == [
        "model 'default' needs a grade with min_fit_score 0 so every lead gets a grade",
        "model 'automation' needs a grade with min_fit_score 0 so every lead gets a grade",
    ]


def test_a_seed_file_with_a_missing_column(seeds: Path) -> None:
    rows = read_rows(seeds / "score_thresholds.csv")
    with (seeds / "score_thresholds.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["model_id", "stage", "description"])
        writer.writerows([row["model_id"], row["stage"], row["description"]] for row in rows)
    messages = [problem.message for problem in check(seeds).errors]
    assert "missing column(s) in the header: min_total_score" in messages


# --------------------------------------------------------------------------------------------
# Smells: warnings, not errors
# --------------------------------------------------------------------------------------------


def warnings_of(seeds_dir: Path) -> list[str]:
    report = check(seeds_dir)
    assert report.errors == [], report.format()
    return [f"{problem.row_key}: {problem.message}" for problem in report.warnings]


def automation_rules(seeds_dir: Path) -> list[dict[str, str]]:
    return [
        row for row in read_rows(seeds_dir / "scoring_rules.csv") if row["model_id"] == "automation"
    ]


def test_smell_too_many_rules(seeds: Path) -> None:
    extra = [
        {**LEAD_RULE, "model_id": "automation", "rule_id": f"fit_country_{n}", "points": "1",
         "condition": f"employee_count = {n}"}
        for n in range(40 - len(automation_rules(seeds)) + 1)
    ]  # fmt: skip
    append_rows(seeds / "scoring_rules.csv", extra)
    assert warnings_of(seeds) == [
        "model 'automation': 41 active rules in one model (more than 40): hard to explain and "
        "to maintain; merge or retire some"
    ]


def test_smell_no_negative_rules(seeds: Path) -> None:
    rows = read_rows(seeds / "scoring_rules.csv")
    keep = [
        row
        for row in rows
        if not (row["model_id"] == "automation" and row["category"] == "negative")
    ]
    replace_rows(seeds / "scoring_rules.csv", keep)
    assert warnings_of(seeds) == [
        "model 'automation': no active negative rules: nothing lowers the score of students, "
        "competitors, job seekers or unsubscribed leads"
    ]


def test_smell_duplicate_and_shadowed_rules(seeds: Path) -> None:
    append_rows(
        seeds / "scoring_rules.csv",
        [
            # The same test written differently: operands swapped, list reordered, parentheses.
            {**LEAD_RULE, "model_id": "automation", "rule_id": "dup_seniority",
             "condition": "(seniority in ('director', 'executive', 'vp'))", "points": "3"},
            {**LEAD_RULE, "model_id": "automation", "rule_id": "offset_tiny", "category": "fit",
             "subject": "account", "condition": "10 > employee_count", "points": "10"},
        ],
    )  # fmt: skip
    warnings = warnings_of(seeds)
    assert warnings[0] == (
        "rule 'dup_seniority' (model 'automation'): duplicates rule 'auto_fit_senior_buyer' "
        "(subject lead, condition \"(seniority in ('director', 'executive', 'vp'))\"): a lead "
        "meeting it is counted twice"
    )
    assert warnings[1].startswith("rule 'offset_tiny' (model 'automation'): is shadowed by rule")
    assert "a negative rule: both always fire together, so their points just net out" in warnings[1]


def test_smell_scale_unreachable_and_trivially_reached(seeds: Path) -> None:
    rows = read_rows(seeds / "scoring_rules.csv")
    for row in rows:
        if row["model_id"] == "automation" and row["category"] == "fit":
            row["points"] = "2"
        if row["rule_id"] == "auto_eng_demo_request":
            row["rule_cap"] = "45"
            row["max_occurrences"] = "3"
    replace_rows(seeds / "scoring_rules.csv", rows)
    thresholds = read_rows(seeds / "score_thresholds.csv")
    for row in thresholds:
        if row["model_id"] == "automation" and row["stage"] == "sql":
            row["min_total_score"] = "99"
    replace_rows(seeds / "score_thresholds.csv", thresholds)
    assert warnings_of(seeds) == [
        "model 'automation': fit rules add up to at most 16 points, below the model's fit_cap "
        "of 50: the top of the scale is unreachable",
        "stage 'sql' (model 'automation'): threshold 'sql' (99) is unreachable: the model's "
        "rules can score at most 66",
        "rule 'auto_eng_demo_request' (model 'automation'): this rule alone gives up to 43.75 "
        "points, enough for 'mql' (38) by itself: the threshold is trivially reached",
    ]


def test_smell_thresholds_and_grades_out_of_order(seeds: Path) -> None:
    thresholds = read_rows(seeds / "score_thresholds.csv")
    for row in thresholds:
        if row["model_id"] == "automation" and row["stage"] == "sql":
            row["min_total_score"] = "36"
    replace_rows(seeds / "score_thresholds.csv", thresholds)
    bands = read_rows(seeds / "fit_grade_bands.csv")
    for row in bands:
        if row["model_id"] == "automation" and row["fit_grade"] == "A":
            row["min_fit_score"] = "60"
        if row["model_id"] == "automation" and row["fit_grade"] == "B":
            row["min_fit_score"] = "10"
    replace_rows(seeds / "fit_grade_bands.csv", bands)
    assert warnings_of(seeds) == [
        "stage 'sql' (model 'automation'): thresholds out of order: 'sql' (36) must be above "
        "'mql' (38)",
        "grade 'B' (model 'automation'): grades out of order: 'B' needs 10 fit points, not more "
        "than 'C' (12)",
        "grade 'A' (model 'automation'): grade 'A' needs 60 fit points but the model's fit_cap "
        "is 50: unreachable",
    ]


def test_smell_model_never_assigned_and_stale(seeds: Path) -> None:
    models = read_rows(seeds / "scoring_models.csv")
    for row in models:
        if row["model_id"] == "automation":
            row["assignment_priority"] = "200"
            row["last_reviewed_on"] = "2025-01-15"
    replace_rows(seeds / "scoring_models.csv", models)
    assert warnings_of(seeds) == [
        "model 'automation': last reviewed 677 days ago (2025-01-15): review scoring models at "
        "least every 180 days",
        "model 'automation': no lead is ever assigned to this model: model 'default' "
        "(assignment_priority 100) takes every lead first; give this model a lower "
        "assignment_priority",
    ]


# --------------------------------------------------------------------------------------------
# The CLI: `leadscore rules check` and the guard in `leadscore build`
# --------------------------------------------------------------------------------------------


def test_cli_rules_check_ok(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["rules", "check"]) == 0
    assert capsys.readouterr().out.strip().startswith("rules check: OK")


def test_cli_rules_check_lists_every_problem(
    seeds: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    append_rows(seeds / "scoring_rules.csv", [case.row for case in BAD_RULES[:3]])
    assert cli.main(["rules", "check", "--seeds-dir", str(seeds)]) == 1
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 4
    assert lines[0] == (
        f"ERROR {seeds / 'scoring_rules.csv'}: rule 'inj_tautology' (model 'default'): {TAUTOLOGY}"
    )
    assert lines[-1].startswith("rules check: FAILED with 3 error(s) and 0 warning(s)")


def test_cli_rules_check_warnings_only_exit_zero(
    seeds: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    thresholds = read_rows(seeds / "score_thresholds.csv")
    for row in thresholds:
        if row["stage"] == "sql" and row["model_id"] == "automation":
            row["min_total_score"] = "36"
    replace_rows(seeds / "score_thresholds.csv", thresholds)
    assert cli.main(["rules", "check", "--seeds-dir", str(seeds)]) == 0
    output = capsys.readouterr().out
    assert output.startswith("WARNING ")
    assert "rules check: OK with 1 warning(s)" in output


def test_cli_build_stops_before_dbt_on_errors(
    seeds: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    append_rows(seeds / "scoring_rules.csv", [BAD_RULES[0].row])
    calls: list[list[str]] = []
    monkeypatch.setattr(rules, "default_seeds_dir", lambda: seeds)
    monkeypatch.setattr(cli, "run_dbt", lambda args, **_: calls.append(list(args)))
    assert cli.main(["build", "--score-date", "2026-06-30"]) == 1
    assert calls == [], "dbt must not start when the rule seeds have errors"
    error = capsys.readouterr().err
    assert "nothing was run" in error
    assert f"rule 'inj_tautology' (model 'default'): {TAUTOLOGY}" in error


def test_cli_build_runs_dbt_when_clean(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[list[str]] = []
    monkeypatch.setattr(cli, "run_dbt", lambda args, **_: calls.append(list(args)))
    assert cli.main(["build", "--score-date", "2026-06-30"]) == 0
    assert calls == [["build"]]


# --------------------------------------------------------------------------------------------
# Properties: any accepted condition compiles to SQL that DuckDB runs, and means what it says
# --------------------------------------------------------------------------------------------

ALL_COLUMNS: dict[str, str] = {
    name: value_type
    for subject_columns in LANGUAGE.columns.values()
    for name, value_type in subject_columns.items()
}
TEXT_POOL = ("vp", "VP", "US", "software", "/pricing", "/docs/faq", "o'neil", "%", "_", "", "a%b")
NUMBER_POOL = ("0", "1", "50", "200", "999", "1000", "2.5", "50000000")


def rule_input_rows() -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    texts = [*TEXT_POOL, "Vice President", "Director of Ops", None]
    for index in range(12):
        row: dict[str, object] = {}
        for offset, (name, value_type) in enumerate(sorted(ALL_COLUMNS.items())):
            pick = (index * 7 + offset * 3) % 13
            if pick == 12:
                row[name] = None
            elif value_type == "string":
                row[name] = texts[pick % len(texts)]
            elif value_type == "number":
                row[name] = float(NUMBER_POOL[pick % len(NUMBER_POOL)])
            else:
                row[name] = pick % 2 == 0
        row["row_id"] = index
        rows.append(row)
    return rows


def rule_input_table() -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect(":memory:")
    columns = ", ".join(f"{name} {SQL_TYPES[kind]}" for name, kind in sorted(ALL_COLUMNS.items()))
    connection.execute(f"create table rule_input (row_id integer, {columns})")
    names = ["row_id", *sorted(ALL_COLUMNS)]
    placeholders = ", ".join("?" for _ in names)
    connection.executemany(
        f"insert into rule_input ({', '.join(names)}) values ({placeholders})",
        [[row[name] for name in names] for row in rule_input_rows()],
    )
    return connection


def _keyword(rng: random.Random, word: str) -> str:
    return rng.choice((word, word.upper(), word.capitalize()))


def _space(rng: random.Random) -> str:
    return rng.choice((" ", " ", " ", "  ", "\t", "\n "))


def _text_literal(rng: random.Random) -> str:
    if rng.random() < 0.7:
        value = rng.choice(TEXT_POOL)
    else:
        value = "".join(rng.choice("abcXYZ %_'-/.,;()=é") for _ in range(rng.randint(0, 8)))
    return "'" + value.replace("'", "''") + "'"


def _literal(rng: random.Random, value_type: str) -> str:
    if value_type == "string":
        return _text_literal(rng)
    if value_type == "number":
        return rng.choice(NUMBER_POOL)
    return _keyword(rng, rng.choice(("true", "false")))


def _value(rng: random.Random, columns: Mapping[str, str], value_type: str, depth: int) -> str:
    """A value of one type that reads a column: a column, or a function over one."""
    candidates = [name for name, kind in columns.items() if kind == value_type]
    functions = [spec for spec in LANGUAGE.functions.values() if spec.returns == value_type]
    string_columns = [name for name, kind in columns.items() if kind == "string"]
    if functions and string_columns and depth < 3 and (not candidates or rng.random() < 0.3):
        spec = rng.choice(functions)
        return f"{spec.name}({_value(rng, columns, spec.argument, depth + 1)})"
    if not candidates:
        raise LookupError(value_type)
    name = rng.choice(candidates)
    return rng.choice((name, name.upper())) if rng.random() < 0.2 else name


def _predicate(rng: random.Random, columns: Mapping[str, str], depth: int) -> str:
    value_type = rng.choice(sorted({kind for kind in columns.values()}))
    left = _value(rng, columns, value_type, depth)
    choice = rng.random()
    if value_type == "boolean" and choice < 0.3:
        return left
    if choice < 0.45:
        operator = rng.choice(("=", "<>", "!=", "<", "<=", ">", ">="))
        right = _literal(rng, value_type)
        return (
            f"{right}{_space(rng)}{operator}{_space(rng)}{left}"
            if rng.random() < 0.2
            else (f"{left}{_space(rng)}{operator}{_space(rng)}{right}")
        )
    if choice < 0.6 and value_type != "boolean":
        items = ", ".join(_literal(rng, value_type) for _ in range(rng.randint(1, 4)))
        negate = _keyword(rng, "not") + " " if rng.random() < 0.3 else ""
        return f"{left} {negate}{_keyword(rng, 'in')} ({items})"
    if choice < 0.75 and value_type == "string":
        keyword = _keyword(rng, rng.choice(("like", "ilike")))
        negate = _keyword(rng, "not") + " " if rng.random() < 0.3 else ""
        return f"{left} {negate}{keyword} {_text_literal(rng)}"
    if choice < 0.85 and value_type != "boolean":
        negate = _keyword(rng, "not") + " " if rng.random() < 0.3 else ""
        low, high = _literal(rng, value_type), _literal(rng, value_type)
        return f"{left} {negate}{_keyword(rng, 'between')} {low} {_keyword(rng, 'and')} {high}"
    test = _keyword(rng, "is") + (" " + _keyword(rng, "not") if rng.random() < 0.5 else "")
    return f"{left} {test} {_keyword(rng, 'null')}"


def random_condition(rng: random.Random, subject: str, depth: int = 0) -> str:
    """A condition in the language (so the checker must accept it), of random shape."""
    columns = LANGUAGE.columns[subject]
    roll = rng.random()
    if depth >= 3 or roll < 0.4:
        return _predicate(rng, columns, depth)
    if roll < 0.75:
        joiner = _keyword(rng, rng.choice(("and", "or")))
        left = random_condition(rng, subject, depth + 1)
        right = random_condition(rng, subject, depth + 1)
        return f"{left}{_space(rng)}{joiner}{_space(rng)}{right}"
    if roll < 0.87:
        return f"{_keyword(rng, 'not')} ({random_condition(rng, subject, depth + 1)})"
    return f"({_space(rng)}{random_condition(rng, subject, depth + 1)}{_space(rng)})"


SOUP = (
    "seniority", "employee_count", "is_unsubscribed", "page_path", "job_title", "lower", "length",
    "trim", "upper", "and", "or", "not", "in", "like", "ilike", "between", "is", "null", "true",
    "false", "=", "<>", "!=", "<", ">=", "(", ")", ",", "'vp'", "'%x%'", "200", "2.5", "0",
    ";", "--", "/*", "select", "drop", "::", "$1", "?", '"x"', "*", "-", ".", "||", "x", "e5",
    "'", "cast", "exists", "case", "#", "[", "]", "..", "1e5", ".5",
)  # fmt: skip


def random_soup(rng: random.Random) -> str:
    """Random tokens of the language and of SQL around it; mostly not a condition."""
    return " ".join(rng.choice(SOUP) for _ in range(rng.randint(1, 9)))


def random_mutant(rng: random.Random, subject: str) -> str:
    """A condition of the language with a random cut, insertion or swap: often still valid."""
    text = random_condition(rng, subject)
    start = rng.randrange(len(text) + 1)
    end = min(len(text), start + rng.randint(0, 12))
    roll = rng.random()
    if roll < 0.4:
        return text[:start] + text[end:]
    if roll < 0.8:
        return f"{text[:start]} {rng.choice(SOUP)} {text[start:]}"
    return text[end:] + text[start:end] + text[:start]


def compile_or_none(text: str, subject: str) -> rules.CompiledCondition | None:
    try:
        return compile_condition(text, subject, LANGUAGE)
    except ConditionError as error:
        assert str(error), "every refusal has a reason"
        return None


def matching_rows(connection: duckdb.DuckDBPyConnection, where: str) -> list[int]:
    rows = connection.execute(f"select row_id from rule_input where {where} order by 1").fetchall()
    return [row_id for (row_id,) in rows]


@pytest.fixture(scope="module")
def rule_input() -> Iterator[duckdb.DuckDBPyConnection]:
    connection = rule_input_table()
    yield connection
    connection.close()


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rng=st.randoms(use_true_random=False), subject=st.sampled_from(sorted(LANGUAGE.columns)))
def test_property_conditions_of_the_language_compile_and_run(
    rule_input: duckdb.DuckDBPyConnection, rng: random.Random, subject: str
) -> None:
    text = random_condition(rng, subject)
    compiled = compile_condition(text, subject, LANGUAGE)
    # It runs on DuckDB and selects exactly the rows DuckDB selects for the text as written
    # (the language is a subset of DuckDB's SQL, so the text itself is a valid where clause).
    assert matching_rows(rule_input, compiled.sql("duckdb")) == matching_rows(rule_input, text)
    for dialect in DIALECTS:
        sqlglot.parse(compiled.sql(dialect), read=dialect, error_level=ErrorLevel.RAISE)


@settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rng=st.randoms(use_true_random=False), subject=st.sampled_from(sorted(LANGUAGE.columns)))
def test_property_anything_accepted_runs_on_duckdb(
    rule_input: duckdb.DuckDBPyConnection, rng: random.Random, subject: str
) -> None:
    text = random_soup(rng) if rng.random() < 0.5 else random_mutant(rng, subject)
    compiled = compile_or_none(text, subject)  # never raises anything but ConditionError
    if compiled is not None:
        matching_rows(rule_input, compiled.sql("duckdb"))
        for dialect in DIALECTS:
            compiled.sql(dialect)


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=60))
def test_property_arbitrary_text_never_crashes_the_checker(text: str) -> None:
    compiled = compile_or_none(text, "lead")
    if compiled is not None:
        rule_input_table().execute(f"select count(*) from rule_input where {compiled.sql()}")


# --------------------------------------------------------------------------------------------
# docs/rules.md: every condition error example gives the message the docs print
# --------------------------------------------------------------------------------------------


def documented_condition_errors() -> list[tuple[str, str, str]]:
    """(subject, condition, message) from the `subject: condition` / `→ message` block."""
    text = (PROJECT_ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    block = text.split("### Conditions", 1)[1].split("```text\n", 1)[1].split("```", 1)[0]
    lines = block.splitlines()
    examples = []
    for condition_line, message_line in zip(lines[::2], lines[1::2], strict=True):
        subject, _, condition = condition_line.partition(":")
        assert message_line.startswith("  → "), message_line
        examples.append((subject, condition.strip(), message_line.removeprefix("  → ")))
    return examples


def test_documented_condition_errors_are_the_real_messages() -> None:
    examples = documented_condition_errors()
    assert len(examples) >= 40
    for subject, condition, message in examples:
        if "..." in condition:  # an abbreviated example (the over-long condition)
            condition = "seniority in (" + ", ".join(["'vp'"] * 100) + ")"
        with pytest.raises(ConditionError) as refused:
            compile_condition(condition, subject, LANGUAGE)
        assert str(refused.value) == message, condition

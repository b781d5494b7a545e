"""The table of bad rule rows, and what the rule tests share: the language and the seeds.

Each bad row is a valid rule with one defect, and the exact reason the compiler gives for it.
"""

from __future__ import annotations

import csv
import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field

from leadscore import rules
from leadscore.paths import PROJECT_ROOT
from leadscore.rules import RuleLanguage

LANGUAGE = RuleLanguage.from_project()
TODAY = datetime.date(2026, 11, 23)
PROJECT_SEEDS = PROJECT_ROOT / "seeds"
SEED_NAMES = tuple(rules.SEED_FILES.values())
SQL_TYPES = {"string": "varchar", "number": "double", "boolean": "boolean", "date": "date"}


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
#: "Viewed /pricing at least 3 times in 14 days": an activity rule, valid as it stands.
ACTIVITY_RULE: dict[str, str] = {
    **EVENT_RULE,
    "max_occurrences": "",
    "repeat_multiplier": "",
    "rule_cap": "",
    "activity_measure": "count",
    "activity_window_days": "14",
    "activity_threshold": "3",
}


@dataclass(frozen=True)
class BadRule:
    """A rule row with one defect, and the reasons the compiler must give for it."""

    case_id: str
    overrides: Mapping[str, str]
    expected: tuple[str, ...]
    malicious: bool = False
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
    event: bool = False,
    activity: bool = False,
) -> BadRule:
    return BadRule(
        case_id,
        overrides,
        expected,
        malicious=malicious,
        base=ACTIVITY_RULE if activity else EVENT_RULE if event else LEAD_RULE,
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
    ),
    bad(
        "inj_placeholder",
        {"condition": "seniority = $1"},
        "condition: placeholders and parameters ($1, ?, :name, @name) are not allowed",
        malicious=True,
    ),
    bad(
        "inj_qualified_column",
        {"condition": "raw.seniority = 'vp'"},
        "condition: qualified column names are not allowed (raw.seniority); write the column "
        "name alone",
        malicious=True,
    ),
    bad(
        "inj_quoted_identifier",
        {"condition": "\"seniority\" = 'vp'"},
        'condition: quoted names are not allowed ("seniority"); write the column name without '
        "quotes",
        malicious=True,
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
    ),
    bad(
        "unicode_digit",
        {"condition": "employee_count > \u0663"},
        f"condition: unknown column '\u0663' for lead rules (allowed: {allowed('lead')})",
    ),
    bad(
        "double_equals",
        {"condition": "seniority == 'vp'"},
        "condition: unexpected '=='",
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
        "profile_on_event",
        {"category": "profile"},
        "profile rules describe how the lead came (source, channel, landing page), so subject "
        "must be 'lead' or 'account', not 'event'",
        event=True,
    ),
    bad(
        "profile_negative_points",
        {"category": "profile", "points": "-3"},
        "profile rules need points above zero, got -3 (use category 'negative' to subtract)",
    ),
    bad(
        "baseline_rule_id",
        {"rule_id": "baseline"},
        "rule_id 'baseline' is reserved for the model's baseline_points row in the explanations",
    ),
    bad(
        "activity_unknown_measure",
        {"activity_measure": "average"},
        "unknown activity_measure 'average' (known: count, value_sum, distinct_days)",
        activity=True,
    ),
    bad(
        "activity_on_lead",
        {
            "subject": "lead",
            "event_type": "",
            "category": "negative",
            "points": "-3",
            "decay_method": "none",
            "decay_days": "",
            "condition": "seniority = 'student'",
        },
        "activity rules count events, so subject must be 'event'",
        activity=True,
    ),
    bad(
        "activity_fit",
        {"category": "fit"},
        "fit rules describe who the lead is, so subject must be 'lead' or 'account', not 'event'",
        "activity rules are engagement or negative rules, not fit",
        activity=True,
    ),
    bad(
        "activity_with_repeats",
        {"max_occurrences": "5", "rule_cap": "12"},
        "max_occurrences does not apply to an activity rule (it fires once)",
        "rule_cap does not apply to an activity rule (it fires once)",
        activity=True,
    ),
    bad(
        "activity_without_window",
        {"activity_window_days": ""},
        "activity_window_days is required",
        activity=True,
    ),
    bad(
        "activity_zero_threshold",
        {"activity_threshold": "0"},
        "activity_threshold must be above 0, got 0",
        activity=True,
    ),
    bad(
        "activity_fractional_window",
        {"activity_window_days": "7.5"},
        "activity_window_days must be a whole number, got '7.5'",
        activity=True,
    ),
    bad(
        "activity_window_without_measure",
        {"activity_window_days": "14"},
        "activity_window_days is set but activity_measure is empty",
        event=True,
    ),
    bad(
        "unknown_category",
        {"category": "bonus"},
        "category must be one of fit, engagement, profile, negative, got 'bonus'",
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

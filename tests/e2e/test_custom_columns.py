"""End to end: your own columns, declared in the vars, pass through staging and score in rules.

Also the compiled rules at large: an edited shipped rule reaches the scores, text that looks like
Jinja stays text, and activity and lookup rules score as hand-computed.

The small published warehouse (built without them) gets raw columns of every type on leads,
accounts and events, an event `value`, and rules on them; the copy of the project declares them
and compiles. The next daily build must reload the event history (the declared event columns
changed) and score every rule exactly where its condition holds in the raw data. A declared
column missing from its raw table stops the build naming it, and nothing is published.
"""

from __future__ import annotations

import datetime
import shutil
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from leadscore import cli
from tests.conftest import SCORE_DATE
from tests.e2e.projects import DbtProject, copy_project
from tests.unit.rules.bad_rules import ACTIVITY_RULE, EVENT_RULE, LEAD_RULE
from tests.unit.rules.seed_files import append_rows, read_rows, replace_rows

pytestmark = pytest.mark.e2e

DECLARATIONS = """
  leadscore_lead_custom_columns:
    - {name: occupation, type: text}
    - {name: Budget USD, alias: annual_budget, type: number}
    - {name: is_partner_referral, type: boolean}
    - {name: signup_date, type: date}
  leadscore_account_custom_columns:
    - {name: tier, type: text, transform_sql: "nullif(tier, 'Select')"}
  leadscore_event_custom_columns:
    - {name: utm_medium, type: text}
"""

RAW_COLUMNS = [
    "alter table raw.leads add column occupation varchar",
    'alter table raw.leads add column "Budget USD" double',
    "alter table raw.leads add column is_partner_referral boolean",
    "alter table raw.leads add column signup_date date",
    """update raw.leads set
        occupation = case hash(lead_id) % 3
            when 0 then 'Working Professional' when 1 then 'Student' end,
        "Budget USD" = (hash(lead_id) % 100) * 1000,
        is_partner_referral = hash(lead_id) % 5 = 0,
        signup_date = cast(created_at as date)""",
    "alter table raw.accounts add column tier varchar",
    """update raw.accounts set tier = case hash(account_id) % 3
        when 0 then 'gold' when 1 then 'Select' else 'silver' end""",
    "alter table raw.events add column value double",
    "alter table raw.events add column utm_medium varchar",
    "update raw.events set value = hash(event_id) % 120 where event_type = 'page_view'",
    """update raw.events
       set utm_medium = case when hash(event_id) % 2 = 0 then 'cpc' else 'email' end
       where event_type = 'email_click'""",
]

# rule_id -> condition, with the raw-data query that says which leads it must fire for.
LEAD_RULES = {
    "fit_professional": (
        "occupation = 'Working Professional'",
        "select lead_id from raw.leads where occupation = 'Working Professional'",
    ),
    "fit_budget": (
        "annual_budget >= 50000",
        'select lead_id from raw.leads where "Budget USD" >= 50000',
    ),
    "fit_partner": (
        "is_partner_referral",
        "select lead_id from raw.leads where is_partner_referral",
    ),
    "fit_recent_signup": (
        "signup_date >= '2026-06-01'",
        "select lead_id from raw.leads where signup_date >= date '2026-06-01'",
    ),
    "fit_gold_tier": (
        "tier = 'gold'",
        "select leads.lead_id from raw.leads join raw.accounts using (account_id)"
        " where accounts.tier = 'gold'",
    ),
}
# rule_id -> (event type, condition, the matching events among the scoreable ones)
EVENT_RULES = {
    "eng_long_pricing_view": (
        "page_view",
        "page_path = '/pricing' and value >= 60",
        "event_type = 'page_view' and page_path = '/pricing' and value >= 60",
    ),
    "eng_paid_click": (
        "email_click",
        "utm_medium = 'cpc'",
        "event_type = 'email_click' and utm_medium = 'cpc'",
    ),
}  # fmt: skip


# Text that looks like Jinja must reach SQL as text, not be evaluated in the compiled macro.
JINJA_TEXT_RULE = {
    **LEAD_RULE,
    "rule_id": "fit_jinja_title",
    "condition": "job_title = '{{ 7 * 7 }}' or job_title = '{% raw %}#}'",
    "points": "1",
}

# rule_id -> (category, lookup column, value -> points): a built-in and a custom column.
LOOKUP_RULES = {
    "profile_source": ("profile", "lead_source", {"webinar": 6, "referral": 9, "demo_form": 4}),
    "fit_occupation": ("fit", "occupation", {"Working Professional": 5, "Student": 1.5}),
}

# "Ten minutes or more on the site within 30 days": 8 points, kept for 30 days after.
ACTIVITY_TEN_MINUTES = {
    **ACTIVITY_RULE,
    "rule_id": "eng_ten_minutes_on_site",
    "condition": "",
    "points": "8",
    "activity_measure": "value_sum",
    "activity_window_days": "30",
    "activity_threshold": "600",
    "decay_method": "window",
    "decay_days": "30",
}


def declare(project: DbtProject, declarations: str) -> None:
    """The project's vars with these declarations instead of the shipped empty ones."""
    path = project.directory / "dbt_project.yml"
    shipped = project.directory / "dbt_project.shipped.yml"
    if not shipped.exists():
        shutil.copy(path, shipped)
    text = shipped.read_text()
    for name in ("lead", "account", "event"):
        text = text.replace(f"  leadscore_{name}_custom_columns: []\n", "")
    path.write_text(text.replace("\nvars:\n", "\nvars:" + declarations, 1))


@pytest.fixture(scope="module")
def custom_project(small_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> DbtProject:
    workdir = tmp_path_factory.mktemp("custom_columns")
    database = workdir / "warehouse.duckdb"
    shutil.copy(small_warehouse, database)
    project = copy_project(workdir / "project", database)
    connection = duckdb.connect(str(database))
    for statement in RAW_COLUMNS:
        connection.execute(statement)
    connection.close()
    declare(project, DECLARATIONS)
    # An edit of a shipped rule, which the compiled config must carry to the scores.
    rows = read_rows(project.seeds / "scoring_rules.csv")
    for row in rows:
        if (row["model_id"], row["rule_id"]) == ("default", "fit_title_vp"):
            row["points"] = "19"
    replace_rows(project.seeds / "scoring_rules.csv", rows)
    append_rows(
        project.seeds / "scoring_rules.csv",
        [
            {**LEAD_RULE, "rule_id": rule_id, "condition": condition}
            for rule_id, (condition, _) in LEAD_RULES.items()
        ]
        + [
            {**EVENT_RULE, "rule_id": rule_id, "event_type": event_type, "condition": condition}
            for rule_id, (event_type, condition, _) in EVENT_RULES.items()
        ]
        + [ACTIVITY_TEN_MINUTES, JINJA_TEXT_RULE]
        + [
            {**LEAD_RULE, "rule_id": rule_id, "category": category, "condition": "",
             "points": "", "lookup_column": column}
            for rule_id, (category, column, _) in LOOKUP_RULES.items()
        ],
    )  # fmt: skip
    with (project.seeds / "scoring_lookup_points.csv").open("a", encoding="utf-8") as handle:
        for rule_id, (_, _, points) in LOOKUP_RULES.items():
            for value, value_points in points.items():
                handle.write(f"default,{rule_id},{value},{value_points}\n")
    assert cli.main(["rules", "compile", "--project-dir", str(project.directory)]) == 0
    completed = project.build()
    assert completed.returncode == 0, completed.stdout[-3000:]
    return project


def test_rules_on_custom_columns_fire_exactly_where_the_raw_data_says(
    custom_project: DbtProject,
) -> None:
    for rule_id, (_, raw_leads) in LEAD_RULES.items():
        fired = custom_project.query(
            "select lead_id from scores.lead_score_explanations "
            f"where model_id = 'default' and rule_id = '{rule_id}' order by 1"
        )
        expected = custom_project.query(
            "select lead_id from scores.lead_scores where model_id = 'default' "
            f"and lead_id in ({raw_leads}) order by 1"
        )
        assert fired == expected, rule_id
        assert len(fired) > 10, rule_id


def test_a_compiled_edit_is_scored_and_text_stays_text(custom_project: DbtProject) -> None:
    [(condition_sql,)] = custom_project.query(
        "select condition_sql from main_intermediate.int_scoring_rules "
        "where rule_id = 'fit_jinja_title'"
    )
    assert condition_sql == (
        "rule_input.job_title = '{{ 7 * 7 }}' OR rule_input.job_title = '{% raw %}#}'"
    )
    vp_points = custom_project.query(
        "select distinct rule_points from scores.lead_score_explanations "
        "where rule_id = 'fit_title_vp' and model_id = 'default'"
    )
    assert vp_points == [(Decimal("19.00"),)]


def test_event_rules_read_the_value_and_custom_event_columns_of_every_day(
    custom_project: DbtProject,
) -> None:
    # The warehouse was scored before the columns existed: the daily build reloaded every day.
    [(rebuilds,)] = custom_project.query(
        "select count(*) from main_intermediate.int_events_loaded where value is not null"
    )
    assert rebuilds > 0
    for rule_id, (_, _, matching) in EVENT_RULES.items():
        [(counted,)] = custom_project.query(
            "select coalesce(sum(event_count), 0) from scores.lead_score_explanations "
            f"where model_id = 'default' and rule_id = '{rule_id}'"
        )
        [(expected,)] = custom_project.query(
            "select count(*) from main_intermediate.int_events_classified "
            f"where data_quality_issue is null and {matching}"
        )
        assert counted == expected > 10, rule_id


def test_custom_columns_are_typed_in_staging(custom_project: DbtProject) -> None:
    types = dict(
        custom_project.query(
            "select column_name, data_type from information_schema.columns "
            "where table_name = 'int_leads_enriched' and column_name in "
            "('occupation', 'annual_budget', 'is_partner_referral', 'signup_date', 'tier')"
        )
    )
    assert types == {
        "occupation": "VARCHAR",
        "annual_budget": "DOUBLE",
        "is_partner_referral": "BOOLEAN",
        "signup_date": "DATE",
        "tier": "VARCHAR",
    }
    # transform_sql ran: 'Select' (a CRM's empty picklist) is null.
    [(select_tiers,)] = custom_project.query(
        "select count(*) from main_intermediate.int_accounts_enriched where tier = 'Select'"
    )
    assert select_tiers == 0


def test_a_declared_column_missing_from_the_raw_table_stops_the_build(
    custom_project: DbtProject,
) -> None:
    declarations = DECLARATIONS.replace(
        "    - {name: signup_date, type: date}\n",
        "    - {name: signup_date, type: date}\n    - {name: lead_score_band, type: text}\n",
    )
    declare(custom_project, declarations)
    try:
        assert cli.main(["rules", "compile", "--project-dir", str(custom_project.directory)]) == 0
        # The staging model alone: it is where a build stops (a failed node never publishes,
        # tests/e2e/test_publish.py).
        completed = custom_project.dbt(
            "run", "--select", "stg_crm__leads", "--vars", f"{{score_date: {SCORE_DATE}}}"
        )
    finally:
        declare(custom_project, DECLARATIONS)
    assert completed.returncode != 0
    assert (
        "leadscore: custom column 'lead_score_band' is declared in var "
        "leadscore_lead_custom_columns, but the raw table" in completed.stdout
    )
    assert "its columns: lead_id, account_id, email" in completed.stdout


def test_an_activity_rule_fires_where_a_window_of_the_raw_values_reaches_its_bound(
    custom_project: DbtProject,
) -> None:
    """Recomputed here from the scoreable page views, one window per day with views."""
    views = custom_project.query(
        "select lead_id, cast(occurred_at as date), coalesce(value, 0) "
        "from main_intermediate.int_events_classified "
        "where data_quality_issue is null and event_type = 'page_view'"
    )
    by_lead: dict[str, dict[datetime.date, float]] = {}
    for lead_id, day, value in views:
        days = by_lead.setdefault(lead_id, {})
        days[day] = days.get(day, 0.0) + float(value)
    last_met: dict[str, datetime.date] = {}
    for lead_id, days in by_lead.items():
        for end in days:
            total = sum(v for d, v in days.items() if 0 <= (end - d).days < 30)
            if total >= 600 and (lead_id not in last_met or end > last_met[lead_id]):
                last_met[lead_id] = end
    scored = {
        lead_id: points
        for lead_id, points in custom_project.query(
            "select lead_id, decayed_points from scores.lead_score_explanations "
            "where model_id = 'default' and rule_id = 'eng_ten_minutes_on_site'"
        )
    }
    weights = dict(
        custom_project.query(
            "select lead_id, case lead_direction when 'outbound' then 0.7 else 1.0 end "
            "from main_intermediate.int_leads_enriched"
        )
    )
    expected = {
        lead_id: round(8 * float(weights[lead_id]) * ((SCORE_DATE - day).days < 30), 2)
        for lead_id, day in last_met.items()
    }
    assert {k: float(v) for k, v in scored.items()} == expected
    assert sum(1 for points in expected.values() if points > 0) > 5
    assert sum(1 for points in expected.values() if points == 0) > 5  # met, then decayed


def test_lookup_rules_give_each_lead_the_points_of_its_value(custom_project: DbtProject) -> None:
    for rule_id, (_, column, points) in LOOKUP_RULES.items():
        fired = dict(
            custom_project.query(
                "select lead_id, rule_points from scores.lead_score_explanations "
                f"where model_id = 'default' and rule_id = '{rule_id}'"
            )
        )
        values = dict(
            custom_project.query(
                f"select lead_id, {column} from main_intermediate.int_leads_enriched "
                f"where {column} is not null"
            )
        )
        expected = {lead_id: points[value] for lead_id, value in values.items() if value in points}
        assert {lead_id: float(p) for lead_id, p in fired.items()} == expected, rule_id
        assert len(expected) > 10, rule_id
    [(profile_total,)] = custom_project.query(
        "select sum(profile_score) from scores.lead_scores where model_id = 'default'"
    )
    [(explained,)] = custom_project.query(
        "select sum(contributed_points) from scores.lead_score_explanations "
        "where model_id = 'default' and category = 'profile'"
    )
    assert profile_total == explained > 0

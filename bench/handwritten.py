# ruff: noqa: E501 (the SQL script reads better unwrapped)
"""The scoring written by hand as one DuckDB SQL script: the practical limit on this machine.

Same definition as the dbt project (per event: rank by recency, repeat factor, decay, weight;
rule caps, greedy category caps, negative floor, grades, stages, accounts), without dbt's
intermediate tables: it reads the raw tables and writes only the three result tables. Rule
conditions are the compiled ones dbt validated (int_scoring_rules.condition_sql, exported by
bench/scoring_config.py), woven into `case` expressions as dbt does; everything else is written
out below.

    python bench/handwritten.py RAW.duckdb CONFIG_DIR OUT.duckdb SCORE_DATE
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scoring_config import (
    ACCOUNT_TOP_CONTACTS,
    ENGAGED_CONTACT_MIN,
    PLACEHOLDER_TITLES,
    TITLE_PUNCTUATION,
)


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _switch(rows: list[tuple[str, str, str]], alias: str = "r") -> str:
    """case when <rule r> then (<its condition>) ... else false end, as rule_condition_switch."""
    if not rows:
        return "false"
    branches = " ".join(
        f"when {alias}.model_id = {_literal(m)} and {alias}.rule_id = {_literal(r)} then ({sql})"
        for m, r, sql in rows
    )
    return f"case {branches} else false end"


def points(expression: str) -> str:
    return f"cast(cast({expression} as decimal(18, 6)) as decimal(12, 2))"


def build_script(connection: duckdb.DuckDBPyConnection, config: Path, score_date: str) -> str:
    def rules(subjects: tuple[str, ...]) -> list[tuple[str, str, str]]:
        return connection.execute(
            f"select model_id, rule_id, condition_sql from '{config}/scoring_rules.parquet' "
            "where is_active and is_model_active and subject in ("
            + ", ".join(_literal(s) for s in subjects)
            + ") order by model_id, rule_id"
        ).fetchall()

    models = connection.execute(
        f"select model_id, assignment_condition_sql from '{config}/scoring_models.parquet' "
        "where is_active and assignment_condition_sql is not null order by model_id"
    ).fetchall()
    assignment = (
        "case "
        + " ".join(f"when m.model_id = {_literal(mid)} then ({sql})" for mid, sql in models)
        + " else false end"
        if models
        else "false"
    )
    event_rules = connection.execute(
        f"select model_id, rule_id, event_type, condition_sql from '{config}/scoring_rules.parquet' "
        "where is_active and is_model_active and subject = 'event' order by model_id, rule_id"
    ).fetchall()
    event_rule_selects = "\nunion all\n".join(
        f"select rule_input.lead_id, {_literal(m)} as model_id, {_literal(r)} as rule_id, "
        "rule_input.event_id, rule_input.occurred_at, rule_input.event_date "
        f"from scoreable_events as rule_input where rule_input.event_type = {_literal(t)} and ({sql})"
        for m, r, t, sql in event_rules
    ) or (
        "select null::varchar as lead_id, null::varchar as model_id, null::varchar as rule_id, "
        "null::varchar as event_id, null::timestamp as occurred_at, null::date as event_date where false"
    )
    title = "lower(trim(job_title))"
    for character in TITLE_PUNCTUATION:
        title = f"replace({title}, {_literal(character)}, ' ')"
    placeholders = ", ".join(_literal(p) for p in PLACEHOLDER_TITLES)
    sd = f"date '{score_date}'"
    cfg = lambda name: f"'{config}/{name}.parquet'"  # noqa: E731

    return f"""
create or replace temp table rules as select * from {
        cfg("scoring_rules")
    } where is_active and is_model_active;
create or replace temp table models as select * from {cfg("scoring_models")} where is_active;

create or replace temp table accounts as
select
    cast(account_id as varchar) as account_id,
    nullif(trim(name), '') as account_name,
    nullif(lower(trim(domain)), '') as account_domain,
    nullif(lower(trim(industry)), '') as industry,
    case when cast(employee_count as integer) >= 0 then cast(employee_count as integer) end as employee_count,
    case when cast(annual_revenue as double) >= 0 then cast(annual_revenue as double) end as annual_revenue,
    nullif(upper(trim(country)), '') as country
from rawdb.raw.accounts;
alter table accounts add column is_competitor_account boolean;
update accounts set is_competitor_account = coalesce(account_domain in (
    select email_domain from {cfg("email_domains")} where domain_type = 'competitor'), false);

-- Events: the scoreable ones (known lead and type, first copy of each event_id) on or before
-- score_date, once; then every event rule each one meets, one filtered scan per rule.
create or replace temp table scoreable_events as
with events as (
    select
        cast(event_id as varchar) as event_id,
        cast(lead_id as varchar) as lead_id,
        nullif(lower(trim(event_type)), '') as event_type,
        cast(occurred_at as timestamp) as occurred_at,
        nullif(lower(trim(page_path)), '') as page_path,
        nullif(trim(asset_name), '') as asset_name,
        nullif(trim(campaign_id), '') as campaign_id,
        row_number() over (partition by event_id order by occurred_at, lead_id, nullif(lower(trim(event_type)), '')) as copy_number
    from rawdb.raw.events
),
leads as (select cast(lead_id as varchar) as lead_id, created_at from rawdb.raw.leads)
select events.* exclude (copy_number), cast(events.occurred_at as date) as event_date
from events
inner join leads on events.lead_id = leads.lead_id
inner join (select distinct event_type from {
        cfg("event_types")
    }) as known on events.event_type = known.event_type
where events.event_id is not null
    and events.occurred_at is not null
    and events.copy_number = 1
    and cast(events.occurred_at as date) <= {sd}
    and cast(leads.created_at as date) <= {sd};

create or replace temp table event_matches as
{event_rule_selects};

create or replace temp table leads as
with raw_leads as (
    select
        cast(lead_id as varchar) as lead_id,
        cast(account_id as varchar) as account_id,
        nullif(lower(trim(email)), '') as email,
        nullif(trim(job_title), '') as job_title,
        nullif(lower(trim(lead_source)), '') as lead_source,
        nullif(lower(trim(product_interest)), '') as product_interest,
        cast(unsubscribed_at as timestamp) as unsubscribed_at
    from rawdb.raw.leads
    where cast(created_at as date) <= {sd}
),
with_email as (
    select *,
        coalesce(email like '%_@_%._%' and email not like '%@%@%' and email not like '% %', false) as has_valid_email
    from raw_leads
),
titles as (
    select job_title, seniority from (
        select t.job_title, p.seniority,
            row_number() over (partition by t.job_title order by p.match_order) as match_rank
        from (select distinct job_title, ' ' || {
        title
    } || ' ' as normalized_title from with_email where job_title is not null) as t
        inner join {cfg("title_seniority_patterns")} as p on t.normalized_title like p.title_pattern
    ) where match_rank = 1
),
unsubscribes as (
    select distinct lead_id from scoreable_events where event_type = 'unsubscribe'
)
select
    l.lead_id, l.account_id, l.product_interest, l.job_title, l.lead_source,
    case when l.has_valid_email then split_part(l.email, '@', 2) end as email_domain,
    l.has_valid_email,
    case
        when l.job_title is null or lower(l.job_title) in ({placeholders}) then 'unknown'
        else coalesce(titles.seniority, 'other')
    end as seniority,
    coalesce(s.direction, 'unknown') as lead_direction,
    coalesce(cast(l.unsubscribed_at as date) <= {
        sd
    } or u.lead_id is not null, false) as is_unsubscribed,
    coalesce(d.domain_type = 'free_email', false) as is_free_email_domain,
    coalesce(d.domain_type = 'competitor', false) as is_competitor_domain,
    coalesce(a.is_competitor_account, false) as is_competitor_account,
    a.account_name, a.account_domain, a.industry, a.employee_count, a.annual_revenue, a.country
from with_email as l
left join accounts as a on l.account_id = a.account_id
left join {cfg("lead_sources")} as s on l.lead_source = s.lead_source
left join {cfg("email_domains")} as d
    on case when l.has_valid_email then split_part(l.email, '@', 2) end = d.email_domain
left join titles on l.job_title = titles.job_title
left join unsubscribes as u on l.lead_id = u.lead_id;

create or replace temp table rule_points as
with ranked as (
    select m.*,
        row_number() over (partition by lead_id, model_id, rule_id order by occurred_at desc, event_id desc) as occurrence_rank,
        datediff('day', event_date, {sd}) as age_days
    from event_matches as m
),
weighted as (
    select ranked.lead_id, ranked.model_id, ranked.rule_id, ranked.occurred_at, r.points, r.rule_cap,
        case when r.max_occurrences is null or occurrence_rank <= r.max_occurrences
            then power(r.repeat_multiplier, occurrence_rank - 1) else 0 end as repeat_factor,
        case r.decay_method
            when 'exponential' then power(0.5, age_days / r.decay_days)
            when 'linear' then greatest(0, 1 - age_days / r.decay_days)
            when 'step' then power(r.decay_step_multiplier, floor(age_days / r.decay_days))
            when 'window' then case when age_days < r.decay_days then 1 else 0 end
            else 1
        end as decay_factor,
        case
            when r.category <> 'engagement' then 1
            when l.lead_direction = 'inbound' then m.inbound_engagement_weight
            when l.lead_direction = 'outbound' then m.outbound_engagement_weight
            else 1
        end as direction_weight
    from ranked
    inner join rules as r on ranked.model_id = r.model_id and ranked.rule_id = r.rule_id
    inner join models as m on ranked.model_id = m.model_id
    inner join leads as l on ranked.lead_id = l.lead_id
),
event_totals as (
    select lead_id, model_id, rule_id, max(points) as points, max(rule_cap) as rule_cap,
        max(case when true then occurred_at end) as last_event_at,
        sum(points * repeat_factor * decay_factor * direction_weight) as decayed_points
    from weighted group by 1, 2, 3
),
attribute_matches as (
    select rule_input.lead_id, r.model_id, r.rule_id
    from leads as rule_input
    cross join rules as r
    where r.subject in ('lead', 'account') and {_switch(rules(("lead", "account")), "r")}
)
select e.lead_id, e.model_id, e.rule_id, r.category, e.last_event_at,
    {
        points('''case when e.rule_cap is null then e.decayed_points
        when e.points > 0 then least(e.decayed_points, e.rule_cap)
        else greatest(e.decayed_points, e.rule_cap) end''')
    } as rule_points
from event_totals as e inner join rules as r on e.model_id = r.model_id and e.rule_id = r.rule_id
union all
select a.lead_id, a.model_id, a.rule_id, r.category, null, {points("r.points")}
from attribute_matches as a inner join rules as r on a.model_id = r.model_id and a.rule_id = r.rule_id;

create or replace table lead_score_explanations as
with positive as (
    select p.*,
        case when p.category = 'fit' then {points("m.fit_cap")} else {
        points("m.engagement_cap")
    } end as category_cap,
        sum(p.rule_points) over (partition by p.lead_id, p.model_id, p.category
            order by p.rule_points desc, p.rule_id rows between unbounded preceding and current row) as running
    from rule_points as p inner join models as m on p.model_id = m.model_id
    where p.category in ('fit', 'engagement')
),
positive_contributions as (
    select *, greatest(0, least(rule_points, category_cap - (running - rule_points))) as contributed_points
    from positive
),
positive_totals as (
    select lead_id, model_id, sum(contributed_points) as positive_points from positive_contributions group by 1, 2
),
negative as (
    select p.*,
        greatest({points("m.negative_floor")}, -1 * coalesce(t.positive_points, 0)) as budget,
        sum(p.rule_points) over (partition by p.lead_id, p.model_id
            order by p.rule_points, p.rule_id rows between unbounded preceding and current row) as running
    from rule_points as p
    inner join models as m on p.model_id = m.model_id
    left join positive_totals as t on p.lead_id = t.lead_id and p.model_id = t.model_id
    where p.category = 'negative'
)
select lead_id, model_id, rule_id, category, last_event_at, rule_points, {
        points("contributed_points")
    } as contributed_points
from positive_contributions
union all
select lead_id, model_id, rule_id, category, last_event_at, rule_points,
    {points("least(0, greatest(rule_points, budget - (running - rule_points)))")}
from negative;

create or replace temp table lead_totals as
with assignments as (
    select rule_input.lead_id, m.model_id,
        coalesce({assignment}, false) as matches_assignment,
        row_number() over (partition by rule_input.lead_id order by
            case when coalesce({assignment}, false) then 0 else 1 end,
            m.assignment_priority, m.model_id) as assignment_rank
    from leads as rule_input cross join models as m
),
totals as (
    select lead_id, model_id,
        sum(case when category = 'fit' then contributed_points else 0 end) as fit_score,
        sum(case when category = 'engagement' then contributed_points else 0 end) as engagement_score,
        sum(case when category = 'negative' then contributed_points else 0 end) as negative_points
    from lead_score_explanations group by 1, 2
)
select a.lead_id, a.model_id, l.account_id,
    coalesce(a.matches_assignment and a.assignment_rank = 1, false) as is_primary_model,
    {points("coalesce(t.fit_score, 0)")} as fit_score,
    {points("coalesce(t.engagement_score, 0)")} as engagement_score,
    {points("coalesce(t.negative_points, 0)")} as negative_points,
    {
        points(
            "coalesce(t.fit_score, 0) + coalesce(t.engagement_score, 0) + coalesce(t.negative_points, 0)"
        )
    } as total_score
from assignments as a
inner join leads as l on a.lead_id = l.lead_id
left join totals as t on a.lead_id = t.lead_id and a.model_id = t.model_id;

create or replace table account_scores as
with account_rules as (
    select rule_input.account_id, r.model_id,
        sum(case when r.category = 'fit' then r.points else 0 end) as fit_points,
        sum(case when r.category = 'negative' then r.points else 0 end) as negative_points
    from accounts as rule_input cross join rules as r
    where r.subject = 'account' and {_switch(rules(("account",)), "r")}
    group by 1, 2
),
contacts as (
    select account_id, model_id, engagement_score,
        row_number() over (partition by account_id, model_id order by engagement_score desc, lead_id) as engagement_rank
    from lead_totals where account_id is not null
),
engagement as (
    select account_id, model_id,
        sum(case when engagement_score >= {
        ENGAGED_CONTACT_MIN
    } then 1 else 0 end) as engaged_contact_count,
        sum(case when engagement_rank <= {
        ACCOUNT_TOP_CONTACTS
    } then engagement_score else 0 end) / {ACCOUNT_TOP_CONTACTS} as top_engagement
    from contacts group by 1, 2
),
components as (
    select a.account_id, m.model_id,
        {points("least(m.fit_cap, coalesce(ar.fit_points, 0))")} as account_fit_score,
        {
        points("least(m.engagement_cap, coalesce(e.top_engagement, 0))")
    } as account_engagement_score,
        {
        points("greatest(m.negative_floor, coalesce(ar.negative_points, 0))")
    } as account_negative_points,
        coalesce(e.engaged_contact_count, 0) as engaged_contact_count
    from accounts as a cross join models as m
    left join account_rules as ar on a.account_id = ar.account_id and m.model_id = ar.model_id
    left join engagement as e on a.account_id = e.account_id and m.model_id = e.model_id
)
select *, {
        points(
            "greatest(0, account_fit_score + account_engagement_score + account_negative_points)"
        )
    } as account_score
from components;

create or replace table lead_scores as
with grades as (
    select t.lead_id, t.model_id, b.fit_grade,
        row_number() over (partition by t.lead_id, t.model_id order by b.min_fit_score desc) as band_rank
    from lead_totals as t inner join {cfg("fit_grade_bands")} as b
        on t.model_id = b.model_id and t.fit_score >= b.min_fit_score
),
stages as (
    select t.lead_id, t.model_id, s.stage,
        row_number() over (partition by t.lead_id, t.model_id order by s.min_total_score desc) as threshold_rank
    from lead_totals as t inner join {cfg("score_thresholds")} as s
        on t.model_id = s.model_id and t.total_score >= s.min_total_score
)
select t.lead_id, t.model_id, t.is_primary_model, t.fit_score, t.engagement_score, t.negative_points,
    t.total_score, g.fit_grade, coalesce(s.stage, 'none') as lead_stage, a.account_score
from lead_totals as t
left join grades as g on t.lead_id = g.lead_id and t.model_id = g.model_id and g.band_rank = 1
left join stages as s on t.lead_id = s.lead_id and t.model_id = s.model_id and s.threshold_rank = 1
left join account_scores as a on t.account_id = a.account_id and t.model_id = a.model_id;
"""


def main(argv: list[str]) -> int:
    raw, config, out, score_date = Path(argv[0]), Path(argv[1]), Path(argv[2]), argv[3]
    started = time.perf_counter()
    out.unlink(missing_ok=True)
    connection = duckdb.connect(str(out))
    try:
        connection.execute(f"attach '{raw}' as rawdb (read_only)")
        script = build_script(connection, config, score_date)
        (out.parent / f"{out.stem}.sql").write_text(script)
        connection.execute(script)
    finally:
        connection.close()
    print(f"handwritten: {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

{#-
    One row per lead, scoring model and cohort month: the lead as first scored in that month by its
    primary model (score, stage, score bucket among the month's leads) and what happened next.
    A challenger model (challenger_of) has its own rows for its champion's leads, scored on the
    same days: the quality marts judge it on exactly the leads its champion is judged on.

    Conversion: the lead gets an opportunity created in the quality_conversion_window_days after
    the day it was scored, and that opportunity is won. Which opportunities are the lead's is set
    by var quality_conversion_credit: 'lead' (default) the ones naming it as primary contact, plus
    its account's opportunities that name no contact; 'account' every opportunity of its account.
    Decided: converted, or no opportunity of the window is still open and either the window is
    over or one of them was lost. Leads already in an open opportunity when scored are left out,
    and, with var quality_judge_leads_after_closed_opportunity false, leads whose opportunity
    already closed (one-shot offers, where a lead after its outcome is no lead any more).

    Everything is as of score_date: history scored later, opportunities created later and closes
    after score_date are not known yet, so replaying a past day gives that day's evaluation.
-#}
{%- set window_days = var('quality_conversion_window_days') | int -%}
{%- set score_buckets = var('quality_score_buckets') | int -%}
{%- set evaluation_months = var('quality_evaluation_months') | int -%}
{%- set conversion_credit = var('quality_conversion_credit') -%}
{%- set judge_after_closed = var('quality_judge_leads_after_closed_opportunity') -%}
{%- if judge_after_closed not in [true, false] -%}
    {{- exceptions.raise_compiler_error("leadscore: var quality_judge_leads_after_closed_opportunity must be true or false, got '" ~ judge_after_closed ~ "'") -}}
{%- endif -%}
{%- if conversion_credit not in ['lead', 'account'] -%}
    {{- exceptions.raise_compiler_error("leadscore: var quality_conversion_credit must be 'lead' or 'account', got '" ~ conversion_credit ~ "'") -}}
{%- endif -%}
{%- if window_days < 1 or score_buckets < 2 or evaluation_months < 1 -%}
    {{- exceptions.raise_compiler_error('leadscore: vars quality_conversion_window_days and quality_evaluation_months must be at least 1 and quality_score_buckets at least 2') -}}
{%- endif -%}

with score_history as (

    select * from {{ ref('lead_score_history') }}

),

leads as (

    select * from {{ ref('int_leads_classified') }}
    where data_quality_issue is null

),

opportunities as (

    select * from {{ ref('int_opportunities_classified') }}
    where data_quality_issue is null

),

challengers as (

    select
        model_id,
        challenger_of

    from {{ ref('int_scoring_models') }}
    where challenger_of is not null

),

scores_known as (

    select * from score_history
    where scored_as_of <= {{ score_date() }}

),

evaluated_scores as (

    select
        scores_known.*,
        cast(null as {{ dbt.type_string() }}) as challenger_of

    from scores_known
    where scores_known.is_primary_model

    union all

    {#- A challenger is judged on its champion's leads: the days the champion was their primary
        model, scored by the challenger on the same day. #}
    select
        challenger_scores.*,
        challengers.challenger_of

    from scores_known as challenger_scores
    inner join challengers
        on challenger_scores.model_id = challengers.model_id
    inner join scores_known as champion_scores
        on challenger_scores.lead_id = champion_scores.lead_id
        and challenger_scores.scored_as_of = champion_scores.scored_as_of
        and champion_scores.model_id = challengers.challenger_of
        and champion_scores.is_primary_model

),

primary_scores_known as (

    select
        lead_id,
        model_id,
        challenger_of,
        scored_as_of,
        cast({{ dbt.date_trunc('month', 'scored_as_of') }} as date) as cohort_month,
        total_score,
        lead_stage,
        conversion_probability,
        predictive_model_version

    from evaluated_scores

),

scores_numbered_in_month as (

    select
        *,
        row_number() over (
            partition by lead_id, model_id, cohort_month
            order by scored_as_of
        ) as scoring_in_month

    from primary_scores_known

),

cohort_snapshots as (

    select * from scores_numbered_in_month
    where scoring_in_month = 1

),

opportunities_known as (

    select
        opportunity_id,
        account_id,
        lead_id,
        cast(created_at as date) as created_date,
        case
            when cast(closed_at as date) <= {{ score_date() }} then cast(closed_at as date)
        end as closed_date,
        case
            when cast(closed_at as date) <= {{ score_date() }} then stage
            else 'open'
        end as stage_known

    from opportunities
    where cast(created_at as date) <= {{ score_date() }}

),

lead_opportunities as (

    select
        leads.lead_id,
        opportunities_known.opportunity_id,
        opportunities_known.created_date,
        opportunities_known.closed_date,
        opportunities_known.stage_known

    from opportunities_known
    inner join leads
        on opportunities_known.lead_id = leads.lead_id

    union

    select
        leads.lead_id,
        opportunities_known.opportunity_id,
        opportunities_known.created_date,
        opportunities_known.closed_date,
        opportunities_known.stage_known

    from opportunities_known
    inner join leads
        on opportunities_known.account_id = leads.account_id
    {%- if conversion_credit == 'lead' %}
    where opportunities_known.lead_id is null
    {%- endif %}

),

snapshot_opportunities as (

    select
        cohort_snapshots.lead_id,
        cohort_snapshots.model_id,
        cohort_snapshots.cohort_month,
        lead_opportunities.stage_known,
        case
            when lead_opportunities.created_date <= cohort_snapshots.scored_as_of
                and (
                    lead_opportunities.closed_date is null
                    or lead_opportunities.closed_date > cohort_snapshots.scored_as_of
                )
                then 1
            else 0
        end as is_open_when_scored,
        case
            when lead_opportunities.closed_date <= cohort_snapshots.scored_as_of then 1
            else 0
        end as is_closed_when_scored,
        case
            when lead_opportunities.created_date > cohort_snapshots.scored_as_of
                and lead_opportunities.created_date
                    <= {{ dbt.dateadd('day', window_days, 'cohort_snapshots.scored_as_of') }}
                then 1
            else 0
        end as is_in_window

    from cohort_snapshots
    inner join lead_opportunities
        on cohort_snapshots.lead_id = lead_opportunities.lead_id

),

snapshot_outcomes as (

    select
        lead_id,
        model_id,
        cohort_month,
        max(is_open_when_scored) as had_open_opportunity,
        max(is_closed_when_scored) as had_closed_opportunity,
        max(case when is_in_window = 1 and stage_known = 'won' then 1 else 0 end) as has_won,
        max(case when is_in_window = 1 and stage_known = 'lost' then 1 else 0 end) as has_lost,
        max(case when is_in_window = 1 and stage_known = 'open' then 1 else 0 end) as has_open

    from snapshot_opportunities
    group by 1, 2, 3

),

eligible_snapshots as (

    select
        cohort_snapshots.lead_id,
        cohort_snapshots.model_id,
        cohort_snapshots.challenger_of,
        cohort_snapshots.cohort_month,
        cohort_snapshots.scored_as_of,
        cohort_snapshots.total_score,
        cohort_snapshots.lead_stage,
        cohort_snapshots.conversion_probability,
        cohort_snapshots.predictive_model_version,
        coalesce(snapshot_outcomes.has_won, 0) as has_won,
        coalesce(snapshot_outcomes.has_lost, 0) as has_lost,
        coalesce(snapshot_outcomes.has_open, 0) as has_open,
        case
            when {{ dbt.dateadd('day', window_days, 'cohort_snapshots.scored_as_of') }}
                <= {{ score_date() }}
                then 1
            else 0
        end as window_over

    from cohort_snapshots
    left join snapshot_outcomes
        on cohort_snapshots.lead_id = snapshot_outcomes.lead_id
        and cohort_snapshots.model_id = snapshot_outcomes.model_id
        and cohort_snapshots.cohort_month = snapshot_outcomes.cohort_month
    where coalesce(snapshot_outcomes.had_open_opportunity, 0) = 0
        {%- if not judge_after_closed %}
        and coalesce(snapshot_outcomes.had_closed_opportunity, 0) = 0
        {%- endif %}

),

bucketed_snapshots as (

    select
        *,
        rank() over (
            partition by model_id, cohort_month
            order by total_score
        ) as score_rank,
        count(*) over (partition by model_id, cohort_month) as cohort_leads

    from eligible_snapshots

),

all_lead_outcomes as (

    select
        model_id,
        challenger_of,
        cohort_month,
        lead_id,
        scored_as_of,
        total_score,
        lead_stage,
        conversion_probability,
        predictive_model_version,
        cast(
            1 + floor({{ score_buckets }} * (score_rank - 1) / cast(cohort_leads as {{ number_type() }}))
            as {{ dbt.type_int() }}
        ) as score_bucket,
        window_over = 1 as is_window_over,
        has_won = 1 or (has_open = 0 and (window_over = 1 or has_lost = 1)) as is_decided,
        has_won = 1 as is_converted,
        {{ dbt.dateadd('day', window_days - 1, dbt.dateadd('month', 1, 'cohort_month')) }}
            <= {{ score_date() }} as is_mature_cohort,
        (
            {{ dbt.dateadd('day', window_days - 1, dbt.dateadd('month', 1, 'cohort_month')) }}
                <= {{ score_date() }}
            and cohort_month >= {{ dbt.dateadd('month', -evaluation_months, dbt.date_trunc('month', score_date())) }}
        ) as is_in_evaluation_period,
        {{ score_date() }} as evaluated_as_of

    from bucketed_snapshots

),

slice_members as (

    select * from {{ ref('int_lead_quality_slices') }}

),

final as (

    select
        {{ all_leads_slice() }} as slice_id,
        all_lead_outcomes.*

    from all_lead_outcomes

    union all

    {#- A slice's rows keep the lead's score bucket among all the month's leads: the decile sales
        saw, whatever the slice. #}
    select
        slice_members.slice_id,
        all_lead_outcomes.*

    from all_lead_outcomes
    inner join slice_members
        on all_lead_outcomes.lead_id = slice_members.lead_id
    where {{ slice_holds_month('slice_members', 'all_lead_outcomes.cohort_month') }}

)

select * from final

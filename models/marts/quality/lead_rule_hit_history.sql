{#-
    One row per lead, model and rule that fired, on each lead's cohort snapshot: the first day the
    lead was scored in a month (the day quality_lead_outcomes judges it by). What learning from
    outcomes needs (which signals predict, recalibration, the predictive score): each rule's hit
    and its decayed, capped count of events as of that day, never later.

    Only snapshot days are kept (a day is one when lead_score_history has no earlier day of the
    same month for the lead and model, with the model as primary or not as on that day), so the table grows by about one day of rule hits a month
    rather than every day's. Backfilling an earlier day of a month later writes that day's rows
    too; the later day's rows then match no snapshot and are never read. Re-running a day replaces
    it (delete+insert on scored_as_of); full_refresh is off, as for lead_score_history.
-#}
{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='scored_as_of',
        on_schema_change='append_new_columns',
        full_refresh=false,
        meta={'publish': false},
    )
}}

with contributions as (

    select * from {{ ref('int_lead_rule_contributions') }}
    where category <> 'baseline'

),

rules as (

    select * from {{ ref('int_scoring_rules') }}

),

score_history as (

    select * from {{ ref('lead_score_history') }}

),

scored_today as (

    select
        lead_id,
        model_id,
        is_primary_model

    from score_history
    where scored_as_of = {{ score_date() }}

),

scored_earlier_this_month as (

    select distinct
        lead_id,
        model_id,
        is_primary_model

    from score_history
    where scored_as_of >= cast({{ dbt.date_trunc('month', score_date()) }} as date)
        and scored_as_of < {{ score_date() }}

),

snapshot_leads as (

    {#- As primary model and as another model apart: quality_lead_outcomes judges a lead by its
        first day of the month under its primary model, which is later than its first day under
        the model when the lead changed models mid-month. #}
    select
        scored_today.lead_id,
        scored_today.model_id

    from scored_today
    left join scored_earlier_this_month
        on scored_today.lead_id = scored_earlier_this_month.lead_id
        and scored_today.model_id = scored_earlier_this_month.model_id
        and scored_today.is_primary_model = scored_earlier_this_month.is_primary_model
    where scored_earlier_this_month.lead_id is null

),

snapshot_contributions as (

    select contributions.*
    from contributions
    inner join snapshot_leads
        on contributions.lead_id = snapshot_leads.lead_id
        and contributions.model_id = snapshot_leads.model_id

),

final as (

    select
        {{ score_date() }} as scored_as_of,
        cast({{ dbt.date_trunc('month', score_date()) }} as date) as cohort_month,
        snapshot_contributions.lead_id,
        snapshot_contributions.model_id,
        snapshot_contributions.rule_id,
        snapshot_contributions.category,
        snapshot_contributions.subject,
        snapshot_contributions.event_count,
        snapshot_contributions.counted_event_count,
        snapshot_contributions.last_event_at,
        {{ points('rules.points') }} as rule_points_per_hit,
        snapshot_contributions.rule_points,
        snapshot_contributions.contributed_points

    from snapshot_contributions
    inner join rules
        on snapshot_contributions.model_id = rules.model_id
        and snapshot_contributions.rule_id = rules.rule_id

)

select * from final

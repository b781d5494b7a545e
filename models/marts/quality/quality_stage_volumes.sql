{#-
    Stage volumes over time: one row per slice, model, day scored and stage, counting the leads
    whose primary model it is (from lead_score_history, days scored on or before score_date).
    Slices: 'all', and each of seeds/quality_slices.csv with its leads on the days of its cohort
    months (int_lead_quality_slices).
-#}
with score_history as (

    select * from {{ ref('lead_score_history') }}
    where is_primary_model
        and scored_as_of <= {{ score_date() }}

),

slice_members as (

    select * from {{ ref('int_lead_quality_slices') }}

),

sliced_history as (

    select
        {{ all_leads_slice() }} as slice_id,
        model_id,
        scored_as_of,
        lead_stage

    from score_history

    union all

    select
        slice_members.slice_id,
        score_history.model_id,
        score_history.scored_as_of,
        score_history.lead_stage

    from score_history
    inner join slice_members
        on score_history.lead_id = slice_members.lead_id
    where {{ slice_holds_month('slice_members', "cast(" ~ dbt.date_trunc('month', 'score_history.scored_as_of') ~ " as date)") }}

),

stage_counts as (

    select
        slice_id,
        model_id,
        scored_as_of,
        lead_stage,
        count(*) as leads

    from sliced_history
    group by 1, 2, 3, 4

),

day_totals as (

    select
        slice_id,
        model_id,
        scored_as_of,
        sum(leads) as day_leads

    from stage_counts
    group by 1, 2, 3

),

final as (

    select
        stage_counts.slice_id,
        stage_counts.model_id,
        stage_counts.scored_as_of,
        stage_counts.lead_stage,
        cast(stage_counts.leads as {{ dbt.type_bigint() }}) as leads,
        cast(stage_counts.leads as {{ number_type() }}) / day_totals.day_leads as share_of_leads,
        {{ score_date() }} as evaluated_as_of

    from stage_counts
    inner join day_totals
        on stage_counts.slice_id = day_totals.slice_id
        and stage_counts.model_id = day_totals.model_id
        and stage_counts.scored_as_of = day_totals.scored_as_of

)

select * from final

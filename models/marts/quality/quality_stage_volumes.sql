{#-
    Stage volumes over time: one row per model, day scored and stage, counting the leads whose
    primary model it is (from lead_score_history, days scored on or before score_date).
-#}
with score_history as (

    select * from {{ ref('lead_score_history') }}

),

stage_counts as (

    select
        model_id,
        scored_as_of,
        lead_stage,
        count(*) as leads

    from score_history
    where is_primary_model
        and scored_as_of <= {{ score_date() }}
    group by 1, 2, 3

),

day_totals as (

    select
        model_id,
        scored_as_of,
        sum(leads) as day_leads

    from stage_counts
    group by 1, 2

),

final as (

    select
        stage_counts.model_id,
        stage_counts.scored_as_of,
        stage_counts.lead_stage,
        cast(stage_counts.leads as {{ dbt.type_bigint() }}) as leads,
        cast(stage_counts.leads as {{ number_type() }}) / day_totals.day_leads as share_of_leads,
        {{ score_date() }} as evaluated_as_of

    from stage_counts
    inner join day_totals
        on stage_counts.model_id = day_totals.model_id
        and stage_counts.scored_as_of = day_totals.scored_as_of

)

select * from final

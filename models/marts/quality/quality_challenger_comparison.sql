{#-
    One row per slice (quality_lead_outcomes), challenger model and period (each cohort month,
    and the pooled evaluation period): the challenger against its champion on the same leads (the
    champion's, as both scored them on the same snapshot day). The metrics of each come from quality_model_metrics; the swaps say
    what changes for sales: the decided leads the challenger would qualify (stage above none) and
    the champion does not, and the other way round, with how each group converted.
-#}
with challengers as (

    select
        model_id as challenger_model_id,
        challenger_of as champion_model_id

    from {{ ref('int_scoring_models') }}
    where challenger_of is not null

),

model_metrics as (

    select * from {{ ref('quality_model_metrics') }}

),

lead_outcomes as (

    select * from {{ ref('quality_lead_outcomes') }}

),

paired_outcomes as (

    select
        challenger_outcomes.slice_id,
        challenger_outcomes.model_id as challenger_model_id,
        challenger_outcomes.challenger_of as champion_model_id,
        challenger_outcomes.cohort_month,
        challenger_outcomes.is_in_evaluation_period,
        challenger_outcomes.is_converted,
        champion_outcomes.lead_stage <> 'none' as is_champion_qualified,
        challenger_outcomes.lead_stage <> 'none' as is_challenger_qualified

    from lead_outcomes as challenger_outcomes
    inner join lead_outcomes as champion_outcomes
        on challenger_outcomes.slice_id = champion_outcomes.slice_id
        and challenger_outcomes.lead_id = champion_outcomes.lead_id
        and challenger_outcomes.cohort_month = champion_outcomes.cohort_month
        and challenger_outcomes.challenger_of = champion_outcomes.model_id
    where challenger_outcomes.is_decided

),

paired_periods as (

    select
        slice_id,
        challenger_model_id,
        champion_model_id,
        'month' as period_type,
        cohort_month,
        is_converted,
        is_champion_qualified,
        is_challenger_qualified

    from paired_outcomes

    union all

    select
        slice_id,
        challenger_model_id,
        champion_model_id,
        'evaluation' as period_type,
        cast(null as date) as cohort_month,
        is_converted,
        is_champion_qualified,
        is_challenger_qualified

    from paired_outcomes
    where is_in_evaluation_period

),

swaps as (

    select
        slice_id,
        challenger_model_id,
        period_type,
        cohort_month,
        sum(case when is_challenger_qualified and not is_champion_qualified then 1 else 0 end)
            as swapped_in_leads,
        sum(
            case when is_challenger_qualified and not is_champion_qualified and is_converted then 1 else 0 end
        ) as swapped_in_conversions,
        sum(case when is_champion_qualified and not is_challenger_qualified then 1 else 0 end)
            as swapped_out_leads,
        sum(
            case when is_champion_qualified and not is_challenger_qualified and is_converted then 1 else 0 end
        ) as swapped_out_conversions

    from paired_periods
    group by 1, 2, 3, 4

),

final as (

    select
        challenger_metrics.slice_id,
        challengers.challenger_model_id,
        challengers.champion_model_id,
        challenger_metrics.period_type,
        challenger_metrics.cohort_month,
        challenger_metrics.is_mature_cohort,
        challenger_metrics.decided_leads,
        challenger_metrics.converted_leads,
        champion_metrics.auc as champion_auc,
        challenger_metrics.auc as challenger_auc,
        challenger_metrics.auc - champion_metrics.auc as auc_difference,
        champion_metrics.top_bucket_lift as champion_top_bucket_lift,
        challenger_metrics.top_bucket_lift as challenger_top_bucket_lift,
        champion_metrics.qualified_share as champion_qualified_share,
        challenger_metrics.qualified_share as challenger_qualified_share,
        champion_metrics.qualified_capture as champion_qualified_capture,
        challenger_metrics.qualified_capture as challenger_qualified_capture,
        cast(coalesce(swaps.swapped_in_leads, 0) as {{ dbt.type_bigint() }}) as swapped_in_leads,
        cast(swaps.swapped_in_conversions as {{ number_type() }})
            / nullif(swaps.swapped_in_leads, 0) as swapped_in_conversion_rate,
        cast(coalesce(swaps.swapped_out_leads, 0) as {{ dbt.type_bigint() }}) as swapped_out_leads,
        cast(swaps.swapped_out_conversions as {{ number_type() }})
            / nullif(swaps.swapped_out_leads, 0) as swapped_out_conversion_rate,
        {{ score_date() }} as evaluated_as_of

    from challengers
    inner join model_metrics as challenger_metrics
        on challengers.challenger_model_id = challenger_metrics.model_id
    left join model_metrics as champion_metrics
        on challengers.champion_model_id = champion_metrics.model_id
        and challenger_metrics.slice_id = champion_metrics.slice_id
        and challenger_metrics.period_type = champion_metrics.period_type
        and challenger_metrics.cohort_month is not distinct from champion_metrics.cohort_month
    left join swaps
        on challengers.challenger_model_id = swaps.challenger_model_id
        and challenger_metrics.slice_id = swaps.slice_id
        and challenger_metrics.period_type = swaps.period_type
        and challenger_metrics.cohort_month is not distinct from swaps.cohort_month

)

select * from final

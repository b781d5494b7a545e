{#-
    One row per slice (quality_lead_outcomes), model and period (each cohort month, and the
    pooled evaluation period the checks judge): decided and converted leads, the base conversion rate, AUC of total_score against
    converted / not converted (rank-sum, ties counted half), lift of the top score bucket, the
    share of leads flagged (any stage above none) and the share of conversions they capture, the
    top stage's conversion over the bottom's, and the number of rank-ordering violations.
-#}
with lead_outcomes as (

    select * from {{ ref('quality_lead_outcomes') }}

),

conversion_by_bucket as (

    select * from {{ ref('quality_conversion_by_bucket') }}

),

score_thresholds as (

    select * from {{ ref('int_score_thresholds') }}

),

decided_outcomes as (

    select
        slice_id,
        model_id,
        'month' as period_type,
        cohort_month,
        total_score,
        is_converted

    from lead_outcomes
    where is_decided

    union all

    select
        slice_id,
        model_id,
        'evaluation' as period_type,
        cast(null as date) as cohort_month,
        total_score,
        is_converted

    from lead_outcomes
    where is_decided
        and is_in_evaluation_period

),

ranked_outcomes as (

    select
        slice_id,
        model_id,
        period_type,
        cohort_month,
        is_converted,
        rank() over (
            partition by slice_id, model_id, period_type, cohort_month order by total_score
        ) as score_rank,
        count(*) over (
            partition by slice_id, model_id, period_type, cohort_month, total_score
        ) as tied_leads

    from decided_outcomes

),

rank_sums as (

    select
        slice_id,
        model_id,
        period_type,
        cohort_month,
        sum(case when is_converted then 1 else 0 end) as positives,
        sum(case when is_converted then 0 else 1 end) as negatives,
        sum(
            case when is_converted then score_rank + (tied_leads - 1) / 2.0 else 0 end
        ) as positive_rank_sum

    from ranked_outcomes
    group by 1, 2, 3, 4

),

auc as (

    select
        slice_id,
        model_id,
        period_type,
        cohort_month,
        (
            cast(positive_rank_sum as {{ number_type() }}) - positives * (positives + 1) / 2.0
        ) / nullif(cast(positives as {{ number_type() }}) * negatives, 0) as auc

    from rank_sums

),

score_buckets as (

    select
        *,
        row_number() over (
            partition by slice_id, model_id, period_type, cohort_month
            order by case when decided_leads > 0 then 0 else 1 end, bucket_order desc
        ) as rank_from_top

    from conversion_by_bucket
    where bucket_kind = 'score_bucket'

),

bucket_metrics as (

    select
        slice_id,
        model_id,
        period_type,
        cohort_month,
        max(case when rank_from_top = 1 and decided_leads > 0 then bucket end) as top_bucket,
        max(case when rank_from_top = 1 then conversion_rate end) as top_bucket_conversion_rate,
        max(case when rank_from_top = 1 then lift end) as top_bucket_lift,
        sum(decided_leads) as decided_leads,
        sum(converted_leads) as converted_leads,
        sum(leads) as scored_leads

    from score_buckets
    group by 1, 2, 3, 4

),

model_stage_counts as (

    select
        model_id,
        count(*) as top_stage_order

    from score_thresholds
    group by 1

),

stages as (

    select
        conversion_by_bucket.*,
        model_stage_counts.top_stage_order

    from conversion_by_bucket
    inner join model_stage_counts
        on conversion_by_bucket.model_id = model_stage_counts.model_id
    where conversion_by_bucket.bucket_kind = 'stage'

),

stage_metrics as (

    select
        slice_id,
        model_id,
        period_type,
        cohort_month,
        sum(case when bucket_order > 0 then decided_leads else 0 end) as qualified_decided_leads,
        sum(case when bucket_order > 0 then converted_leads else 0 end) as qualified_converted_leads,
        sum(case when bucket_order = top_stage_order and bucket_order > 0 then decided_leads else 0 end)
            as top_stage_decided_leads,
        sum(case when bucket_order = top_stage_order and bucket_order > 0 then converted_leads else 0 end)
            as top_stage_converted_leads,
        sum(case when bucket_order = 0 then decided_leads else 0 end) as bottom_stage_decided_leads,
        sum(case when bucket_order = 0 then converted_leads else 0 end) as bottom_stage_converted_leads,
        sum(case when is_rank_ordering_violation then 1 else 0 end) as stage_rank_ordering_violations

    from stages
    group by 1, 2, 3, 4

),

bucket_violations as (

    select
        slice_id,
        model_id,
        period_type,
        cohort_month,
        sum(case when is_rank_ordering_violation then 1 else 0 end) as bucket_rank_ordering_violations

    from conversion_by_bucket
    where bucket_kind = 'score_bucket'
    group by 1, 2, 3, 4

),

period_keys as (

    select distinct
        slice_id,
        model_id,
        period_type,
        cohort_month,
        is_mature_cohort

    from conversion_by_bucket

),

final as (

    select
        period_keys.slice_id,
        period_keys.model_id,
        period_keys.period_type,
        period_keys.cohort_month,
        period_keys.is_mature_cohort,
        cast(coalesce(bucket_metrics.scored_leads, 0) as {{ dbt.type_bigint() }}) as scored_leads,
        cast(coalesce(bucket_metrics.decided_leads, 0) as {{ dbt.type_bigint() }}) as decided_leads,
        cast(coalesce(bucket_metrics.converted_leads, 0) as {{ dbt.type_bigint() }}) as converted_leads,
        cast(bucket_metrics.converted_leads as {{ number_type() }})
            / nullif(bucket_metrics.decided_leads, 0) as base_conversion_rate,
        auc.auc,
        bucket_metrics.top_bucket,
        bucket_metrics.top_bucket_conversion_rate,
        bucket_metrics.top_bucket_lift,
        cast(stage_metrics.qualified_decided_leads as {{ number_type() }})
            / nullif(bucket_metrics.decided_leads, 0) as qualified_share,
        cast(stage_metrics.qualified_converted_leads as {{ number_type() }})
            / nullif(bucket_metrics.converted_leads, 0) as qualified_capture,
        cast(stage_metrics.top_stage_converted_leads as {{ number_type() }})
            / nullif(stage_metrics.top_stage_decided_leads, 0) as top_stage_conversion_rate,
        cast(stage_metrics.bottom_stage_converted_leads as {{ number_type() }})
            / nullif(stage_metrics.bottom_stage_decided_leads, 0) as bottom_stage_conversion_rate,
        {#- The bottom rate is floored at one conversion in the bottom stage, so an empty bottom
            never makes the ratio infinite (a pass then means "at least this much better"). -#}
        (
            cast(stage_metrics.top_stage_converted_leads as {{ number_type() }})
            / nullif(stage_metrics.top_stage_decided_leads, 0)
        ) / nullif(
            cast(
                case
                    when stage_metrics.bottom_stage_converted_leads > 0
                        then stage_metrics.bottom_stage_converted_leads
                    else 1
                end as {{ number_type() }}
            ) / nullif(stage_metrics.bottom_stage_decided_leads, 0),
            0
        ) as top_to_bottom_stage_ratio,
        cast(
            coalesce(bucket_violations.bucket_rank_ordering_violations, 0)
            + coalesce(stage_metrics.stage_rank_ordering_violations, 0)
            as {{ dbt.type_int() }}
        ) as rank_ordering_violations,
        {{ score_date() }} as evaluated_as_of

    from period_keys
    left join bucket_metrics
        on period_keys.slice_id = bucket_metrics.slice_id
        and period_keys.model_id = bucket_metrics.model_id
        and period_keys.period_type = bucket_metrics.period_type
        and period_keys.cohort_month is not distinct from bucket_metrics.cohort_month
    left join stage_metrics
        on period_keys.slice_id = stage_metrics.slice_id
        and period_keys.model_id = stage_metrics.model_id
        and period_keys.period_type = stage_metrics.period_type
        and period_keys.cohort_month is not distinct from stage_metrics.cohort_month
    left join bucket_violations
        on period_keys.slice_id = bucket_violations.slice_id
        and period_keys.model_id = bucket_violations.model_id
        and period_keys.period_type = bucket_violations.period_type
        and period_keys.cohort_month is not distinct from bucket_violations.cohort_month
    left join auc
        on period_keys.slice_id = auc.slice_id
        and period_keys.model_id = auc.model_id
        and period_keys.period_type = auc.period_type
        and period_keys.cohort_month is not distinct from auc.cohort_month

)

select * from final

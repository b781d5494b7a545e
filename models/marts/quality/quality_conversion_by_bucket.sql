{#-
    Conversion by score bucket: one row per slice, model, period, bucket kind and bucket (the
    slice 'all' and those of seeds/quality_slices.csv, quality_lead_outcomes). Periods are each
    cohort month (period_type 'month') and the evaluation period the checks judge (period_type
    'evaluation': the mature cohorts of the last quality_evaluation_months, pooled). Buckets are
    the score buckets within each cohort (deciles by default) and the stages (none, mql, sql).

    Rank ordering: each bucket is compared with the next lower bucket that has enough decided
    leads (var quality_rank_ordering_min_decided_leads); converting worse than it by more than
    quality_rank_ordering_z standard errors of the difference is a violation.
-#}
{%- set min_decided_leads = var('quality_rank_ordering_min_decided_leads') | int -%}
{%- set rank_ordering_z = var('quality_rank_ordering_z') | float -%}

with lead_outcomes as (

    select * from {{ ref('quality_lead_outcomes') }}

),

score_thresholds as (

    select * from {{ ref('int_score_thresholds') }}

),

period_outcomes as (

    select
        slice_id,
        model_id,
        'month' as period_type,
        cohort_month,
        is_mature_cohort,
        score_bucket,
        lead_stage,
        total_score,
        is_decided,
        is_converted

    from lead_outcomes

    union all

    select
        slice_id,
        model_id,
        'evaluation' as period_type,
        cast(null as date) as cohort_month,
        is_mature_cohort,
        score_bucket,
        lead_stage,
        total_score,
        is_decided,
        is_converted

    from lead_outcomes
    where is_in_evaluation_period

),

stage_orders as (

    select
        model_id,
        stage,
        rank() over (partition by model_id order by min_total_score) as stage_order

    from score_thresholds

),

bucketed_outcomes as (

    select
        slice_id,
        model_id,
        period_type,
        cohort_month,
        is_mature_cohort,
        'score_bucket' as bucket_kind,
        cast(score_bucket as {{ dbt.type_string() }}) as bucket,
        score_bucket as bucket_order,
        total_score,
        is_decided,
        is_converted

    from period_outcomes

    union all

    select
        period_outcomes.slice_id,
        period_outcomes.model_id,
        period_outcomes.period_type,
        period_outcomes.cohort_month,
        period_outcomes.is_mature_cohort,
        'stage' as bucket_kind,
        period_outcomes.lead_stage as bucket,
        coalesce(stage_orders.stage_order, 0) as bucket_order,
        period_outcomes.total_score,
        period_outcomes.is_decided,
        period_outcomes.is_converted

    from period_outcomes
    left join stage_orders
        on period_outcomes.model_id = stage_orders.model_id
        and period_outcomes.lead_stage = stage_orders.stage

),

bucket_totals as (

    select
        slice_id,
        model_id,
        period_type,
        cohort_month,
        is_mature_cohort,
        bucket_kind,
        bucket,
        bucket_order,
        count(*) as leads,
        sum(case when is_decided then 1 else 0 end) as decided_leads,
        sum(case when is_converted then 1 else 0 end) as converted_leads,
        min(total_score) as min_total_score,
        max(total_score) as max_total_score

    from bucketed_outcomes
    group by 1, 2, 3, 4, 5, 6, 7, 8

),

period_totals as (

    select
        slice_id,
        model_id,
        period_type,
        cohort_month,
        bucket_kind,
        sum(decided_leads) as period_decided_leads,
        sum(converted_leads) as period_converted_leads

    from bucket_totals
    group by 1, 2, 3, 4, 5

),

bucket_rates as (

    select
        bucket_totals.*,
        cast(bucket_totals.converted_leads as {{ number_type() }})
            / nullif(bucket_totals.decided_leads, 0) as conversion_rate,
        cast(bucket_totals.decided_leads as {{ number_type() }})
            / nullif(period_totals.period_decided_leads, 0) as share_of_decided_leads,
        cast(bucket_totals.converted_leads as {{ number_type() }})
            / nullif(period_totals.period_converted_leads, 0) as share_of_conversions,
        cast(period_totals.period_converted_leads as {{ number_type() }})
            / nullif(period_totals.period_decided_leads, 0) as base_conversion_rate

    from bucket_totals
    inner join period_totals
        on bucket_totals.slice_id = period_totals.slice_id
        and bucket_totals.model_id = period_totals.model_id
        and bucket_totals.period_type = period_totals.period_type
        and bucket_totals.bucket_kind = period_totals.bucket_kind
        and bucket_totals.cohort_month is not distinct from period_totals.cohort_month

),

comparable_buckets as (

    select
        slice_id,
        model_id,
        period_type,
        cohort_month,
        bucket_kind,
        bucket,
        decided_leads,
        converted_leads,
        conversion_rate,
        lag(bucket) over (
            partition by slice_id, model_id, period_type, cohort_month, bucket_kind order by bucket_order
        ) as lower_bucket,
        lag(decided_leads) over (
            partition by slice_id, model_id, period_type, cohort_month, bucket_kind order by bucket_order
        ) as lower_decided_leads,
        lag(converted_leads) over (
            partition by slice_id, model_id, period_type, cohort_month, bucket_kind order by bucket_order
        ) as lower_converted_leads,
        lag(conversion_rate) over (
            partition by slice_id, model_id, period_type, cohort_month, bucket_kind order by bucket_order
        ) as lower_conversion_rate

    from bucket_rates
    where decided_leads >= {{ min_decided_leads }}

),

rank_ordering as (

    select
        *,
        {{ rank_ordering_z }} * sqrt(
            (cast(converted_leads + lower_converted_leads as {{ number_type() }}) / (decided_leads + lower_decided_leads))
            * (1 - cast(converted_leads + lower_converted_leads as {{ number_type() }}) / (decided_leads + lower_decided_leads))
            * (1.0 / decided_leads + 1.0 / lower_decided_leads)
        ) as rank_ordering_tolerance

    from comparable_buckets
    where lower_bucket is not null

),

final as (

    select
        bucket_rates.slice_id,
        bucket_rates.model_id,
        bucket_rates.period_type,
        bucket_rates.cohort_month,
        bucket_rates.is_mature_cohort,
        bucket_rates.bucket_kind,
        bucket_rates.bucket,
        cast(bucket_rates.bucket_order as {{ dbt.type_int() }}) as bucket_order,
        cast(bucket_rates.leads as {{ dbt.type_bigint() }}) as leads,
        cast(bucket_rates.decided_leads as {{ dbt.type_bigint() }}) as decided_leads,
        cast(bucket_rates.converted_leads as {{ dbt.type_bigint() }}) as converted_leads,
        bucket_rates.conversion_rate,
        bucket_rates.share_of_decided_leads,
        bucket_rates.share_of_conversions,
        bucket_rates.base_conversion_rate,
        bucket_rates.conversion_rate / nullif(bucket_rates.base_conversion_rate, 0) as lift,
        bucket_rates.min_total_score,
        bucket_rates.max_total_score,
        rank_ordering.lower_bucket as compared_with_bucket,
        rank_ordering.lower_conversion_rate as compared_with_conversion_rate,
        rank_ordering.rank_ordering_tolerance,
        coalesce(
            rank_ordering.conversion_rate
                < rank_ordering.lower_conversion_rate - rank_ordering.rank_ordering_tolerance,
            false
        ) as is_rank_ordering_violation,
        {{ score_date() }} as evaluated_as_of

    from bucket_rates
    left join rank_ordering
        on bucket_rates.slice_id = rank_ordering.slice_id
        and bucket_rates.model_id = rank_ordering.model_id
        and bucket_rates.period_type = rank_ordering.period_type
        and bucket_rates.bucket_kind = rank_ordering.bucket_kind
        and bucket_rates.bucket = rank_ordering.bucket
        and bucket_rates.cohort_month is not distinct from rank_ordering.cohort_month

)

select * from final

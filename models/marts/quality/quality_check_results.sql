{#-
    The quality checks, evaluated in the warehouse: one row per active model (challengers aside)
    and check, with the observed value and its bounds from seeds/quality_targets.csv, where a
    check may have an error band and a warn band (a row for the model overrides the 'all' row of
    the same severity). Status: pass; fail (severity error when outside the error bounds, else warn); or
    insufficient_data (severity warn) when the evaluation period has too few decided conversions
    (conversion_sample_size) to judge the model, or nothing was measured. Dagster shows each
    check_id as an asset check.
-#}
{%- set statistical_checks = [
    'auc', 'rank_ordering', 'top_bucket_lift',
    'qualified_share', 'qualified_capture', 'top_to_bottom_stage_ratio',
] -%}

with quality_targets as (

    select * from {{ ref('quality_targets') }}

),

scoring_models as (

    select * from {{ ref('int_scoring_models') }}

),

score_thresholds as (

    select * from {{ ref('int_score_thresholds') }}

),

{#- The checks judge every lead (the slice 'all'); the other slices are for reading. #}
model_metrics as (

    select * from {{ ref('quality_model_metrics') }}
    where slice_id = {{ all_leads_slice() }}

),

lead_outcomes as (

    select * from {{ ref('quality_lead_outcomes') }}
    where slice_id = {{ all_leads_slice() }}

),

lead_scores as (

    select * from {{ ref('lead_scores') }}

),

active_models as (

    select
        model_id,
        last_reviewed_on

    from scoring_models
    where is_active
        {#- Challengers drive nothing, so nothing gates on them: quality_challenger_comparison
            judges them against their champions. #}
        and challenger_of is null

),

evaluation_metrics as (

    select
        active_models.model_id,
        model_metrics.decided_leads,
        coalesce(model_metrics.converted_leads, 0) as converted_leads,
        model_metrics.auc,
        model_metrics.rank_ordering_violations,
        model_metrics.top_bucket_lift,
        model_metrics.qualified_share,
        model_metrics.qualified_capture,
        model_metrics.top_to_bottom_stage_ratio

    from active_models
    left join model_metrics
        on active_models.model_id = model_metrics.model_id
        and model_metrics.period_type = 'evaluation'

),

evaluation_periods as (

    select
        model_id,
        min(cohort_month) as first_cohort_month,
        max(cohort_month) as last_cohort_month

    from lead_outcomes
    where is_in_evaluation_period
    group by 1

),

stage_orders as (

    select
        model_id,
        stage,
        rank() over (partition by model_id order by min_total_score) as stage_order,
        count(*) over (partition by model_id) as top_stage_order

    from score_thresholds

),

current_stage_counts as (

    select
        lead_scores.model_id,
        count(*) as scored_leads,
        sum(case when stage_orders.stage_order > 0 then 1 else 0 end) as qualified_leads,
        sum(case when stage_orders.stage_order = stage_orders.top_stage_order then 1 else 0 end)
            as top_stage_leads

    from lead_scores
    left join stage_orders
        on lead_scores.model_id = stage_orders.model_id
        and lead_scores.lead_stage = stage_orders.stage
    where lead_scores.is_primary_model
    group by 1

),

current_stage_shares as (

    select
        active_models.model_id,
        cast(current_stage_counts.qualified_leads as {{ number_type() }})
            / nullif(current_stage_counts.scored_leads, 0) as qualified_share,
        cast(current_stage_counts.top_stage_leads as {{ number_type() }})
            / nullif(current_stage_counts.scored_leads, 0) as top_stage_share

    from active_models
    left join current_stage_counts
        on active_models.model_id = current_stage_counts.model_id

),

observations as (

    select model_id, 'conversion_sample_size' as check_id, 'converted_leads' as metric_name,
        cast(converted_leads as {{ number_type() }}) as observed_value
    from evaluation_metrics

    union all

    select model_id, 'auc', 'auc', auc
    from evaluation_metrics

    union all

    select model_id, 'rank_ordering', 'rank_ordering_violations',
        cast(rank_ordering_violations as {{ number_type() }})
    from evaluation_metrics

    union all

    select model_id, 'top_bucket_lift', 'top_bucket_lift', top_bucket_lift
    from evaluation_metrics

    union all

    select model_id, 'qualified_share', 'qualified_share', qualified_share
    from evaluation_metrics

    union all

    select model_id, 'qualified_capture', 'qualified_capture', qualified_capture
    from evaluation_metrics

    union all

    select model_id, 'top_to_bottom_stage_ratio', 'top_to_bottom_stage_ratio',
        top_to_bottom_stage_ratio
    from evaluation_metrics

    union all

    select model_id, 'qualified_volume_vs_capacity', 'current_qualified_share', qualified_share
    from current_stage_shares

    union all

    select model_id, 'top_stage_volume_vs_capacity', 'current_top_stage_share', top_stage_share
    from current_stage_shares

    union all

    select model_id, 'model_review_age_days', 'days_since_review',
        cast({{ dbt.datediff('last_reviewed_on', score_date(), 'day') }} as {{ number_type() }})
    from active_models

),

matching_targets as (

    select
        observations.model_id,
        observations.check_id,
        lower(trim(quality_targets.severity)) as severity,
        cast(quality_targets.lower_bound as {{ number_type() }}) as lower_bound,
        cast(quality_targets.upper_bound as {{ number_type() }}) as upper_bound,
        quality_targets.description,
        row_number() over (
            partition by observations.model_id, observations.check_id, lower(trim(quality_targets.severity))
            order by case when quality_targets.model_id = observations.model_id then 0 else 1 end
        ) as target_preference

    from observations
    inner join quality_targets
        on observations.check_id = quality_targets.check_id
        and (
            quality_targets.model_id = observations.model_id
            or quality_targets.model_id = 'all'
        )

),

targets as (

    select * from matching_targets
    where target_preference = 1

),

sample_sizes as (

    select
        evaluation_metrics.model_id,
        coalesce(evaluation_metrics.decided_leads, 0) as decided_leads,
        evaluation_metrics.converted_leads,
        min(
            case
                when targets.lower_bound is null then 1
                when evaluation_metrics.converted_leads >= targets.lower_bound then 1
                else 0
            end
        ) as has_enough_conversions

    from evaluation_metrics
    left join targets
        on evaluation_metrics.model_id = targets.model_id
        and targets.check_id = 'conversion_sample_size'
    group by 1, 2, 3

),

target_verdicts as (

    select
        observations.model_id,
        observations.check_id,
        observations.metric_name,
        observations.observed_value,
        targets.severity,
        targets.lower_bound,
        targets.upper_bound,
        targets.description,
        case
            when observations.check_id in ('{{ statistical_checks | join("', '") }}')
                and coalesce(sample_sizes.has_enough_conversions, 1) = 0
                then 0
            when observations.observed_value is null then 0
            else 1
        end as is_judged,
        case
            when (targets.lower_bound is null or observations.observed_value >= targets.lower_bound)
                and (targets.upper_bound is null or observations.observed_value <= targets.upper_bound)
                then 0
            else 1
        end as is_outside_bounds

    from observations
    inner join targets
        on observations.model_id = targets.model_id
        and observations.check_id = targets.check_id
    left join sample_sizes
        on observations.model_id = sample_sizes.model_id

),

check_verdicts as (

    select
        model_id,
        check_id,
        metric_name,
        observed_value,
        min(is_judged) as is_judged,
        max(case when severity = 'error' then is_outside_bounds else 0 end) as fails_error_bounds,
        max(case when severity = 'warn' then is_outside_bounds else 0 end) as fails_warn_bounds,
        max(case when severity = 'error' then lower_bound end) as error_lower_bound,
        max(case when severity = 'error' then upper_bound end) as error_upper_bound,
        max(case when severity = 'warn' then lower_bound end) as warn_lower_bound,
        max(case when severity = 'warn' then upper_bound end) as warn_upper_bound,
        max(case when severity = 'warn' then description end) as warn_description,
        max(case when severity = 'error' then description end) as error_description

    from target_verdicts
    group by 1, 2, 3, 4

),

final as (

    select
        check_verdicts.check_id,
        check_verdicts.model_id,
        check_verdicts.metric_name,
        check_verdicts.observed_value,
        case
            when check_verdicts.is_judged = 0 then 'insufficient_data'
            when check_verdicts.fails_error_bounds = 1 or check_verdicts.fails_warn_bounds = 1
                then 'fail'
            else 'pass'
        end as status,
        check_verdicts.is_judged = 1
            and check_verdicts.fails_error_bounds = 0
            and check_verdicts.fails_warn_bounds = 0 as is_passed,
        case
            when check_verdicts.is_judged = 0 then 'warn'
            when check_verdicts.fails_error_bounds = 1 then 'error'
            when check_verdicts.fails_warn_bounds = 1 then 'warn'
        end as severity,
        check_verdicts.error_lower_bound,
        check_verdicts.error_upper_bound,
        check_verdicts.warn_lower_bound,
        check_verdicts.warn_upper_bound,
        cast(sample_sizes.decided_leads as {{ dbt.type_bigint() }}) as decided_leads,
        cast(sample_sizes.converted_leads as {{ dbt.type_bigint() }}) as converted_leads,
        evaluation_periods.first_cohort_month,
        evaluation_periods.last_cohort_month,
        coalesce(check_verdicts.error_description, check_verdicts.warn_description) as description,
        {{ score_date() }} as evaluated_as_of

    from check_verdicts
    left join sample_sizes
        on check_verdicts.model_id = sample_sizes.model_id
    left join evaluation_periods
        on check_verdicts.model_id = evaluation_periods.model_id

)

select * from final

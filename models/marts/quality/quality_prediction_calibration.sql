{#-
    The predictive score against what happened: per slice (quality_lead_outcomes), model and
    decile of conversion_probability,
    mean predicted probability and observed conversion rate of the decided snapshots of the
    evaluation period that its predictive model was not trained on (cohorts after the model's
    training window); bucket 0 pools them. Only out-of-sample snapshots count: a model judged on
    its own training cohorts always looks calibrated.
-#}
{%- set buckets = var('quality_score_buckets') | int -%}

with lead_outcomes as (

    select * from {{ ref('quality_lead_outcomes') }}
    where is_decided
        and is_in_evaluation_period
        and conversion_probability is not null

),

saved_models as (

    select * from {{ ref('stg_learning__predictive_models') }}

),

out_of_sample as (

    select
        lead_outcomes.slice_id,
        lead_outcomes.model_id,
        lead_outcomes.conversion_probability,
        case when lead_outcomes.is_converted then 1 else 0 end as is_converted

    from lead_outcomes
    inner join saved_models
        on lead_outcomes.predictive_model_version = saved_models.model_version
    where lead_outcomes.cohort_month > saved_models.training_last_cohort

),

bucketed as (

    select
        *,
        ntile({{ buckets }}) over (partition by slice_id, model_id order by conversion_probability) as probability_bucket

    from out_of_sample

),

by_bucket as (

    select
        slice_id,
        model_id,
        probability_bucket,
        count(*) as snapshots,
        sum(is_converted) as conversions,
        avg(conversion_probability) as mean_predicted

    from bucketed
    group by 1, 2, 3

    union all

    select
        slice_id,
        model_id,
        0 as probability_bucket,
        count(*) as snapshots,
        sum(is_converted) as conversions,
        avg(conversion_probability) as mean_predicted

    from bucketed
    group by 1, 2

),

final as (

    select
        slice_id,
        model_id,
        cast(probability_bucket as {{ dbt.type_int() }}) as probability_bucket,
        cast(snapshots as {{ dbt.type_bigint() }}) as snapshots,
        cast(conversions as {{ dbt.type_bigint() }}) as conversions,
        cast(mean_predicted as {{ number_type() }}) as mean_predicted,
        cast(conversions / cast(snapshots as {{ number_type() }}) as {{ number_type() }}) as observed_rate,
        {{ score_date() }} as evaluated_as_of

    from by_bucket

)

select * from final

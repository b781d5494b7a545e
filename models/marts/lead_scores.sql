{#- One row per lead per active scoring model: the score, its parts, grade, stage and account score. -#}
with lead_scores as (

    select * from {{ ref('int_lead_scores_summed') }}

),

leads as (

    select * from {{ ref('int_leads_enriched') }}

),

account_scores as (

    select * from {{ ref('int_account_scores') }}

),

grade_bands as (

    select * from {{ ref('int_fit_grade_bands') }}

),

thresholds as (

    select * from {{ ref('int_score_thresholds') }}

),

predictions as (

    select * from {{ ref('int_lead_predictions') }}

),

grades_ranked as (

    select
        lead_scores.lead_id,
        lead_scores.model_id,
        grade_bands.fit_grade,
        row_number() over (
            partition by lead_scores.lead_id, lead_scores.model_id
            order by grade_bands.min_fit_score desc
        ) as band_rank

    from lead_scores
    inner join grade_bands
        on lead_scores.model_id = grade_bands.model_id
        and lead_scores.fit_score >= grade_bands.min_fit_score

),

stages_ranked as (

    select
        lead_scores.lead_id,
        lead_scores.model_id,
        thresholds.stage,
        row_number() over (
            partition by lead_scores.lead_id, lead_scores.model_id
            order by thresholds.min_total_score desc
        ) as threshold_rank

    from lead_scores
    inner join thresholds
        on lead_scores.model_id = thresholds.model_id
        and lead_scores.total_score >= thresholds.min_total_score

),

final as (

    select
        lead_scores.lead_id,
        lead_scores.model_id,
        lead_scores.is_primary_model,
        lead_scores.challenger_of,
        leads.account_id,
        leads.email,
        leads.job_title,
        leads.seniority,
        leads.lead_source,
        leads.lead_direction,
        leads.product_interest,
        lead_scores.fit_score,
        lead_scores.engagement_score,
        lead_scores.profile_score,
        lead_scores.negative_points,
        lead_scores.baseline_points,
        lead_scores.total_score,
        grades_ranked.fit_grade,
        coalesce(stages_ranked.stage, 'none') as lead_stage,
        account_scores.account_score,
        lead_scores.last_engaged_at,
        predictions.conversion_probability,
        predictions.predictive_model_version,
        {{ score_date() }} as scored_as_of

    from lead_scores
    inner join leads
        on lead_scores.lead_id = leads.lead_id
    left join grades_ranked
        on lead_scores.lead_id = grades_ranked.lead_id
        and lead_scores.model_id = grades_ranked.model_id
        and grades_ranked.band_rank = 1
    left join stages_ranked
        on lead_scores.lead_id = stages_ranked.lead_id
        and lead_scores.model_id = stages_ranked.model_id
        and stages_ranked.threshold_rank = 1
    left join account_scores
        on leads.account_id = account_scores.account_id
        and lead_scores.model_id = account_scores.model_id
    left join predictions
        on lead_scores.lead_id = predictions.lead_id
        and lead_scores.model_id = predictions.model_id

)

select * from final

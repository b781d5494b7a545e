{#-
    Lead × active model: the category scores, each the exact sum of its rules' contributions, and
    the total, the sum of every contribution (fit, engagement, profile, negative, baseline).
-#}
with lead_models as (

    select * from {{ ref('int_lead_model_assignments') }}

),

contributions as (

    select * from {{ ref('int_lead_rule_contributions') }}

),

category_totals as (

    select
        lead_id,
        model_id,
        sum(case when category = 'fit' then contributed_points else 0 end) as fit_score,
        sum(case when category = 'engagement' then contributed_points else 0 end) as engagement_score,
        sum(case when category = 'profile' then contributed_points else 0 end) as profile_score,
        sum(case when category = 'negative' then contributed_points else 0 end) as negative_points,
        sum(case when category = 'baseline' then contributed_points else 0 end) as baseline_points,
        sum(contributed_points) as total_score,
        max(case when category = 'engagement' then last_event_at end) as last_engaged_at

    from contributions
    group by 1, 2

),

final as (

    select
        lead_models.lead_id,
        lead_models.model_id,
        lead_models.is_primary_model,
        lead_models.challenger_of,
        {{ points('coalesce(category_totals.fit_score, 0)') }} as fit_score,
        {{ points('coalesce(category_totals.engagement_score, 0)') }} as engagement_score,
        {{ points('coalesce(category_totals.profile_score, 0)') }} as profile_score,
        {{ points('coalesce(category_totals.negative_points, 0)') }} as negative_points,
        {{ points('coalesce(category_totals.baseline_points, 0)') }} as baseline_points,
        {{ points('coalesce(category_totals.total_score, 0)') }} as total_score,
        category_totals.last_engaged_at

    from lead_models
    left join category_totals
        on lead_models.lead_id = category_totals.lead_id
        and lead_models.model_id = category_totals.model_id

)

select * from final

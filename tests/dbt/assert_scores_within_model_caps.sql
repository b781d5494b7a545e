{#-
    Every lead's category scores stay within its model's caps and floor, profile points are never
    negative, and totals are never negative when the model floors them at zero.
-#}
with scores as (

    select * from {{ ref('lead_scores') }}

),

scoring_models as (

    select * from {{ ref('int_scoring_models') }}

)

select
    scores.lead_id,
    scores.model_id,
    scores.fit_score,
    scores.engagement_score,
    scores.profile_score,
    scores.negative_points,
    scores.total_score

from scores
inner join scoring_models
    on scores.model_id = scoring_models.model_id
where scores.fit_score < 0
    or scores.fit_score > scoring_models.fit_cap
    or scores.engagement_score < 0
    or scores.engagement_score > scoring_models.engagement_cap
    or scores.negative_points > 0
    or scores.negative_points < scoring_models.negative_floor
    or scores.profile_score < 0
    or (scoring_models.floor_at_zero = true and scores.total_score < 0)

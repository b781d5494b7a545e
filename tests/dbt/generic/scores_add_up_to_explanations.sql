{#-
    Fails for every lead and model whose scores differ from the sum of its explanation rows, for
    each category and the total: a points log that does not add up is not an explanation.
-#}
{% test scores_add_up_to_explanations(model, explanations='lead_score_explanations') %}

with scores as (

    select * from {{ model }}

),

explained as (

    select
        lead_id,
        model_id,
        sum(case when category = 'fit' then contributed_points else 0 end) as fit_points,
        sum(case when category = 'engagement' then contributed_points else 0 end) as engagement_points,
        sum(case when category = 'negative' then contributed_points else 0 end) as negative_points,
        sum(contributed_points) as total_points

    from {{ ref(explanations) }}
    group by 1, 2

)

select
    scores.lead_id,
    scores.model_id,
    scores.total_score,
    coalesce(explained.total_points, 0) as explained_total

from scores
left join explained
    on scores.lead_id = explained.lead_id
    and scores.model_id = explained.model_id
where scores.total_score <> coalesce(explained.total_points, 0)
    or scores.fit_score <> coalesce(explained.fit_points, 0)
    or scores.engagement_score <> coalesce(explained.engagement_points, 0)
    or scores.negative_points <> coalesce(explained.negative_points, 0)

{% endtest %}

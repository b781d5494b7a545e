{#-
    What each fired rule finally contributes to the lead's score, so that contributions add up to
    the score exactly. Category caps are filled greedily, biggest rule first: once fit (or
    engagement) reaches its cap, further rules contribute nothing. Negative points are limited
    by the model's negative_floor and by the positive points the lead has, so a score never goes
    below zero and an old penalty cannot bury a lead who re-engages.

    The sort keys are never null; the explicit null ordering is the one every engine agrees on
    (BigQuery's default, which it cannot override inside a windowed sum), so the SQL transpiles.
-#}
with rule_points as (

    select * from {{ ref('int_lead_rule_points') }}

),

scoring_models as (

    select * from {{ ref('int_scoring_models') }}

),

positive_running as (

    select
        rule_points.*,
        case
            when rule_points.category = 'fit' then {{ points('scoring_models.fit_cap') }}
            else {{ points('scoring_models.engagement_cap') }}
        end as category_cap,
        sum(rule_points.rule_points) over (
            partition by rule_points.lead_id, rule_points.model_id, rule_points.category
            order by rule_points.rule_points desc nulls last, rule_points.rule_id nulls first
            rows between unbounded preceding and current row
        ) as running_points

    from rule_points
    inner join scoring_models
        on rule_points.model_id = scoring_models.model_id
    where rule_points.category in ('fit', 'engagement')

),

positive_contributions as (

    select
        positive_running.*,
        greatest(
            0,
            least(positive_running.rule_points, positive_running.category_cap - (positive_running.running_points - positive_running.rule_points))
        ) as contributed_points

    from positive_running

),

positive_totals as (

    select
        lead_id,
        model_id,
        sum(contributed_points) as positive_points

    from positive_contributions
    group by 1, 2

),

negative_running as (

    select
        rule_points.*,
        greatest(
            {{ points('scoring_models.negative_floor') }},
            -1 * coalesce(positive_totals.positive_points, 0)
        ) as negative_budget,
        sum(rule_points.rule_points) over (
            partition by rule_points.lead_id, rule_points.model_id
            order by rule_points.rule_points nulls first, rule_points.rule_id nulls first
            rows between unbounded preceding and current row
        ) as running_points

    from rule_points
    inner join scoring_models
        on rule_points.model_id = scoring_models.model_id
    left join positive_totals
        on rule_points.lead_id = positive_totals.lead_id
        and rule_points.model_id = positive_totals.model_id
    where rule_points.category = 'negative'

),

negative_contributions as (

    select
        negative_running.*,
        least(
            0,
            greatest(negative_running.rule_points, negative_running.negative_budget - (negative_running.running_points - negative_running.rule_points))
        ) as contributed_points

    from negative_running

),

all_contributions as (

    select
        lead_id, model_id, rule_id, category, subject, event_count, counted_event_count,
        first_event_at, last_event_at, raw_points, decayed_points, rule_points, contributed_points
    from positive_contributions
    union all
    select
        lead_id, model_id, rule_id, category, subject, event_count, counted_event_count,
        first_event_at, last_event_at, raw_points, decayed_points, rule_points, contributed_points
    from negative_contributions

),

final as (

    select
        lead_id,
        model_id,
        rule_id,
        category,
        subject,
        event_count,
        counted_event_count,
        first_event_at,
        last_event_at,
        raw_points,
        decayed_points,
        rule_points,
        {{ points('contributed_points') }} as contributed_points

    from all_contributions

)

select * from final

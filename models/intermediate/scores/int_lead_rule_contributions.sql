{#-
    What each fired rule finally contributes to the lead's score, so that contributions add up to
    the score exactly. Category caps are filled greedily, biggest rule first: once fit (or
    engagement) reaches its cap, further rules contribute nothing; profile rules are not capped.
    Negative points are limited by the model's negative_floor and, when the model floors totals
    at zero (floor_at_zero, the default), by the positive points the lead has (baseline
    included), so a score never goes below zero and an old penalty cannot bury a lead who
    re-engages. A model's baseline_points is one more row per lead (rule_id 'baseline').

    Filling a cap greedily adds up to least(cap, the category's positive points), and when those
    points fit under the cap every positive rule keeps its points. So the running sums (a window
    sorted per lead) are computed only for the lead x model x categories over their cap, which
    are few: at 1M demo leads about 1% of the rows, and sorting all of them was most of the cost.

    The sort keys are never null; the explicit null ordering is the one every engine agrees on
    (BigQuery's default, which it cannot override inside a windowed sum), so the SQL transpiles.
-#}
with scoring_models as (

    select * from {{ ref('int_scoring_models') }}

),

category_points as (

    {#- A rule with negative points in a positive category adds nothing to it. -#}
    select
        rule_points.lead_id,
        rule_points.model_id,
        rule_points.category,
        sum(case when rule_points.rule_points > 0 then rule_points.rule_points else 0 end) as positive_points,
        min(case
            when rule_points.category = 'fit' then {{ points('scoring_models.fit_cap') }}
            else {{ points('scoring_models.engagement_cap') }}
        end) as category_cap

    from {{ ref('int_lead_rule_points') }} as rule_points
    inner join scoring_models
        on rule_points.model_id = scoring_models.model_id
    where rule_points.category in ('fit', 'engagement')
    group by 1, 2, 3

),

capped_categories as (

    select * from category_points
    where positive_points > category_cap

),

uncapped_contributions as (

    {#- Within their category's cap: every rule keeps its points. -#}
    select
        rule_points.*,
        case when rule_points.rule_points > 0 then rule_points.rule_points else 0 end as contributed_points

    from {{ ref('int_lead_rule_points') }} as rule_points
    left join capped_categories
        on rule_points.lead_id = capped_categories.lead_id
        and rule_points.model_id = capped_categories.model_id
        and rule_points.category = capped_categories.category
    where rule_points.category in ('fit', 'engagement')
        and capped_categories.lead_id is null

),

capped_running as (

    select
        rule_points.*,
        capped_categories.category_cap,
        sum(rule_points.rule_points) over (
            partition by rule_points.lead_id, rule_points.model_id, rule_points.category
            order by rule_points.rule_points desc nulls last, rule_points.rule_id nulls first
            rows between unbounded preceding and current row
        ) as running_points

    from {{ ref('int_lead_rule_points') }} as rule_points
    inner join capped_categories
        on rule_points.lead_id = capped_categories.lead_id
        and rule_points.model_id = capped_categories.model_id
        and rule_points.category = capped_categories.category

),

capped_contributions as (

    select
        capped_running.*,
        greatest(
            0,
            least(capped_running.rule_points, capped_running.category_cap - (capped_running.running_points - capped_running.rule_points))
        ) as contributed_points

    from capped_running

),

profile_contributions as (

    select
        rule_points.*,
        rule_points.rule_points as contributed_points

    from {{ ref('int_lead_rule_points') }} as rule_points
    where rule_points.category = 'profile'

),

baseline_contributions as (

    {#- The model's intercept, as a row of its own so the explanation rows still add up. -#}
    select
        lead_models.lead_id,
        lead_models.model_id,
        cast('baseline' as {{ dbt.type_string() }}) as rule_id,
        cast('baseline' as {{ dbt.type_string() }}) as category,
        cast('model' as {{ dbt.type_string() }}) as subject,
        cast(null as {{ dbt.type_bigint() }}) as event_count,
        cast(null as {{ dbt.type_bigint() }}) as counted_event_count,
        cast(null as {{ dbt.type_timestamp() }}) as first_event_at,
        cast(null as {{ dbt.type_timestamp() }}) as last_event_at,
        {{ points('scoring_models.baseline_points') }} as raw_points,
        {{ points('scoring_models.baseline_points') }} as decayed_points,
        {{ points('scoring_models.baseline_points') }} as rule_points,
        {{ points('scoring_models.baseline_points') }} as contributed_points

    from {{ ref('int_lead_model_assignments') }} as lead_models
    inner join scoring_models
        on lead_models.model_id = scoring_models.model_id
    where scoring_models.baseline_points <> 0

),

positive_parts as (

    select
        lead_id,
        model_id,
        greatest(0, least(positive_points, category_cap)) as positive_points
    from category_points

    union all

    select lead_id, model_id, contributed_points as positive_points
    from profile_contributions

    union all

    select lead_id, model_id, contributed_points as positive_points
    from baseline_contributions

),

positive_totals as (

    select
        lead_id,
        model_id,
        sum(positive_points) as positive_points

    from positive_parts
    group by 1, 2

),

negative_running as (

    select
        rule_points.*,
        case
            when scoring_models.floor_at_zero = true
                then greatest(
                    {{ points('scoring_models.negative_floor') }},
                    -1 * coalesce(positive_totals.positive_points, 0)
                )
            else {{ points('scoring_models.negative_floor') }}
        end as negative_budget,
        sum(rule_points.rule_points) over (
            partition by rule_points.lead_id, rule_points.model_id
            order by rule_points.rule_points nulls first, rule_points.rule_id nulls first
            rows between unbounded preceding and current row
        ) as running_points

    from {{ ref('int_lead_rule_points') }} as rule_points
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

    {#- The int_lead_rule_points view is read by each branch rather than through one CTE: a CTE
        used several times is materialized, and writing 16M wide rows aside cost more than
        reading the view again. -#}
    {%- for branch in ['uncapped', 'capped', 'negative', 'profile', 'baseline'] %}
    select
        lead_id, model_id, rule_id, category, subject, event_count, counted_event_count,
        first_event_at, last_event_at, raw_points, decayed_points, rule_points, contributed_points
    from {{ branch }}_contributions
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

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

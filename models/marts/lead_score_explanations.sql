{#-
    One row per lead, model and rule that fired: how each score was made. contributed_points add
    up to lead_scores.total_score. A view, not a table: BI reads the published copy, which
    publish_marts writes as a table, so a table here would write the same rows (16M at 1M leads)
    a second time in every run.
-#}
{{ config(materialized='view') }}
with contributions as (

    select * from {{ ref('int_lead_rule_contributions') }}

),

rules as (

    select * from {{ ref('int_scoring_rules') }}

),

scoring_models as (

    select * from {{ ref('int_scoring_models') }}

),

final as (

    select
        contributions.lead_id,
        contributions.model_id,
        contributions.rule_id,
        contributions.category,
        contributions.subject,
        coalesce(
            rules.description,
            {{ dbt.concat(['scoring_models.model_name', "': baseline points'"]) }}
        ) as rule_description,
        contributions.event_count,
        contributions.counted_event_count,
        contributions.first_event_at,
        contributions.last_event_at,
        contributions.raw_points,
        contributions.decayed_points,
        contributions.rule_points,
        contributions.contributed_points,
        {{ score_date() }} as scored_as_of

    from contributions
    inner join scoring_models
        on contributions.model_id = scoring_models.model_id
    left join rules
        on contributions.model_id = rules.model_id
        and contributions.rule_id = rules.rule_id

)

select * from final

{#-
    Every lead under every active model (leads are scored by all of them, side by side), and the
    one model each lead belongs to: the matching model with the lowest assignment_priority.
    Challengers (challenger_of set) have no assignment condition, so they never match and are
    never a lead's primary model: they score in shadow.
-#}
{%- set rules_config = scoring_config() %}

with rule_input as (

    select * from {{ ref('int_leads_enriched') }}

),

scoring_models as (

    select * from {{ ref('int_scoring_models') }}
    where is_active = true

),

lead_models as (

    select
        rule_input.lead_id,
        scoring_models.model_id,
        scoring_models.assignment_priority,
        scoring_models.challenger_of,
        coalesce({{ model_assignment_switch(rules_config.models) }}, false) as matches_assignment

    from rule_input
    cross join scoring_models

),

ranked as (

    select
        lead_models.*,
        row_number() over (
            partition by lead_models.lead_id
            order by
                case when lead_models.matches_assignment = true then 0 else 1 end,
                lead_models.assignment_priority,
                lead_models.model_id
        ) as assignment_rank

    from lead_models

),

final as (

    select
        lead_id,
        model_id,
        challenger_of,
        matches_assignment,
        coalesce(matches_assignment = true and assignment_rank = 1, false) as is_primary_model

    from ranked

)

select * from final

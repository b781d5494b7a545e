{{ config(materialized='view') }}
-- depends_on: {{ ref('scoring_models') }}
-- depends_on: {{ ref('scoring_rules') }}
-- depends_on: {{ ref('score_thresholds') }}
-- depends_on: {{ ref('fit_grade_bands') }}
-- depends_on: {{ ref('event_types') }}
{#- Event × model × rule for every event rule an event meets (joined on event_type first, for speed). -#}
{%- set scoring_config = load_scoring_config() %}

with rule_input as (

    select * from {{ ref('int_events_validated') }}

),

rules as (

    select * from {{ ref('int_scoring_rules') }}
    where subject = 'event'
        and is_active = true
        and is_model_active = true

),

final as (

    select
        rule_input.lead_id,
        rule_input.occurred_at,
        rule_input.event_date,
        rules.model_id,
        rules.rule_id

    from rule_input
    inner join rules
        on rule_input.event_type = rules.event_type
    where {{ rule_condition_switch(scoring_config.rules, ['event']) }}

)

select * from final

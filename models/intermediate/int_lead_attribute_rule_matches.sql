{{ config(materialized='view') }}
-- depends_on: {{ ref('scoring_models') }}
-- depends_on: {{ ref('scoring_rules') }}
-- depends_on: {{ ref('score_thresholds') }}
-- depends_on: {{ ref('fit_grade_bands') }}
-- depends_on: {{ ref('event_types') }}
{#- Lead × model × rule for every lead and account rule whose condition the lead meets. -#}
{%- set scoring_config = load_scoring_config() %}

with rule_input as (

    select * from {{ ref('int_leads_enriched') }}

),

rules as (

    select * from {{ ref('int_scoring_rules') }}
    where subject in ('lead', 'account')
        and is_active = true
        and is_model_active = true

),

final as (

    select
        rule_input.lead_id,
        rules.model_id,
        rules.rule_id

    from rule_input
    cross join rules
    where {{ rule_condition_switch(scoring_config.rules, ['lead', 'account']) }}

)

select * from final

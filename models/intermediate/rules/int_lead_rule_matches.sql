{{ config(materialized='view') }}
{#- Lead × model × rule for every lead rule (subject lead) whose condition the lead meets. -#}
{%- set rules_config = scoring_config() %}

with rule_input as (

    select * from {{ ref('int_leads_enriched') }}

),

rules as (

    select * from {{ ref('int_scoring_rules') }}
    where subject = 'lead'
        and is_active = true
        and is_model_active = true
        and lookup_column is null

),

final as (

    select
        rule_input.lead_id,
        rules.model_id,
        rules.rule_id,
        cast(null as {{ number_type() }}) as points

    from rule_input
    cross join rules
    where {{ rule_condition_switch(rules_config.rules, ['lead']) }}
    {{- lookup_rule_matches(rules_config.rules, 'lead', 'lead_id') }}

)

select * from final

{{ config(materialized='view') }}
{#-
    Account × model × rule for every account rule (subject account) whose condition the account
    meets. Account scores sum them; every lead of the account gets them too (int_lead_rule_points).
-#}
{%- set rules_config = scoring_config() %}

with rule_input as (

    select * from {{ ref('int_accounts_enriched') }}

),

rules as (

    select * from {{ ref('int_scoring_rules') }}
    where subject = 'account'
        and is_active = true
        and is_model_active = true
        and lookup_column is null

),

final as (

    select
        rule_input.account_id,
        rules.model_id,
        rules.rule_id,
        cast(null as {{ number_type() }}) as points

    from rule_input
    cross join rules
    where {{ rule_condition_switch(rules_config.rules, ['account']) }}
    {{- lookup_rule_matches(rules_config.rules, 'account', 'account_id') }}

)

select * from final

{{ config(materialized='view') }}
{#-
    Lead × model × rule for every rule that fired, before category caps: the lead's own rules,
    its account's rules (a lead without an account gets none), its event rules and its activity
    rules.
-#}
with lead_rule_matches as (

    select * from {{ ref('int_lead_rule_matches') }}

),

account_rule_matches as (

    select * from {{ ref('int_account_rule_matches') }}

),

leads as (

    select * from {{ ref('int_leads_enriched') }}

),

attribute_rule_matches as (

    select lead_id, model_id, rule_id, points from lead_rule_matches

    union all

    select
        leads.lead_id,
        account_rule_matches.model_id,
        account_rule_matches.rule_id,
        account_rule_matches.points

    from account_rule_matches
    inner join leads
        on account_rule_matches.account_id = leads.account_id

),

event_rule_points as (

    select * from {{ ref('int_lead_event_rule_points') }}

),

rules as (

    select * from {{ ref('int_scoring_rules') }}

),

attribute_rule_points as (

    select
        attribute_rule_matches.lead_id,
        attribute_rule_matches.model_id,
        attribute_rule_matches.rule_id,
        cast(null as {{ dbt.type_bigint() }}) as event_count,
        cast(null as {{ dbt.type_bigint() }}) as counted_event_count,
        cast(null as {{ dbt.type_timestamp() }}) as first_event_at,
        cast(null as {{ dbt.type_timestamp() }}) as last_event_at,
        {#- A lookup rule's points are the matched value's; other rules have their own. -#}
        {{ points('coalesce(attribute_rule_matches.points, rules.points)') }} as raw_points,
        {{ points('coalesce(attribute_rule_matches.points, rules.points)') }} as decayed_points,
        {{ points('coalesce(attribute_rule_matches.points, rules.points)') }} as rule_points

    from attribute_rule_matches
    inner join rules
        on attribute_rule_matches.model_id = rules.model_id
        and attribute_rule_matches.rule_id = rules.rule_id

),

all_rule_points as (

    select * from attribute_rule_points
    union all
    select
        lead_id,
        model_id,
        rule_id,
        cast(event_count as {{ dbt.type_bigint() }}) as event_count,
        cast(counted_event_count as {{ dbt.type_bigint() }}) as counted_event_count,
        first_event_at,
        last_event_at,
        raw_points,
        decayed_points,
        rule_points
    from event_rule_points
    union all
    select
        lead_id,
        model_id,
        rule_id,
        event_count,
        counted_event_count,
        first_event_at,
        last_event_at,
        raw_points,
        decayed_points,
        rule_points
    from {{ ref('int_lead_activity_rule_points') }}

),

final as (

    select
        all_rule_points.*,
        rules.category,
        rules.subject

    from all_rule_points
    inner join rules
        on all_rule_points.model_id = rules.model_id
        and all_rule_points.rule_id = rules.rule_id

)

select * from final

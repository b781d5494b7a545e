{{ config(
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='sync_all_columns',
    indexes=[{'columns': ['event_date']}] if target.type == 'postgres' else [],
    pre_hook="{{ rule_matches_pre_hook() }}",
    post_hook="{{ rule_matches_post_hook() }}",
) }}
-- depends_on: {{ ref('int_incremental_ledger') }}
-- depends_on: {{ ref('int_events_loaded') }}
{#-
    Lead x event rule x day: how many of the lead's events that day the rule matched, the sum of
    their values (for activity rules), and the first and last of them. The rule is its rule_key (int_scoring_rules maps it to the model and
    rule ids), which keeps the 42M rows of 1M leads narrow. Every event of one day has the same
    age on any score_date, so these daily counts are all int_lead_event_rule_points needs to
    apply repeats and decay exactly as if it ranked the events one by one.

    Independent of score_date and incremental by day: a run recounts only the days that
    int_events_loaded loaded since they were last counted, or every day when the event rules'
    matching changed (an edited condition, a rule added or removed), as recorded in
    int_incremental_ledger (macros/incremental/rule_match_days_sql.sql). Events of unknown
    leads are counted here and dropped when scored (int_lead_event_rule_points joins the leads
    as of score_date).
-#}
{%- set rules_config = scoring_config() %}
{%- set rebuild = rule_matches_rebuild() %}
{%- set days = [] if rebuild else rule_match_days(event_rules_version(rules_config)) %}

{%- set event_rules = rules_config.rules | rejectattr('rule_key', 'none') | sort(attribute='rule_key') %}

{#-
    One select per event rule, each reading only its event type, rather than one join of every
    event with every rule of its type through a `case` on the rule: a scan with a filter per rule
    is much cheaper than evaluating the rule switch on every event x rule pair. The conditions
    are the rule compiler's SQL from scoring_config(), as in rule_condition_switch.
#}

with
{%- if not rebuild %}

days_events as (

    {#- An incremental run reads its few days once here (a CTE every rule uses, which the
        engine materializes) instead of scanning the whole table once per rule. A rebuild scans
        the table per rule instead: materializing every event would cost more. -#}
    select * from {{ ref('int_events_loaded') }}
    where is_scoreable = true
        and {{ event_day_filter('event_date', days) }}

),
{%- endif %}

daily_matches as (
{% for rule in event_rules %}
    select
        rule_input.lead_id,
        cast({{ rule.rule_key }} as {{ dbt.type_int() }}) as rule_key,
        rule_input.event_date,
        count(*) as event_count,
        sum(rule_input.value) as value_sum,
        min(rule_input.occurred_at) as first_event_at,
        max(rule_input.occurred_at) as last_event_at

    from {{ ref('int_events_loaded') if rebuild else 'days_events' }} as rule_input
    where rule_input.is_scoreable = true
        and rule_input.event_type = {{ sql_text_literal(rule.event_type) }}
        and ({{ rule.condition_sql }})
    group by 1, 2, 3
    {% if not loop.last %}union all{% endif %}
{%- else %}
    select
        cast(null as {{ dbt.type_string() }}) as lead_id,
        cast(null as {{ dbt.type_int() }}) as rule_key,
        cast(null as date) as event_date,
        cast(0 as {{ dbt.type_bigint() }}) as event_count,
        cast(null as {{ number_type() }}) as value_sum,
        cast(null as {{ dbt.type_timestamp() }}) as first_event_at,
        cast(null as {{ dbt.type_timestamp() }}) as last_event_at
    where 1 = 0
{%- endfor %}

),

final as (

    select
        lead_id,
        rule_key,
        event_date,
        event_count,
        value_sum,
        first_event_at,
        last_event_at

    from daily_matches

)

select * from final

{{ config(
    materialized='incremental',
    incremental_strategy='append',
    indexes=[{'columns': ['event_date']}] if target.type == 'postgres' else [],
    pre_hook="{{ event_window_delete(event_rules_version()) }}",
) }}
-- depends_on: {{ ref('scoring_models') }}
-- depends_on: {{ ref('scoring_rules') }}
-- depends_on: {{ ref('score_thresholds') }}
-- depends_on: {{ ref('fit_grade_bands') }}
-- depends_on: {{ ref('event_types') }}
{#-
    Lead x model x event rule x day: how many of the lead's events that day the rule matched,
    with the first and last of them. Every event of one day has the same age on any score_date,
    so these daily counts are all int_lead_event_rule_points needs to apply repeats and decay
    exactly as if it ranked the events one by one.

    Independent of score_date and incremental by event time: a run re-aggregates only the last
    var leadscore_event_lookback_days days (macros/incremental/event_window.sql). Editing an
    event rule's condition, or a rebuild of int_events_loaded, changes config_version, which
    rebuilds this table too. Events of unknown leads are counted here and dropped when scored
    (int_lead_event_rule_points joins the leads as of score_date).
-#}
{%- set scoring_config = load_scoring_config() %}
{%- set version = event_rules_version(scoring_config) %}
{%- set window_start = event_window_start(version) %}

with rule_input as (

    select * from {{ ref('int_events_loaded') }}
    where is_scoreable = true
    {%- if window_start is not none %}
        and event_date >= cast('{{ window_start }}' as date)
    {%- endif %}

),

rules as (

    select * from {{ ref('int_scoring_rules') }}
    where subject = 'event'
        and is_active = true
        and is_model_active = true

),

matches as (

    select
        rule_input.lead_id,
        rules.model_id,
        rules.rule_id,
        rule_input.event_date,
        rule_input.occurred_at

    from rule_input
    inner join rules
        on rule_input.event_type = rules.event_type
    where {{ rule_condition_switch(scoring_config.rules, ['event']) }}

),

final as (

    select
        lead_id,
        model_id,
        rule_id,
        event_date,
        count(*) as event_count,
        min(occurred_at) as first_event_at,
        max(occurred_at) as last_event_at,
        cast('{{ version }}' as {{ dbt.type_string() }}) as config_version

    from matches
    group by 1, 2, 3, 4

)

select * from final

{#-
    int_lead_rule_daily_matches's post-hook, in its transaction: record in int_incremental_ledger,
    for every day it counted, the int_events_loaded run the day came from and the event rules'
    version. A day int_events_loaded no longer has loses its row.
-#}
{% macro rule_matches_post_hook() %}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {%- set ledger = ref('int_incremental_ledger') -%}
    {%- set version = event_rules_version() -%}
    {#- After a first run the table exists, so is_incremental() is true here; the ledger rows
        decide: none of its own means everything was counted. -#}
    {%- if rule_matches_rebuild() -%}
        {%- set counted_condition = 'true' -%}
        {%- set loaded_condition = 'true' -%}
    {%- else -%}
        {%- set days = rule_match_days(version) -%}
        {%- set counted_condition = event_day_filter('event_date', days) -%}
        {%- set loaded_condition = event_day_filter('event_date', days) -%}
    {%- endif -%}
    {%- set statements = [
        'delete from ' ~ ledger ~ " where model_name = 'int_lead_rule_daily_matches' and " ~ counted_condition,
        'insert into ' ~ ledger
            ~ ' (model_name, event_date, source_row_count, source_fingerprint, source_version, config_version, processed_by, processed_at) '
            ~ "select 'int_lead_rule_daily_matches', event_date, cast(null as " ~ dbt.type_bigint() ~ '), cast(null as decimal(38, 0)), '
            ~ 'processed_by, ' ~ sql_text_literal(version) ~ ', ' ~ sql_text_literal(invocation_id) ~ ', ' ~ dbt.current_timestamp()
            ~ ' from ' ~ ledger ~ " where model_name = 'int_events_loaded' and " ~ loaded_condition,
    ] -%}
    {{- return(statements | join(';\n')) -}}
{% endmacro %}

{#-
    int_events_loaded's post-hook, in the model's transaction: record in int_incremental_ledger,
    for every day the run loaded, the fingerprint of the staged events it loaded, the event
    types' version and this run's id (int_lead_rule_daily_matches recounts the days whose run id
    changed). A removed day loses its row.
-#}
{% macro loaded_events_post_hook() %}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {%- set ledger = ref('int_incremental_ledger') -%}
    {%- set fingerprints = ref('int_event_day_fingerprints') -%}
    {%- if loaded_events_rebuild() -%}
        {%- set day_condition = 'true' -%}
    {%- else -%}
        {%- set day_condition = event_day_filter('event_date', event_days(ref('int_event_days_to_load'))) -%}
    {%- endif -%}
    {%- set statements = [
        'delete from ' ~ ledger ~ " where model_name = 'int_events_loaded' and " ~ day_condition,
        'insert into ' ~ ledger
            ~ ' (model_name, event_date, source_row_count, source_fingerprint, source_version, config_version, processed_by, processed_at) '
            ~ "select 'int_events_loaded', event_date, row_count, fingerprint, cast(null as " ~ dbt.type_string() ~ '), '
            ~ sql_text_literal(event_types_version()) ~ ', ' ~ sql_text_literal(invocation_id) ~ ', ' ~ dbt.current_timestamp()
            ~ ' from ' ~ fingerprints ~ ' where ' ~ day_condition,
    ] -%}
    {{- return(statements | join(';\n')) -}}
{% endmacro %}

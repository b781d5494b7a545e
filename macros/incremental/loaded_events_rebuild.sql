{#-
    True when this run of int_events_loaded rebuilds the whole table rather than reloading days:
    its first run, --full-refresh, or a rebuild asked for by int_event_days_changed (no ledger
    rows yet, or the event types changed). Used by the model and by its hooks, so they agree.
-#}
{% macro loaded_events_rebuild() %}
    {%- if not execute or not is_incremental() -%}{{ return(true) }}{%- endif -%}
    {{- return(event_days(ref('int_event_days_to_load'), "change = 'rebuild'") | length > 0) -}}
{% endmacro %}

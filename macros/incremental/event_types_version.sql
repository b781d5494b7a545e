{#- The configuration int_events_loaded depends on: the known event types. -#}
{% macro event_types_version() %}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {%- set types = run_query('select event_type from ' ~ ref('event_types') ~ ' order by 1').columns[0].values() | list -%}
    {{- return(config_version(types | map('string') | list)) -}}
{% endmacro %}

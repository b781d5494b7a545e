{#- The configuration int_events_loaded depends on: the known event types and the event attributes. -#}
{% macro event_types_version() %}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {%- set types = run_query('select event_type from ' ~ ref('event_types') ~ ' order by 1').columns[0].values() | list -%}
    {%- set attributes = [] -%}
    {%- for attribute in event_attributes() -%}{%- do attributes.append(attribute.name ~ ':' ~ attribute.type) -%}{%- endfor -%}
    {{- return(config_version(types | map('string') | list + attributes)) -}}
{% endmacro %}

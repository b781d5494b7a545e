{#-
    The order that decides which copy of a repeated event_id is the first (the one scored):
    earliest occurred_at, then the other columns, so the choice never depends on how an engine
    happens to read ties. `alias` qualifies the columns.
-#}
{% macro event_copy_order(alias) %}
    {%- set columns = [] -%}
    {%- for column in ['occurred_at', 'lead_id', 'event_type'] + event_attributes() | map(attribute='name') | list -%}
        {%- do columns.append(alias ~ '.' ~ column ~ ' nulls last') -%}
    {%- endfor -%}
    {{- return(columns | join(', ')) -}}
{% endmacro %}

{#- Whether a raw table has a column (false while dbt parses, before it can look). -#}
{% macro source_has_column(source_relation, name) %}
    {%- if not execute -%}{{ return(false) }}{%- endif -%}
    {%- set present = adapter.get_columns_in_relation(source_relation) | map(attribute='name') | map('lower') | list -%}
    {{ return(name | lower in present) }}
{% endmacro %}

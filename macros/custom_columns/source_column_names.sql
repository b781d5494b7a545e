{#- A raw table's column names, lowercased (empty while dbt parses, before it can look). -#}
{% macro source_column_names(source_relation) %}
    {%- if not execute -%}{{ return([]) }}{%- endif -%}
    {{ return(adapter.get_columns_in_relation(source_relation) | map(attribute='name') | map('lower') | list) }}
{% endmacro %}

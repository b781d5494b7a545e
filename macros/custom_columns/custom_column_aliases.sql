{#- The names of a raw table's custom columns in the models (their aliases), for column lists. -#}
{% macro custom_column_aliases(table) %}
    {{ return(custom_columns(table) | map(attribute='alias') | list) }}
{% endmacro %}

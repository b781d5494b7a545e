{#-
    A raw table's custom columns in a select list: `prefix alias,` for each, one per line (the
    trailing comma lets the list stand before the model's own columns). Empty when none are
    declared.
-#}
{% macro custom_column_list(table, prefix='') %}
    {%- for alias in custom_column_aliases(table) %}
        {{ prefix }}{{ alias }},
    {%- endfor %}
{% endmacro %}

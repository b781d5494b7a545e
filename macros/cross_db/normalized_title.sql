{#-
    A job title lowercased, punctuation turned into spaces and padded with a space on each side,
    so seed patterns like '% cto %' match whole words ('cto' but not 'director') with plain LIKE,
    which every engine has (regular-expression functions differ between engines).
-#}
{% macro normalized_title(column) %}
    {{- return(adapter.dispatch('normalized_title', 'leadscore')(column)) -}}
{% endmacro %}

{% macro default__normalized_title(column) %}
    {%- set expression = namespace(sql='lower(trim(' ~ column ~ '))') -%}
    {%- for character in [',', '.', '-', '/', '&', '(', ')', '|', ':', ';'] -%}
        {%- set expression.sql = 'replace(' ~ expression.sql ~ ", '" ~ character ~ "', ' ')" -%}
    {%- endfor -%}
    {{- return(dbt.concat(["' '", expression.sql, "' '"])) -}}
{% endmacro %}

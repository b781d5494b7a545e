{#-
    A 64-bit floating-point type for rule parameters (weights, multipliers, decay days).
    dbt.type_float() is a 32-bit FLOAT on DuckDB, which would store a 0.7 weight as 0.699999988.
-#}
{% macro number_type() %}
    {{- return(adapter.dispatch('number_type', 'leadscore')()) -}}
{% endmacro %}

{% macro default__number_type() %}
    {{- return('double precision') -}}
{% endmacro %}

{% macro bigquery__number_type() %}
    {{- return('float64') -}}
{% endmacro %}

{% macro spark__number_type() %}
    {{- return('double') -}}
{% endmacro %}

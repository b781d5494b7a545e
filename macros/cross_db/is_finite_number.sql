{#-
    True when a number is an ordinary finite value: false for NaN, +/-Infinity and null. Raw
    firmographics arrive as doubles, and NaN compares greater than every number on DuckDB,
    Postgres and Spark (so `annual_revenue >= 50000000` would hold for it); `between` is false
    for NaN and infinities on every engine, whichever way it orders NaN.
-#}
{% macro is_finite_number(expression) %}
    {{- return(adapter.dispatch('is_finite_number', 'leadscore')(expression)) -}}
{% endmacro %}

{% macro default__is_finite_number(expression) %}
    {{- return('coalesce(' ~ expression ~ ' between -1e308 and 1e308, false)') -}}
{% endmacro %}

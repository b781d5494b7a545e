{#- The largest value of a 32-bit integer column: counts above it are not valid counts here. -#}
{% macro max_integer() %}
    {{- return('2147483647') -}}
{% endmacro %}

{#-
    Points as an exact decimal with two places. Scores are sums of these, so the explanation rows
    add up to the score exactly on every engine. Rounding goes through six places first, so every
    engine rounds the same decimal (not the same binary double differently).
-#}
{% macro points(expression) %}
    {{- return(adapter.dispatch('points', 'leadscore')(expression)) -}}
{% endmacro %}

{% macro default__points(expression) %}
    {{- return('cast(cast(' ~ expression ~ ' as ' ~ points_type(18, 6) ~ ') as ' ~ points_type() ~ ')') -}}
{% endmacro %}

{#- The exact decimal type of points: decimal(12, 2) unless asked otherwise (dispatched). -#}
{% macro points_type(precision=12, scale=2) %}
    {{- return(adapter.dispatch('points_type', 'leadscore')(precision, scale)) -}}
{% endmacro %}

{% macro default__points_type(precision, scale) %}
    {{- return('decimal(' ~ precision ~ ', ' ~ scale ~ ')') -}}
{% endmacro %}

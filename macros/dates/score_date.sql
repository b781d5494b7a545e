{#-
    The day everything is scored "as of" (var score_date, default today in UTC), as a SQL date.
    Events after it are ignored and decay is measured to it, so a past day can be replayed.
-#}
{% macro score_date() %}
    {{- return("cast('" ~ score_date_string() ~ "' as date)") -}}
{% endmacro %}

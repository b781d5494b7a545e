{#-
    The day everything is scored "as of" (var score_date, default today in UTC), as a SQL date.
    Events after it are ignored and decay is measured to it, so a past day can be replayed.
-#}
{% macro score_date() %}
    {{- return("cast('" ~ score_date_string() ~ "' as date)") -}}
{% endmacro %}


{% macro score_date_string() %}
    {%- set configured = var('score_date', '') | string | trim -%}
    {%- if configured in ['', 'none', 'None'] -%}
        {{- return(run_started_at.strftime('%Y-%m-%d')) -}}
    {%- endif -%}
    {%- if not modules.re.match('^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$', configured) -%}
        {{- exceptions.raise_compiler_error("leadscore: var score_date must be a date written YYYY-MM-DD, got '" ~ configured ~ "'") -}}
    {%- endif -%}
    {{- return(configured) -}}
{% endmacro %}

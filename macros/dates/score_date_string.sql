{#-
    The day everything is scored "as of" as YYYY-MM-DD text: var score_date, or today in UTC when
    it is empty; a malformed value stops the run naming it.
-#}
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

{#-
    The event days (YYYY-MM-DD strings, sorted) listed in column event_date of `relation`,
    optionally only its rows meeting `condition`. Read at run time by the incremental models to
    know which days to (re)process; the lists are small (the days a run touches).
-#}
{% macro event_days(relation, condition='true') %}
    {%- if not execute -%}{{ return([]) }}{%- endif -%}
    {%- set rows = run_query(
        'select distinct event_date from ' ~ relation ~ ' where (' ~ condition ~ ') and event_date is not null order by 1'
    ).columns[0].values() -%}
    {%- set days = [] -%}
    {%- for day in rows -%}{%- do days.append((day | string)[:10]) -%}{%- endfor -%}
    {{- return(days) -}}
{% endmacro %}

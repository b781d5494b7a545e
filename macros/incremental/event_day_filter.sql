{#-
    A condition keeping the rows of `days` (event_days() strings). `column` is a date, or, with
    is_timestamp, a timestamp compared as stored first (a range from the first day to the day
    after the last), so an engine can skip the storage blocks outside the range by their min/max
    before it looks at single days. No days: false.
-#}
{% macro event_day_filter(column, days, is_timestamp=false) %}
    {%- if days | length == 0 -%}{{ return('false') }}{%- endif -%}
    {%- set listed = [] -%}
    {%- for day in days -%}{%- do listed.append("cast('" ~ day ~ "' as date)") -%}{%- endfor -%}
    {%- if not is_timestamp -%}
        {{- return(column ~ ' in (' ~ listed | join(', ') ~ ')') -}}
    {%- endif -%}
    {%- set after_last = (modules.datetime.datetime.strptime(days[-1], '%Y-%m-%d') + modules.datetime.timedelta(days=1)).strftime('%Y-%m-%d') -%}
    {{- return('(' ~ column ~ " >= cast('" ~ days[0] ~ "' as " ~ dbt.type_timestamp() ~ ')'
        ~ ' and ' ~ column ~ " < cast('" ~ after_last ~ "' as " ~ dbt.type_timestamp() ~ ')'
        ~ ' and cast(' ~ column ~ ' as date) in (' ~ listed | join(', ') ~ '))') -}}
{% endmacro %}

{#- int_lead_rule_daily_matches's pre-hook, in its transaction: delete the days it recounts. -#}
{% macro rule_matches_pre_hook() %}
    {%- if not execute or not is_incremental() -%}{{ return('') }}{%- endif -%}
    {%- if rule_matches_rebuild() -%}
        {{- return('delete from ' ~ this) -}}
    {%- endif -%}
    {{- return('delete from ' ~ this ~ ' where ' ~ event_day_filter('event_date', rule_match_days(event_rules_version()))) -}}
{% endmacro %}

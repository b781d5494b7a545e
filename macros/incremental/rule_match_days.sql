{#-
    The days int_lead_rule_daily_matches recounts in this run (rule_match_days_sql), as strings;
    `config_version` is the current event_rules_version().
-#}
{% macro rule_match_days(config_version) %}
    {{- return(event_days('(' ~ rule_match_days_sql(config_version) ~ ') as days_to_count')) -}}
{% endmacro %}

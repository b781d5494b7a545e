{#-
    A query for the days int_lead_rule_daily_matches must recount (column event_date): the days
    int_events_loaded loaded in a run after the one they were last counted from (their
    ledger processed_by differs from the rule matches' source_version), days never counted, days
    counted with other event rules than `config_version`, and days int_events_loaded no longer has.
-#}
{% macro rule_match_days_sql(config_version) %}
    {%- set ledger = ref('int_incremental_ledger') -%}
    {{- return(
        'select loaded.event_date from ' ~ ledger ~ ' as loaded '
        ~ 'left join ' ~ ledger ~ " as counted on counted.model_name = 'int_lead_rule_daily_matches' "
        ~ 'and counted.event_date = loaded.event_date '
        ~ "where loaded.model_name = 'int_events_loaded' and (counted.event_date is null "
        ~ 'or counted.source_version <> loaded.processed_by '
        ~ 'or counted.config_version <> ' ~ sql_text_literal(config_version) ~ ') '
        ~ 'union '
        ~ 'select counted.event_date from ' ~ ledger ~ ' as counted '
        ~ 'left join ' ~ ledger ~ " as loaded on loaded.model_name = 'int_events_loaded' "
        ~ 'and loaded.event_date = counted.event_date '
        ~ "where counted.model_name = 'int_lead_rule_daily_matches' and loaded.event_date is null"
    ) -}}
{% endmacro %}

{#-
    The configuration int_lead_rule_daily_matches depends on: which events each scored event
    rule matches (its rule_key, model, rule, event type, compiled condition). Points, repeats,
    decay and caps are applied later, per run, so changing them needs no recount. `rules_config`:
    scoring_config() when the caller has it already.
-#}
{% macro event_rules_version(rules_config=none) %}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {%- set config_now = rules_config if rules_config is not none else scoring_config() -%}
    {%- set matching = [] -%}
    {%- for rule in config_now.rules if rule.rule_key is not none -%}
        {%- do matching.append([rule.rule_key, rule.model_id, rule.rule_id, rule.event_type, rule.condition_sql]) -%}
    {%- endfor -%}
    {#- The counted columns too, so a table counted before value_sum existed is recounted. -#}
    {{- return(config_version(matching | sort + ['counts: event_count, value_sum'])) -}}
{% endmacro %}

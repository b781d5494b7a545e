{#-
    The lookup rules' points per value (seeds/scoring_lookup_points.csv), checked and typed by the
    rule compiler: a lead whose lookup column holds `value` gets `points` from the rule.
-#}
{%- set rules_config = scoring_config() %}

{{ config_rows_as_select(rules_config.lookups, [
    ['model_id', 'string'],
    ['rule_id', 'string'],
    ['value', 'string'],
    ['points', 'number'],
]) }}

{#-
    The scoring rules (seeds/scoring_rules.csv), checked and typed by the rule compiler, with
    the SQL each condition compiled to for this warehouse.
-#}
{%- set rules_config = scoring_config() %}

{{ config_rows_as_select(rules_config.rules, [
    ['model_id', 'string'],
    ['rule_id', 'string'],
    ['rule_key', 'integer'],
    ['category', 'string'],
    ['subject', 'string'],
    ['event_type', 'string'],
    ['condition', 'string'],
    ['condition_sql', 'string'],
    ['points', 'number'],
    ['lookup_column', 'string'],
    ['max_occurrences', 'integer'],
    ['repeat_multiplier', 'number'],
    ['rule_cap', 'number'],
    ['decay_method', 'string'],
    ['decay_days', 'number'],
    ['decay_step_multiplier', 'number'],
    ['is_active', 'boolean'],
    ['is_model_active', 'boolean'],
    ['description', 'string'],
    ['activity_measure', 'string'],
    ['activity_window_days', 'integer'],
    ['activity_threshold', 'number'],
]) }}

-- depends_on: {{ ref('scoring_models') }}
-- depends_on: {{ ref('scoring_rules') }}
-- depends_on: {{ ref('score_thresholds') }}
-- depends_on: {{ ref('fit_grade_bands') }}
-- depends_on: {{ ref('event_types') }}
{#- The validated scoring rules (seeds/scoring_rules.csv), typed, with the SQL each condition compiled to. -#}
{%- set scoring_config = load_scoring_config() %}

{{ config_rows_as_select(scoring_config.rules, [
    ['model_id', 'string'],
    ['rule_id', 'string'],
    ['rule_key', 'integer'],
    ['category', 'string'],
    ['subject', 'string'],
    ['event_type', 'string'],
    ['condition', 'string'],
    ['condition_sql', 'string'],
    ['points', 'number'],
    ['max_occurrences', 'integer'],
    ['repeat_multiplier', 'number'],
    ['rule_cap', 'number'],
    ['decay_method', 'string'],
    ['decay_days', 'number'],
    ['decay_step_multiplier', 'number'],
    ['is_active', 'boolean'],
    ['is_model_active', 'boolean'],
    ['description', 'string'],
]) }}

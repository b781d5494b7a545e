{#- The scoring models (seeds/scoring_models.csv), checked and typed by the rule compiler. -#}
{%- set rules_config = scoring_config() %}

{{ config_rows_as_select(rules_config.models, [
    ['model_id', 'string'],
    ['model_name', 'string'],
    ['is_active', 'boolean'],
    ['assignment_priority', 'integer'],
    ['assignment_condition', 'string'],
    ['assignment_condition_sql', 'string'],
    ['fit_cap', 'number'],
    ['engagement_cap', 'number'],
    ['negative_floor', 'number'],
    ['inbound_engagement_weight', 'number'],
    ['outbound_engagement_weight', 'number'],
    ['last_reviewed_on', 'date'],
    ['description', 'string'],
    ['baseline_points', 'number'],
    ['floor_at_zero', 'boolean'],
    ['challenger_of', 'string'],
]) }}

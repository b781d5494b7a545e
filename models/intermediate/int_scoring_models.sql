-- depends_on: {{ ref('scoring_models') }}
-- depends_on: {{ ref('scoring_rules') }}
-- depends_on: {{ ref('score_thresholds') }}
-- depends_on: {{ ref('fit_grade_bands') }}
-- depends_on: {{ ref('event_types') }}
{#- The validated scoring models (seeds/scoring_models.csv), typed. -#}
{%- set scoring_config = load_scoring_config() %}

{{ config_rows_as_select(scoring_config.models, [
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
]) }}

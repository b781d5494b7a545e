-- depends_on: {{ ref('scoring_models') }}
-- depends_on: {{ ref('scoring_rules') }}
-- depends_on: {{ ref('score_thresholds') }}
-- depends_on: {{ ref('fit_grade_bands') }}
-- depends_on: {{ ref('event_types') }}
{#- The validated stage thresholds (seeds/score_thresholds.csv), typed. -#}
{%- set scoring_config = load_scoring_config() %}

{{ config_rows_as_select(scoring_config.thresholds, [
    ['model_id', 'string'],
    ['stage', 'string'],
    ['min_total_score', 'number'],
    ['description', 'string'],
]) }}

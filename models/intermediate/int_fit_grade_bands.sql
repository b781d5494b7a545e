-- depends_on: {{ ref('scoring_models') }}
-- depends_on: {{ ref('scoring_rules') }}
-- depends_on: {{ ref('score_thresholds') }}
-- depends_on: {{ ref('fit_grade_bands') }}
-- depends_on: {{ ref('event_types') }}
{#- The validated fit-grade bands (seeds/fit_grade_bands.csv), typed. -#}
{%- set scoring_config = load_scoring_config() %}

{{ config_rows_as_select(scoring_config.grade_bands, [
    ['model_id', 'string'],
    ['fit_grade', 'string'],
    ['min_fit_score', 'number'],
]) }}

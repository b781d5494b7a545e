{#- The fit-grade bands (seeds/fit_grade_bands.csv), checked and typed by the rule compiler. -#}
{%- set rules_config = scoring_config() %}

{{ config_rows_as_select(rules_config.grade_bands, [
    ['model_id', 'string'],
    ['fit_grade', 'string'],
    ['min_fit_score', 'number'],
]) }}

{#- The quality slices (seeds/quality_slices.csv), checked and compiled by the rule compiler. -#}
{%- set rules_config = scoring_config() %}

{{ config_rows_as_select(rules_config.slices, [
    ['slice_id', 'string'],
    ['condition', 'string'],
    ['condition_sql', 'string'],
    ['first_cohort_month', 'date'],
    ['last_cohort_month', 'date'],
    ['description', 'string'],
]) }}

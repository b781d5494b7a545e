{#- The stage thresholds (seeds/score_thresholds.csv), checked and typed by the rule compiler. -#}
{%- set rules_config = scoring_config() %}

{{ config_rows_as_select(rules_config.thresholds, [
    ['model_id', 'string'],
    ['stage', 'string'],
    ['min_total_score', 'number'],
    ['description', 'string'],
]) }}

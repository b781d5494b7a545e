{#-
    The scoring configuration the models score with: models, rules, thresholds and grade bands,
    checked and compiled by `leadscore rules compile` (compiled_scoring_config, a generated
    macro), with every condition's SQL for this target's dialect (the
    `default` SQL unless the dialect's differs). No seed is read and nothing
    is parsed here: the only rules dbt can run are compiled ones, and assert_rules_compiled
    (on-run-start) refuses to score when the seeds changed since they were compiled.
-#}
{% macro scoring_config() %}
    {%- set compiled = compiled_scoring_config() -%}
    {%- set dialects = {'duckdb': 'duckdb', 'postgres': 'postgres', 'snowflake': 'snowflake',
        'bigquery': 'bigquery', 'spark': 'spark', 'databricks': 'spark'} -%}
    {%- set dialect = dialects.get(target.type) -%}
    {%- if dialect is none -%}
        {{ exceptions.raise_compiler_error('leadscore: the rules are compiled for ' ~ dialects.keys() | list | join(', ')
            ~ ', not for adapter ' ~ target.type ~ ' (add its dialect to leadscore/rules/language.py DIALECTS)') }}
    {%- endif -%}
    {%- set models = [] -%}
    {%- for model in compiled.models -%}
        {%- set resolved = model.copy() -%}
        {%- set sql_by_dialect = model.assignment_condition_sql or {} -%}
        {%- do resolved.update({'assignment_condition_sql': sql_by_dialect.get(dialect, sql_by_dialect.get('default'))}) -%}
        {%- do models.append(resolved) -%}
    {%- endfor -%}
    {%- set rules = [] -%}
    {%- for rule in compiled.rules -%}
        {%- set resolved = rule.copy() -%}
        {%- do resolved.update({'condition_sql': rule.condition_sql.get(dialect, rule.condition_sql['default'])}) -%}
        {%- do rules.append(resolved) -%}
    {%- endfor -%}
    {%- set slices = [] -%}
    {%- for quality_slice in compiled.get('slices', []) -%}
        {%- set resolved = quality_slice.copy() -%}
        {%- do resolved.update({'condition_sql': quality_slice.condition_sql.get(dialect, quality_slice.condition_sql['default'])}) -%}
        {%- do slices.append(resolved) -%}
    {%- endfor -%}
    {{ return({'models': models, 'rules': rules, 'thresholds': compiled.thresholds, 'grade_bands': compiled.grade_bands,
        'lookups': compiled.lookups, 'slices': slices}) }}
{% endmacro %}

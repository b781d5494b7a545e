{#- The score date of the latest publication (YYYY-MM-DD), or none before the first one. -#}
{% macro published_score_date() %}
    {%- set log_relation = adapter.get_relation(database=target.database, schema=var('leadscore_published_schema'), identifier='publication_log') -%}
    {%- if log_relation is none -%}{{ return(none) }}{%- endif -%}
    {%- set latest = run_query(
        'select scored_as_of from ' ~ log_relation ~ ' where published_at = (select max(published_at) from ' ~ log_relation ~ ')'
    ) -%}
    {%- if latest.rows | length == 0 or latest.rows[0][0] is none -%}{{ return(none) }}{%- endif -%}
    {{- return((latest.rows[0][0] | string)[:10]) -}}
{% endmacro %}

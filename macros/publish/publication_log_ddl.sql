{#-
    publication_log, in the published schema: one row per table of every publication (its
    publication_id is the dbt invocation id). The latest publication_id is the set readers see;
    its row counts and scored_as_of let anyone check that the set is whole and of one day.
-#}
{% macro publication_log_ddl(published_schema) %}
    {%- set log_relation = api.Relation.create(database=target.database, schema=published_schema, identifier='publication_log') -%}
    {{- return('create table if not exists ' ~ log_relation ~ ' ('
        ~ 'publication_id ' ~ dbt.type_string() ~ ', '
        ~ 'scored_as_of date, '
        ~ 'published_at ' ~ dbt.type_timestamp() ~ ', '
        ~ 'is_replay boolean, '
        ~ 'table_name ' ~ dbt.type_string() ~ ', '
        ~ 'row_count ' ~ dbt.type_bigint() ~ ')') -}}
{% endmacro %}

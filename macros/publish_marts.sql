{#-
    on-run-end: copy the marts this run built into the published schema (var
    leadscore_published_schema) in one transaction, and only when every node of the run (models,
    seeds, tests) succeeded. BI tools read the published schema, so a failed or partly failed run
    (bad rule seed, failing data test, warehouse error) leaves yesterday's scores in place, whole.
-#}
{% macro publish_marts(results) %}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {%- set failures = results | rejectattr('status', 'in', ['success', 'pass', 'warn', 'skipped']) | list -%}
    {%- set skipped = results | selectattr('status', 'equalto', 'skipped') | list -%}
    {%- set marts = [] -%}
    {%- for result in results
        if result.node.resource_type == 'model'
        and result.status == 'success'
        and result.node.config.meta.get('publish', false) -%}
        {%- do marts.append(result.node) -%}
    {%- endfor -%}
    {%- if failures | length > 0 or skipped | length > 0 -%}
        {{ log('leadscore: not publishing: ' ~ failures | length ~ ' failed and ' ~ skipped | length ~ ' skipped node(s) in this run; the published scores are unchanged.', info=true) }}
        {{ return('') }}
    {%- endif -%}
    {%- if marts | length == 0 -%}{{ return('') }}{%- endif -%}
    {%- set published_schema = var('leadscore_published_schema') -%}
    {%- set statements = [] -%}
    {%- do statements.append(adapter.dispatch('create_schema_if_missing', 'leadscore')(published_schema)) -%}
    {%- for node in marts -%}
        {%- set built = adapter.get_relation(database=node.database, schema=node.schema, identifier=node.alias) -%}
        {%- set published = api.Relation.create(database=node.database, schema=published_schema, identifier=node.alias, type='table') -%}
        {%- do statements.append('drop table if exists ' ~ published) -%}
        {%- do statements.append('create table ' ~ published ~ ' as select * from ' ~ built) -%}
    {%- endfor -%}
    {{ log('leadscore: publishing ' ~ marts | length ~ ' mart(s) to schema ' ~ published_schema ~ '.', info=true) }}
    {#- Returned, not executed here: dbt runs hook SQL inside one transaction and commits it. -#}
    {{ return(statements | join(';\n')) }}
{% endmacro %}


{% macro default__create_schema_if_missing(schema) %}
    {{- return('create schema if not exists ' ~ adapter.quote_as_configured(schema, 'schema')) -}}
{% endmacro %}

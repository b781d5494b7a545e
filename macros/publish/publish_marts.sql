{#-
    on-run-end hook: publish the marts (models with meta publish: true) to the schema BI tools
    read (var leadscore_published_schema), all of them at once, and only after a run that
    proves them: publication_blockers() lists why a run may not publish (a failed or skipped
    node, a node the marts depend on that did not run, tests that did not run, a score_date
    older than the published one). A run that does not publish says so and why.

    Publishing is two steps. First every mart is copied to `<name>__publishing` beside the
    published tables (slow, and harmless if the run dies: the next run drops the leftovers).
    Then swap_published_tables() replaces the published set in one transaction and appends the
    set to publication_log. So whatever instant a run dies at, readers find either the previous
    set or the new one, whole and of one score date. docs/warehouses.md has the guarantee per
    adapter.
-#}
{% macro publish_marts(results) %}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {%- set published_schema = var('leadscore_published_schema') -%}
    {%- set previous = published_score_date() -%}
    {%- set blockers = publication_blockers(results, previous) -%}
    {%- if blockers | length > 0 -%}
        {{ log('leadscore: NOT published: ' ~ blockers | join('; ') ~ '. The published scores in schema '
            ~ published_schema ~ ' are unchanged' ~ (' (scored as of ' ~ previous ~ ')' if previous else '') ~ '.', info=true) }}
        {{ return('') }}
    {%- endif -%}

    {%- set marts = [] -%}
    {%- for node in graph.nodes.values() | sort(attribute='name')
        if node.resource_type == 'model' and node.config.meta.get('publish', false) -%}
        {%- do marts.append(node) -%}
    {%- endfor -%}
    {%- set steps = marts | length + 2 -%}
    {%- set staged = [] -%}
    {#- statement(auto_begin=True) opens a transaction that the commit below closes, so the
        connection is in a known state before the swap opens its own. -#}
    {% call statement('publish_prepare', auto_begin=True) %}
        {{ create_schema_if_missing(published_schema) }};
        {{ publication_log_ddl(published_schema) }}
    {% endcall %}
    {%- for node in marts -%}
        {%- set built = api.Relation.create(database=node.database, schema=node.schema, identifier=node.alias) -%}
        {%- set publishing = api.Relation.create(database=node.database, schema=published_schema, identifier=node.alias ~ '__publishing', type='table') -%}
        {{ log('leadscore: publish step ' ~ loop.index ~ '/' ~ steps ~ ': staging ' ~ node.alias, info=true) }}
        {% call statement('publish_stage', auto_begin=True) %}
            drop table if exists {{ publishing }};
            create table {{ publishing }} as select * from {{ built }}
        {% endcall %}
        {%- set row_count = run_query('select count(*) from ' ~ publishing).columns[0].values()[0] -%}
        {%- do staged.append({'name': node.alias, 'database': node.database, 'row_count': row_count}) -%}
    {%- endfor -%}
    {% do adapter.commit() %}
    {{ log('leadscore: publish step ' ~ (steps - 1) ~ '/' ~ steps ~ ': swapping ' ~ staged | length ~ ' tables in one transaction', info=true) }}
    {% do swap_published_tables(staged, published_schema) %}
    {{ log('leadscore: publish step ' ~ steps ~ '/' ~ steps ~ ': published ' ~ staged | length ~ ' tables to schema '
        ~ published_schema ~ ', scored as of ' ~ score_date_string() ~ '.', info=true) }}
    {{ return('') }}
{% endmacro %}

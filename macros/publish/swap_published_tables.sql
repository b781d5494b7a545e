{#-
    Replace the published tables by their staged `<name>__publishing` copies and log the
    publication, in one transaction: a reader (or a run that died at any instant) sees the old
    set or the new one, never a mix. DuckDB and Postgres run DDL inside transactions, and the
    renames are catalog changes, so the transaction is short whatever the table sizes; on
    Postgres, readers of the old tables wait only for that instant.

    `staged`: [{'name', 'database', 'row_count'}]. An adapter without transactional DDL needs
    its own `<adapter>__swap_published_tables` (docs/warehouses.md describes the one for Spark).
-#}
{% macro swap_published_tables(staged, published_schema) %}
    {{- return(adapter.dispatch('swap_published_tables', 'leadscore')(staged, published_schema)) -}}
{% endmacro %}

{% macro default__swap_published_tables(staged, published_schema) %}
    {%- set log_relation = api.Relation.create(database=target.database, schema=published_schema, identifier='publication_log') -%}
    {% do begin_publish_transaction() %}
    {%- for table in staged -%}
        {%- set published = api.Relation.create(database=table.database, schema=published_schema, identifier=table.name, type='table') -%}
        {%- set publishing = api.Relation.create(database=table.database, schema=published_schema, identifier=table.name ~ '__publishing', type='table') -%}
        {#- No `cascade`: a view of someone else's on a published table must not vanish silently;
            the drop fails instead, the transaction rolls back and the old set stays published. -#}
        {{ log('leadscore: publish swap ' ~ loop.index ~ '/' ~ staged | length ~ ': ' ~ table.name, info=true) }}
        {% call statement('publish_drop', auto_begin=True) %}drop table if exists {{ published }}{% endcall %}
        {% do adapter.cache_dropped(published) %}
        {% do adapter.rename_relation(publishing, published) %}
        {% call statement('publish_log', auto_begin=True) %}
            insert into {{ log_relation }} (publication_id, scored_as_of, published_at, is_replay, table_name, row_count)
            values ({{ sql_text_literal(invocation_id) }}, {{ score_date() }}, {{ dbt.current_timestamp() }},
                {{ 'true' if var('leadscore_publish_replay') else 'false' }}, {{ sql_text_literal(table.name) }}, {{ table.row_count }})
        {% endcall %}
    {%- endfor -%}
    {% do adapter.commit() %}
{% endmacro %}

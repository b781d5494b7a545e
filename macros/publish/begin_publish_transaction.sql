{#-
    Open the transaction the publish swap runs in, on the connection of the on-run-end hook.
    dbt opens it itself on DuckDB (an explicit BEGIN); dbt-postgres relies on psycopg2 beginning
    one implicitly, which psycopg2 no longer does on this connection once dbt has sent a COMMIT as
    a statement, so every statement would commit on its own: Postgres gets an explicit `begin`.
-#}
{% macro begin_publish_transaction() %}
    {{- return(adapter.dispatch('begin_publish_transaction', 'leadscore')()) -}}
{% endmacro %}

{% macro default__begin_publish_transaction() %}
    {% call statement('publish_begin', auto_begin=True) %}select 1{% endcall %}
{% endmacro %}

{% macro postgres__begin_publish_transaction() %}
    {% call statement('publish_begin', auto_begin=True) %}begin{% endcall %}
{% endmacro %}

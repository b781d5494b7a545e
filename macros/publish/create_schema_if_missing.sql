{#- `create schema if not exists` for the published schema (dispatched: quoting differs). -#}
{% macro create_schema_if_missing(schema) %}
    {{- return(adapter.dispatch('create_schema_if_missing', 'leadscore')(schema)) -}}
{% endmacro %}

{% macro default__create_schema_if_missing(schema) %}
    {{- return('create schema if not exists ' ~ adapter.quote_as_configured(schema, 'schema')) -}}
{% endmacro %}

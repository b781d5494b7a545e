{#-
    True when int_events_loaded must be rebuilt from the whole event history rather than by day:
    --full-refresh, the table does not exist, no ledger rows yet, or ledger rows written with
    other event types than `config_version` (the current event_types_version()).
-#}
{% macro loaded_events_need_rebuild(config_version) %}
    {%- if not execute -%}{{ return(false) }}{%- endif -%}
    {%- if flags.FULL_REFRESH -%}{{ return(true) }}{%- endif -%}
    {%- set loaded = graph.nodes['model.leadscore.int_events_loaded'] -%}
    {%- if adapter.get_relation(database=loaded.database, schema=loaded.schema, identifier=loaded.alias) is none -%}
        {{ return(true) }}
    {%- endif -%}
    {%- set versions = run_query(
        'select distinct config_version from ' ~ ref('int_incremental_ledger')
        ~ " where model_name = 'int_events_loaded'"
    ).columns[0].values() | list -%}
    {{- return(versions != [config_version]) -}}
{% endmacro %}

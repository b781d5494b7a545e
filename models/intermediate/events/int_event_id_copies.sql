{{ config(
    materialized='incremental',
    incremental_strategy='append',
    full_refresh=false,
    on_schema_change='sync_all_columns',
) }}
{#-
    Every copy of every event_id that occurs more than once in the staged events (with a
    timestamp): the register int_events_loaded ranks copies with (the first copy by occurred_at,
    lead_id, event_type and the event attributes is scored), and looks up when a day
    changes, to find the other days whose copies of the same ids must be ranked again. Duplicates
    are few, so a daily run ranks its days without reading the whole event history.

    dbt only creates this table; int_events_loaded keeps it current from its pre-hook, in the
    same transaction as its own rows (macros/incremental/event_id_copies_sql.sql).
-#}
select
    cast(null as {{ dbt.type_string() }}) as event_id,
    cast(null as date) as event_date,
    cast(null as {{ dbt.type_timestamp() }}) as occurred_at,
    cast(null as {{ dbt.type_string() }}) as lead_id,
    cast(null as {{ dbt.type_string() }}) as event_type,
    {{ event_attribute_list(nulls=true) }}
where 1 = 0

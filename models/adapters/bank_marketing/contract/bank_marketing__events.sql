{{ config(alias='events') }}
{#-
    The contract's events table, empty: the data has no dated activity. The previous campaign's
    contacts (pdays, previous, poutcome) and this campaign's (campaign) are counts without
    dates, kept as lead columns rather than turned into events with invented timestamps.
-#}
with no_events as (

    select
        cast(null as {{ dbt.type_string() }}) as event_id,
        cast(null as {{ dbt.type_string() }}) as lead_id,
        cast(null as {{ dbt.type_string() }}) as event_type,
        cast(null as {{ dbt.type_timestamp() }}) as occurred_at,
        cast(null as {{ dbt.type_string() }}) as page_path,
        cast(null as {{ dbt.type_string() }}) as asset_name,
        cast(null as {{ dbt.type_string() }}) as campaign_id,
        cast(null as {{ number_type() }}) as value

)

select * from no_events
where event_id is not null

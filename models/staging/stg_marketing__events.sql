with source as (

    select * from {{ source('marketing', 'events') }}

),

renamed as (

    select
        cast(event_id as {{ dbt.type_string() }}) as event_id,
        cast(lead_id as {{ dbt.type_string() }}) as lead_id,
        nullif(lower(trim(event_type)), '') as event_type,
        cast(occurred_at as {{ dbt.type_timestamp() }}) as occurred_at,
        nullif(lower(trim(page_path)), '') as page_path,
        nullif(trim(asset_name), '') as asset_name,
        nullif(trim(campaign_id), '') as campaign_id,
        {#- Of the raw columns (cheaper than the cleaned ones): the per-day fingerprints that
            let an incremental run notice corrections to old events. -#}
        {{ row_hash(['event_id', 'lead_id', 'event_type', 'occurred_at', 'page_path', 'asset_name', 'campaign_id']) }} as source_row_hash

    from source

)

select * from renamed

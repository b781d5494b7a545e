{%- set raw_columns = source_column_names(source('marketing', 'events')) %}
{%- set hashed_custom = [] %}
{%- for column in custom_columns('events') %}{% do hashed_custom.append(raw_column(column.name)) %}{% endfor %}

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
        {{ optional_source_column(raw_columns, 'value', 'number') }} as value,
        {{- staged_custom_columns('events', source('marketing', 'events'), raw_columns) }}
        {#- Of the raw columns (cheaper than the cleaned ones): the per-day fingerprints that
            let an incremental run notice corrections to old events. -#}
        {{ row_hash(['event_id', 'lead_id', 'event_type', 'occurred_at', 'page_path', 'asset_name', 'campaign_id']
            + (['value'] if 'value' in raw_columns else []) + hashed_custom) }} as source_row_hash

    from source

)

select * from renamed

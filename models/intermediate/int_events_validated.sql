{#- The scoreable events: known lead and type, deduplicated, on or before score_date. -#}
with classified_events as (

    select * from {{ ref('int_events_classified') }}

),

final as (

    select
        event_id,
        lead_id,
        event_type,
        occurred_at,
        cast(occurred_at as date) as event_date,
        page_path,
        asset_name,
        campaign_id

    from classified_events
    where data_quality_issue is null

)

select * from final

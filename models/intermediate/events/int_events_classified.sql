{{ config(materialized='view') }}
{#-
    Every staged event, labelled with the reason it cannot be scored (null when it can).
    int_events_validated keeps the good ones; data_quality_issues counts the rest, so nothing
    is dropped silently.
-#}
with leads as (

    {#- One row per lead id: whether it is scored (one of its rows is not quarantined), and when
        the scored row was created. -#}
    select
        lead_id,
        max(case when data_quality_issue is null then 1 else 0 end) = 1 as is_scored,
        max(case when data_quality_issue is null then created_at end) as created_at

    from {{ ref('int_leads_classified') }}
    where lead_id is not null
    group by 1

),

event_types as (

    select * from {{ ref('event_types') }}

),

{{- events_numbered_by_id() }}
final as (

    select
        events_numbered.event_id,
        events_numbered.lead_id,
        events_numbered.event_type,
        events_numbered.occurred_at,
        {{ event_attribute_list('events_numbered.') }},
        case
            when events_numbered.event_id is null then 'missing_event_id'
            when events_numbered.lead_id is null then 'missing_lead_id'
            when events_numbered.occurred_at is null then 'missing_timestamp'
            when event_types.event_type is null then 'unknown_event_type'
            when leads.lead_id is null then 'unknown_lead_id'
            when leads.is_scored = false then 'lead_quarantined'
            when events_numbered.event_id_occurrence > 1 then 'duplicate_event_id'
            when cast(events_numbered.occurred_at as date) > {{ score_date() }} then 'after_score_date'
            when cast(leads.created_at as date) > {{ score_date() }} then 'lead_created_after_score_date'
        end as data_quality_issue

    from events_numbered
    left join event_types
        on events_numbered.event_type = event_types.event_type
    left join leads
        on events_numbered.lead_id = leads.lead_id

)

select * from final

{{ config(materialized='view') }}
{#-
    The scoreable events as of score_date (the first copy of each event_id): the is_scoreable
    rows of int_events_loaded on or before score_date, of known leads (not quarantined) created on or before
    score_date. The same rows as int_events_classified where data_quality_issue is null
    (tests/dbt/assert_no_rows_lost_between_layers checks the counts).
-#}
with loaded_events as (

    select * from {{ ref('int_events_loaded') }}
    where is_scoreable = true
        and event_date <= {{ score_date() }}

),

leads as (

    select * from {{ ref('int_leads_classified') }}
    where data_quality_issue is null
        and cast(created_at as date) <= {{ score_date() }}

),

final as (

    select
        loaded_events.lead_id,
        loaded_events.event_type,
        loaded_events.occurred_at,
        loaded_events.event_date,
        {{ event_attribute_list('loaded_events.') }}

    from loaded_events
    inner join leads
        on loaded_events.lead_id = leads.lead_id

)

select * from final

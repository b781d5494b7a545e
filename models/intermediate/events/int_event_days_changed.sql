-- depends_on: {{ ref('event_types') }}
{#-
    The days whose staged events differ from what int_events_loaded last loaded: new days,
    removed days, and days whose row count or fingerprint changed (an insert, delete or update of
    any event, however old). Every day, with change = 'rebuild', when int_events_loaded must be
    rebuilt instead: on its first run, with --full-refresh, or when the event types it was loaded
    with changed.
-#}
{%- set rebuild = loaded_events_need_rebuild(event_types_version()) %}

with current_days as (

    select * from {{ ref('int_event_day_fingerprints') }}

),

loaded_days as (

    select * from {{ ref('int_incremental_ledger') }}
    where model_name = 'int_events_loaded'

),

compared as (

    select
        coalesce(current_days.event_date, loaded_days.event_date) as event_date,
        case
            {%- if rebuild %}
            when true then 'rebuild'
            {%- endif %}
            when loaded_days.event_date is null then 'new'
            when current_days.event_date is null then 'removed'
            when current_days.row_count <> loaded_days.source_row_count
                or current_days.fingerprint <> loaded_days.source_fingerprint
                then 'changed'
        end as change

    from current_days
    full outer join loaded_days
        on current_days.event_date = loaded_days.event_date

),

final as (

    select
        event_date,
        change

    from compared
    where change is not null

)

select * from final

{{ config(
    materialized='incremental',
    incremental_strategy='append',
    indexes=[{'columns': ['event_date']}] if target.type == 'postgres' else [],
    pre_hook="{{ event_window_delete(event_types_version(), check_raw_history=true) }}",
) }}
-- depends_on: {{ ref('event_types') }}
{#-
    Every staged event with a timestamp, flagged is_scoreable when it has ids, a known event type
    and is the first copy of its event_id (by occurred_at, lead_id, event_type, as in
    int_events_classified). The event_id itself is not kept: nothing downstream needs it once
    copies are flagged, and these unique strings were most of the cost of writing the table.
    Independent of score_date (int_events_validated applies it, and the lead checks), so it
    grows incrementally by event time: a run re-reads only the last
    var leadscore_event_lookback_days days (macros/incremental/event_window.sql). A copy of an
    event_id from before that window still marks a new row as a duplicate, and when the raw
    events before the window no longer match what was loaded (rows deleted, or arriving later
    than the lookback) or the event types changed, the table is rebuilt, so an incremental run
    always keeps exactly the rows a full refresh would.
-#}
{%- set version = event_types_version() %}
{%- set window_start = event_window_start(version, check_raw_history=true) %}

{#- The window's first instant, compared with occurred_at as stored (not cast to a date), so an
    engine can skip the storage blocks outside the window by their min/max. -#}
{%- set window_start_at = "cast('" ~ window_start ~ "' as " ~ dbt.type_timestamp() ~ ")" %}

{%- set in_window -%}
    events.occurred_at is not null
    {%- if window_start is not none %}
        and events.occurred_at >= {{ window_start_at }}
    {%- endif %}
{%- endset %}

with event_types as (

    select * from {{ ref('event_types') }}

),
{%- if window_start is not none %}

copies_before_window as (

    {#- Only the window's event ids are looked up, so history is probed, not re-processed. The
        staged events are read here directly, not through a CTE shared with the window's events:
        DuckDB materializes a CTE used twice, which copied the whole history on every run. -#}
    select distinct history.event_id

    from {{ ref('stg_marketing__events') }} as history
    inner join {{ ref('stg_marketing__events') }} as events
        on history.event_id = events.event_id
    where history.occurred_at < {{ window_start_at }}
        and {{ in_window }}

),
{%- endif %}
{{ events_numbered_by_id(in_window) }}
final as (

    select
        events_numbered.lead_id,
        events_numbered.event_type,
        events_numbered.occurred_at,
        cast(events_numbered.occurred_at as date) as event_date,
        events_numbered.page_path,
        events_numbered.asset_name,
        events_numbered.campaign_id,
        coalesce(
            events_numbered.event_id is not null
            and events_numbered.lead_id is not null
            and event_types.event_type is not null
            and events_numbered.event_id_occurrence = 1
            {%- if window_start is not none %}
            and copies_before_window.event_id is null
            {%- endif %},
            false
        ) as is_scoreable,
        cast('{{ version }}' as {{ dbt.type_string() }}) as config_version,
        cast('{{ event_window_rebuilt_by(window_start) }}' as {{ dbt.type_string() }}) as rebuilt_by

    from events_numbered
    left join event_types
        on events_numbered.event_type = event_types.event_type
    {%- if window_start is not none %}
    left join copies_before_window
        on events_numbered.event_id = copies_before_window.event_id
    {%- endif %}

)

select * from final

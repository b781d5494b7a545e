{{ config(
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='sync_all_columns',
    indexes=[{'columns': ['event_date']}] if target.type == 'postgres' else [],
    pre_hook="{{ loaded_events_pre_hook() }}",
    post_hook="{{ loaded_events_post_hook() }}",
) }}
-- depends_on: {{ ref('int_event_day_fingerprints') }}
-- depends_on: {{ ref('int_event_days_changed') }}
-- depends_on: {{ ref('int_event_copies_changed') }}
-- depends_on: {{ ref('int_event_days_to_load') }}
-- depends_on: {{ ref('int_event_id_copies') }}
-- depends_on: {{ ref('int_incremental_ledger') }}
{#-
    Every staged event with a timestamp, flagged is_scoreable when it has ids, a known event type
    and is the first copy of its event_id (by occurred_at, lead_id, event_type and the
    event attributes, as in int_events_classified). The event_id itself is not kept:
    nothing downstream needs it once copies are flagged, and these unique strings were most of
    the cost of writing the table. Independent of score_date (int_events_validated applies it,
    and the lead checks).

    Incremental by day: a run reloads only the days in int_event_days_to_load, the days whose
    staged events changed since they were loaded (any insert, delete or update, however old,
    found by the per-day fingerprints) and the days holding other copies of their event ids. The
    pre-hook deletes those days and brings int_event_id_copies up to date; the post-hook records
    what was loaded in int_incremental_ledger; all in the model's one transaction. So an
    incremental run keeps exactly the rows a full refresh would. The whole table is rebuilt on
    its first run, with --full-refresh, and when the event types change.
-#}
{%- set rebuild = loaded_events_rebuild() %}
{%- set days = [] if rebuild else event_days(ref('int_event_days_to_load')) %}

with event_types as (

    select * from {{ ref('event_types') }}

),

day_events as (

    select * from {{ ref('stg_marketing__events') }} as events
    where events.occurred_at is not null
    {%- if not rebuild %}
        and {{ event_day_filter('events.occurred_at', days, is_timestamp=true) }}
    {%- endif %}

),

duplicated_ids as (

    {#- Every id with more than one copy is in the register, which the pre-hook brought up to
        date for these days. -#}
    select distinct event_id from {{ ref('int_event_id_copies') }}

),

single_copies as (

    select
        day_events.*,
        1 as event_id_occurrence

    from day_events
    left join duplicated_ids
        on day_events.event_id = duplicated_ids.event_id
    where duplicated_ids.event_id is null

),

copies_to_rank as (

    {#- This run's copies of the duplicated ids, and their copies on the days it does not load,
        so each copy is ranked among all copies of its id. -#}
    select
        day_events.event_id,
        day_events.lead_id,
        day_events.event_type,
        day_events.occurred_at,
        {{ event_attribute_list('day_events.') }},
        true as is_loaded_now

    from day_events
    inner join duplicated_ids
        on day_events.event_id = duplicated_ids.event_id
    {%- if not rebuild %}

    union all

    select
        event_id,
        lead_id,
        event_type,
        occurred_at,
        {{ event_attribute_list() }},
        false as is_loaded_now

    from {{ ref('int_event_id_copies') }}
    where not ({{ event_day_filter('event_date', days) }})
    {%- endif %}

),

repeated_copies as (

    select
        copies_to_rank.*,
        row_number() over (
            partition by copies_to_rank.event_id
            order by {{ event_copy_order('copies_to_rank') }}
        ) as event_id_occurrence

    from copies_to_rank

),

events_numbered as (

    select
        event_id, lead_id, event_type, occurred_at,
        {{ event_attribute_list() }},
        event_id_occurrence
    from single_copies

    union all

    select
        event_id, lead_id, event_type, occurred_at,
        {{ event_attribute_list() }},
        event_id_occurrence
    from repeated_copies
    where is_loaded_now = true

),

final as (

    select
        events_numbered.lead_id,
        events_numbered.event_type,
        events_numbered.occurred_at,
        cast(events_numbered.occurred_at as date) as event_date,
        {{ event_attribute_list('events_numbered.') }},
        coalesce(
            events_numbered.event_id is not null
            and events_numbered.lead_id is not null
            and event_types.event_type is not null
            and events_numbered.event_id_occurrence = 1,
            false
        ) as is_scoreable

    from events_numbered
    left join event_types
        on events_numbered.event_type = event_types.event_type

)

select * from final

-- depends_on: {{ ref('stg_marketing__events') }}
-- depends_on: {{ ref('int_event_id_copies') }}
{#-
    Every copy, in today's staged events, of the event ids an incremental run must rank again:
    the ids found on a changed day (int_event_days_changed) now, and the ids that had a copy on
    a changed day before (int_event_id_copies). copy_count > 1 marks the ids that are
    duplicated now. int_events_loaded reloads the days these copies are on, and replaces these
    ids' rows in int_event_id_copies with them. Empty when int_events_loaded is rebuilt.

    The probe reads only event_id from the whole history (a hash join against the few ids), so a
    correction to one old day costs about one scan, not a rebuild.
-#}
{%- set changed_days = event_days(ref('int_event_days_changed'), "change <> 'rebuild'") %}

with
{%- if changed_days | length == 0 %}

final as (

    select
        cast(null as {{ dbt.type_string() }}) as event_id,
        cast(null as date) as event_date,
        cast(null as {{ dbt.type_timestamp() }}) as occurred_at,
        cast(null as {{ dbt.type_string() }}) as lead_id,
        cast(null as {{ dbt.type_string() }}) as event_type,
        {{ event_attribute_list(nulls=true) }},
        cast(null as {{ dbt.type_bigint() }}) as copy_count
    where 1 = 0

)
{%- else %}

candidate_ids as (

    select events.event_id
    from {{ ref('stg_marketing__events') }} as events
    where {{ event_day_filter('events.occurred_at', changed_days, is_timestamp=true) }}
        and events.event_id is not null

    union

    select event_id
    from {{ ref('int_event_id_copies') }}
    where {{ event_day_filter('event_date', changed_days) }}

),

current_copies as (

    select
        events.event_id,
        cast(events.occurred_at as date) as event_date,
        events.occurred_at,
        events.lead_id,
        events.event_type,
        {{ event_attribute_list('events.') }}

    from {{ ref('stg_marketing__events') }} as events
    inner join candidate_ids
        on events.event_id = candidate_ids.event_id
    where events.occurred_at is not null

),

final as (

    select
        current_copies.*,
        cast(count(*) over (partition by current_copies.event_id) as {{ dbt.type_bigint() }}) as copy_count

    from current_copies

)
{%- endif %}

select * from final

{#-
    CTEs numbering the staged events by event_id: event_id_occurrence is 1 for the first copy of
    an id (event_copy_order) and 2, 3, ... for later copies. Only the ids that
    occur more than once are ranked: sorting every event by id with all its columns cost about
    three times as much at 50M events, and duplicates are few. `condition` limits the events
    read; it refers to them as `events`. Emits duplicated_event_ids, single_copies,
    repeated_copies and events_numbered (the one to select from), each followed by a comma.
-#}
{% macro events_numbered_by_id(condition='true') %}

duplicated_event_ids as (

    select events.event_id

    from {{ ref('stg_marketing__events') }} as events
    where ({{ condition }})
        and events.event_id is not null
    group by 1
    having count(*) > 1

),

single_copies as (

    select
        events.*,
        1 as event_id_occurrence

    from {{ ref('stg_marketing__events') }} as events
    left join duplicated_event_ids
        on events.event_id = duplicated_event_ids.event_id
    where ({{ condition }})
        and duplicated_event_ids.event_id is null

),

repeated_copies as (

    select
        events.*,
        row_number() over (
            partition by events.event_id
            order by {{ event_copy_order('events') }}
        ) as event_id_occurrence

    from {{ ref('stg_marketing__events') }} as events
    inner join duplicated_event_ids
        on events.event_id = duplicated_event_ids.event_id
    where ({{ condition }})

),

events_numbered as (

    select * from single_copies
    union all
    select * from repeated_copies

),
{% endmacro %}

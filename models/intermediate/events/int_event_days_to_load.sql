{#-
    The days int_events_loaded (re)loads in this run, with why: the changed days
    (int_event_days_changed: new, changed, removed, or every day for a rebuild), plus the days
    holding another copy, now or before, of an event id found on a changed day (copy_of_changed):
    whether such a copy is the first one, and so scored, may have changed with it. (An id with
    a copy on a changed day before and none now had all its copies on changed days: a day
    without changes keeps its copies.)
-#}
with changed_days as (

    select * from {{ ref('int_event_days_changed') }}

),

copies_now as (

    select * from {{ ref('int_event_copies_changed') }}

),

copies_before as (

    select * from {{ ref('int_event_id_copies') }}

),

days_with_copies as (

    select event_date from copies_now

    union

    select copies_before.event_date
    from copies_before
    inner join (select distinct event_id from copies_now) as ids_now
            on copies_before.event_id = ids_now.event_id

),

final as (

    select event_date, change from changed_days

    union all

    select
        days_with_copies.event_date,
        'copy_of_changed' as change

    from days_with_copies
    left join changed_days
        on days_with_copies.event_date = changed_days.event_date
    where changed_days.event_date is null

)

select * from final

{#-
    One row per day of staged events (by occurred_at; events without a timestamp have no day and
    are never loaded): how many there are and a fingerprint of their contents, the sum of
    stg_marketing__events.source_row_hash. Any insert, delete or update of a day's events, in any
    column the scoring reads, changes the day's row. Compared with what int_events_loaded loaded
    (int_incremental_ledger), it tells a daily run which days to load again.

    Rebuilt every run from the whole event history: a correction can touch any day, and this is
    a single scan of two columns.
-#}
with events as (

    select
        cast(occurred_at as date) as event_date,
        source_row_hash

    from {{ ref('stg_marketing__events') }}
    where occurred_at is not null

),

final as (

    select
        event_date,
        cast(count(*) as {{ dbt.type_bigint() }}) as row_count,
        {{ fingerprint_sum('source_row_hash') }} as fingerprint

    from events
    group by 1

)

select * from final

{#-
    CTEs telling, for each row of `relation` (a CTE name), how many distinct versions of the row
    share its key (key_versions: 1 when the key is unique or its copies are identical) and which
    copy it is (key_copy_number, 1 for the first). Only keys given to more than one row are
    ranked, so a clean table costs one aggregate. Rows with a null key get 1 and 1. `columns`
    are every column of the row (their hash tells identical copies from differing ones). Emits
    repeated_keys, ranked_copies and rows_numbered (the one to select from), each followed by a
    comma.
-#}
{% macro rows_numbered_by_key(relation, key, columns) %}

repeated_keys as (

    select
        {{ key }} as repeated_key,
        count(distinct {{ row_hash(columns) }}) as key_versions

    from {{ relation }}
    where {{ key }} is not null
    group by 1
    having count(*) > 1

),

ranked_copies as (

    select
        {{ relation }}.*,
        repeated_keys.key_versions,
        row_number() over (
            partition by {{ relation }}.{{ key }}
            order by {{ columns | join(', ') }}
        ) as key_copy_number

    from {{ relation }}
    inner join repeated_keys
        on {{ relation }}.{{ key }} = repeated_keys.repeated_key

),

rows_numbered as (

    select
        {{ relation }}.*,
        1 as key_versions,
        1 as key_copy_number

    from {{ relation }}
    left join repeated_keys
        on {{ relation }}.{{ key }} = repeated_keys.repeated_key
    where repeated_keys.repeated_key is null

    union all

    select * from ranked_copies

),
{% endmacro %}

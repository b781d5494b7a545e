{#-
    One row per reconstructed contact month: its rows (a range of the file, since the file is in
    time order), contacts and subscriptions, and its consumer price index. The index is a
    monthly figure, so a month with two values (two rows here, failing the unique test on
    contact_month) or two months with one value would mean the years were reconstructed wrong.
    The evaluation reads it to say which cohorts a range of rows falls in.
-#}
with contacts as (

    select * from {{ ref('int_bank_marketing__contacts_dated') }}

),

final as (

    select
        contact_month,
        cons_price_idx,
        min(file_row_number) as first_file_row_number,
        max(file_row_number) as last_file_row_number,
        count(*) as contacts,
        sum(case when is_subscribed then 1 else 0 end) as subscribed

    from contacts
    group by 1, 2

)

select * from final

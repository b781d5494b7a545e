{{ config(alias='opportunities') }}
{#-
    The contract's opportunities table: each contact's outcome, a term-deposit opportunity
    opened and closed on the contact day (strictly after the lead's snapshot on the 1st), won
    when the person subscribed (y = yes), else lost.
-#}
with contacts as (

    select * from {{ ref('int_bank_marketing__contacts_dated') }}

),

final as (

    select
        'deposit-' || lead_id as opportunity_id,
        cast(null as {{ dbt.type_string() }}) as account_id,
        lead_id,
        'term_deposit' as product_line,
        cast(contacted_on as {{ dbt.type_timestamp() }}) as created_at,
        cast(contacted_on as {{ dbt.type_timestamp() }}) as closed_at,
        case when is_subscribed then 'won' else 'lost' end as stage,
        cast(null as {{ number_type() }}) as amount

    from contacts

)

select * from final

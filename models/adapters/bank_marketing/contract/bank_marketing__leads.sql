{{ config(alias='leads') }}
{#-
    The contract's leads table: one lead per person contacted, created on the 1st of the
    contact month, so the lead's monthly cohort snapshot (the 1st) comes before its outcome. No
    account, email, title or source: the data has none (the core scores account-less leads).
    The person's attributes are custom lead columns, declared in
    adapters/bank_marketing/dbt_vars.yml, for rules to test.
-#}
with contacts as (

    select * from {{ ref('int_bank_marketing__contacts_dated') }}

),

final as (

    select
        lead_id,
        cast(null as {{ dbt.type_string() }}) as account_id,
        cast(null as {{ dbt.type_string() }}) as email,
        cast(null as {{ dbt.type_string() }}) as job_title,
        cast(null as {{ dbt.type_string() }}) as lead_source,
        cast(null as {{ dbt.type_string() }}) as product_interest,
        cast(contact_month as {{ dbt.type_timestamp() }}) as created_at,
        cast(null as {{ dbt.type_timestamp() }}) as unsubscribed_at,
        file_row_number,
        age,
        job,
        marital,
        education,
        credit_default,
        housing,
        loan,
        contact,
        contact_month_name,
        campaign,
        pdays,
        previous,
        poutcome,
        emp_var_rate,
        cons_price_idx,
        cons_conf_idx,
        euribor3m,
        nr_employed

    from contacts

)

select * from final

{{ config(alias='accounts') }}
{#-
    The contract's accounts table, empty: the people contacted are consumers, with no company.
-#}
with no_accounts as (

    select
        cast(null as {{ dbt.type_string() }}) as account_id,
        cast(null as {{ dbt.type_string() }}) as name,
        cast(null as {{ dbt.type_string() }}) as domain,
        cast(null as {{ dbt.type_string() }}) as industry,
        cast(null as {{ number_type() }}) as employee_count,
        cast(null as {{ number_type() }}) as annual_revenue,
        cast(null as {{ dbt.type_string() }}) as country

)

select * from no_accounts
where account_id is not null

with source as (

    select * from {{ source('crm', 'accounts') }}

),

renamed as (

    select
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        nullif(trim(name), '') as account_name,
        nullif(lower(trim(domain)), '') as account_domain,
        nullif(lower(trim(industry)), '') as industry,
        {{- staged_custom_columns('accounts', source('crm', 'accounts')) }}
        cast(employee_count as {{ number_type() }}) as employee_count_reported,
        cast(annual_revenue as {{ number_type() }}) as annual_revenue_reported,
        nullif(upper(trim(country)), '') as country

    from source

)

select * from renamed

with source as (

    select * from {{ source('crm', 'leads') }}

),

renamed as (

    select
        cast(lead_id as {{ dbt.type_string() }}) as lead_id,
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        nullif(lower(trim(email)), '') as email,
        nullif(trim(job_title), '') as job_title,
        nullif(lower(trim(lead_source)), '') as lead_source,
        nullif(lower(trim(product_interest)), '') as product_interest,
        {{- staged_custom_columns('leads', source('crm', 'leads')) }}
        cast(created_at as {{ dbt.type_timestamp() }}) as created_at,
        cast(unsubscribed_at as {{ dbt.type_timestamp() }}) as unsubscribed_at

    from source

)

select * from renamed

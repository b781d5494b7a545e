{#- Accounts with invalid firmographics nulled (and flagged), ready for account rules. -#}
with accounts as (

    select * from {{ ref('stg_crm__accounts') }}

),

email_domains as (

    select * from {{ ref('email_domains') }}

),

final as (

    select
        accounts.account_id,
        accounts.account_name,
        accounts.account_domain,
        accounts.industry,
        case when accounts.employee_count_reported >= 0 then accounts.employee_count_reported end as employee_count,
        case when accounts.annual_revenue_reported >= 0 then accounts.annual_revenue_reported end as annual_revenue,
        accounts.country,
        coalesce(accounts.employee_count_reported < 0, true) as has_invalid_employee_count,
        coalesce(email_domains.domain_type = 'competitor', false) as is_competitor_account

    from accounts
    left join email_domains
        on accounts.account_domain = email_domains.email_domain

)

select * from final

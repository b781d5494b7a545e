{#-
    The accounts in use (not quarantined), ready for account rules: firmographics that are
    missing or invalid (negative, NaN, infinite, or a count too large for a count) are null here,
    so no rule can score them, and flagged for data_quality_issues.
-#}
with accounts as (

    select * from {{ ref('int_accounts_classified') }}
    where data_quality_issue is null

),

email_domains as (

    select * from {{ ref('email_domains') }}

),

firmographics_checked as (

    select
        accounts.*,
        {{ is_finite_number('accounts.employee_count_reported') }}
            and accounts.employee_count_reported between 0 and {{ max_integer() }} as has_valid_employee_count,
        {{ is_finite_number('accounts.annual_revenue_reported') }}
            and accounts.annual_revenue_reported >= 0 as has_valid_annual_revenue

    from accounts

),

final as (

    select
        firmographics_checked.account_id,
        firmographics_checked.account_name,
        firmographics_checked.account_domain,
        firmographics_checked.industry,
        case
            when firmographics_checked.has_valid_employee_count
                then cast(firmographics_checked.employee_count_reported as {{ dbt.type_int() }})
        end as employee_count,
        case
            when firmographics_checked.has_valid_annual_revenue
                then firmographics_checked.annual_revenue_reported
        end as annual_revenue,
        firmographics_checked.country,
        {{- custom_column_list('accounts', 'firmographics_checked.') }}
        case
            when firmographics_checked.employee_count_reported is null then 'missing'
            when not firmographics_checked.has_valid_employee_count then 'invalid'
        end as employee_count_issue,
        case
            when firmographics_checked.annual_revenue_reported is null then 'missing'
            when not firmographics_checked.has_valid_annual_revenue then 'invalid'
        end as annual_revenue_issue,
        coalesce(email_domains.domain_type = 'competitor', false) as is_competitor_account

    from firmographics_checked
    left join email_domains
        on firmographics_checked.account_domain = email_domains.email_domain

)

select * from final

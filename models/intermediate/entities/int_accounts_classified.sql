{{ config(materialized='view') }}
{#-
    Every staged account, labelled with the reason it is quarantined (null when it is used). An
    account needs an id; identical copies of one are used once (duplicate_account_id), differing
    copies are all quarantined (conflicting_account_id). Its leads are then scored without an
    account (unknown_account_id). data_quality_issues counts every label.
-#}
with accounts as (

    select * from {{ ref('stg_crm__accounts') }}

),

{{ rows_numbered_by_key(
    'accounts',
    'account_id',
    ['account_id', 'account_name', 'account_domain', 'industry', 'employee_count_reported',
     'annual_revenue_reported', 'country'] + custom_column_aliases('accounts'),
) }}

final as (

    select
        account_id,
        account_name,
        account_domain,
        industry,
        employee_count_reported,
        annual_revenue_reported,
        country,
        {{- custom_column_list('accounts') }}
        case
            when account_id is null then 'missing_account_id'
            when key_versions > 1 then 'conflicting_account_id'
            when key_copy_number > 1 then 'duplicate_account_id'
        end as data_quality_issue

    from rows_numbered

)

select * from final

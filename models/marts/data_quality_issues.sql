{#-
    One row per source table and issue found in this run's input: how many rows, and one example
    id to look up. Rows with issues are kept out of scoring (events) or scored with the bad value
    treated as unknown (leads, accounts); none are dropped without being counted here.
-#}
with classified_events as (

    select * from {{ ref('int_events_classified') }}

),

staged_leads as (

    select * from {{ ref('stg_crm__leads') }}

),

leads as (

    select * from {{ ref('int_leads_enriched') }}

),

accounts as (

    select * from {{ ref('int_accounts_enriched') }}

),

opportunities as (

    select * from {{ ref('stg_crm__opportunities') }}

),

event_issues as (

    select
        'events' as source_table,
        data_quality_issue,
        count(*) as row_count,
        min(event_id) as example_id

    from classified_events
    where data_quality_issue is not null
    group by 1, 2

),

lead_flags as (

    select
        lead_id,
        case
            when email is null then 'missing_email'
            when has_valid_email = false then 'malformed_email'
        end as email_issue,
        case when seniority = 'unknown' then 'missing_job_title' end as title_issue,
        case when lead_direction = 'unknown' then 'unknown_lead_source' end as source_issue,
        case when account_id is not null and has_account = false then 'unknown_account_id' end as account_issue

    from leads

),

lead_issues as (

    select 'leads' as source_table, email_issue as data_quality_issue, count(*) as row_count, min(lead_id) as example_id
    from lead_flags where email_issue is not null group by 1, 2
    union all
    select 'leads', title_issue, count(*), min(lead_id)
    from lead_flags where title_issue is not null group by 1, 2
    union all
    select 'leads', source_issue, count(*), min(lead_id)
    from lead_flags where source_issue is not null group by 1, 2
    union all
    select 'leads', account_issue, count(*), min(lead_id)
    from lead_flags where account_issue is not null group by 1, 2
    union all
    select 'leads', 'created_after_score_date', count(*), min(lead_id)
    from staged_leads where cast(created_at as date) > {{ score_date() }} group by 1, 2

),

account_issues as (

    select
        'accounts' as source_table,
        'invalid_employee_count' as data_quality_issue,
        count(*) as row_count,
        min(account_id) as example_id

    from accounts
    where has_invalid_employee_count = true
    group by 1, 2

),

opportunity_issues as (

    select
        'opportunities' as source_table,
        'unknown_stage' as data_quality_issue,
        count(*) as row_count,
        min(opportunity_id) as example_id

    from opportunities
    where stage is null or stage not in ('open', 'won', 'lost')
    group by 1, 2

),

all_issues as (

    select * from event_issues
    union all
    select * from lead_issues
    union all
    select * from account_issues
    union all
    select * from opportunity_issues

),

final as (

    select
        source_table,
        data_quality_issue,
        cast(row_count as {{ dbt.type_bigint() }}) as row_count,
        example_id,
        {{ score_date() }} as scored_as_of

    from all_issues

)

select * from final

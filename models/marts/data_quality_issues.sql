{#-
    One row per source table and issue found in this run's input: how many rows, out of how many,
    one example id to look up, and what was done with them (the handling registered for the issue
    in seeds/data_quality_issue_types.csv):
    - quarantined: the row is broken (no id, an ambiguous id, no timestamp, an unknown stage or
      lead) and left out; past var leadscore_max_quarantined_share of a table the run fails
      (tests/dbt/assert_quarantined_share_within_limit.sql);
    - deduplicated: an extra identical copy of a row that is used once;
    - not_scored: a valid row outside what is scored as of score_date (later activity, unknown
      event types, events of quarantined leads);
    - kept_as_unknown: the row is scored, with the missing or invalid value treated as unknown.
    Nothing is dropped without being counted here.
-#}
with classified_events as (

    select * from {{ ref('int_events_classified') }}

),

classified_leads as (

    select * from {{ ref('int_leads_classified') }}

),

classified_accounts as (

    select * from {{ ref('int_accounts_classified') }}

),

classified_opportunities as (

    select * from {{ ref('int_opportunities_classified') }}

),

leads as (

    select * from {{ ref('int_leads_enriched') }}

),

accounts as (

    select * from {{ ref('int_accounts_enriched') }}

),

issue_types as (

    select * from {{ ref('data_quality_issue_types') }}

),

labelled_rows as (

    {#- One row per source row and issue; a row may have several issues (a lead with no email
        and no title), all counted. -#}
    select 'events' as source_table, data_quality_issue, event_id as example_id
    from classified_events where data_quality_issue is not null
    union all
    select 'leads', data_quality_issue, lead_id
    from classified_leads where data_quality_issue is not null
    union all
    select 'leads', 'created_after_score_date', lead_id
    from classified_leads
    where data_quality_issue is null and cast(created_at as date) > {{ score_date() }}
    union all
    select 'leads', case when email is null then 'missing_email' else 'malformed_email' end, lead_id
    from leads where has_valid_email = false
    union all
    select 'leads', case when job_title is null then 'missing_job_title' else 'placeholder_job_title' end, lead_id
    from leads where seniority = 'unknown'
    union all
    select 'leads', case when lead_source is null then 'missing_lead_source' else 'unknown_lead_source' end, lead_id
    from leads where lead_direction = 'unknown'
    union all
    select 'leads', 'unknown_account_id', lead_id
    from leads where account_id is not null and has_account = false
    union all
    select 'accounts', data_quality_issue, account_id
    from classified_accounts where data_quality_issue is not null
    union all
    select
        'accounts',
        case employee_count_issue when 'missing' then 'missing_employee_count' else 'invalid_employee_count' end,
        account_id
    from accounts where employee_count_issue is not null
    union all
    select
        'accounts',
        case annual_revenue_issue when 'missing' then 'missing_annual_revenue' else 'invalid_annual_revenue' end,
        account_id
    from accounts where annual_revenue_issue is not null
    union all
    select 'opportunities', data_quality_issue, opportunity_id
    from classified_opportunities where data_quality_issue is not null

),

issue_counts as (

    select
        source_table,
        data_quality_issue,
        count(*) as row_count,
        min(example_id) as example_id

    from labelled_rows
    group by 1, 2

),

source_row_counts as (

    select 'events' as source_table, count(*) as source_row_count from classified_events
    union all
    select 'leads', count(*) from classified_leads
    union all
    select 'accounts', count(*) from classified_accounts
    union all
    select 'opportunities', count(*) from classified_opportunities

),

final as (

    {#- Left join: an issue missing from the seed gets no handling, which its not_null test
        reports, rather than vanishing. -#}
    select
        issue_counts.source_table,
        issue_counts.data_quality_issue,
        issue_types.handling,
        cast(issue_counts.row_count as {{ dbt.type_bigint() }}) as row_count,
        cast(source_row_counts.source_row_count as {{ dbt.type_bigint() }}) as source_row_count,
        issue_counts.example_id,
        {{ score_date() }} as scored_as_of

    from issue_counts
    inner join source_row_counts
        on issue_counts.source_table = source_row_counts.source_table
    left join issue_types
        on issue_counts.source_table = issue_types.source_table
        and issue_counts.data_quality_issue = issue_types.data_quality_issue

)

select * from final

{#-
    One row per lead (not quarantined) created on or before score_date, with everything rules may test: title
    seniority, email domain type, source direction, unsubscribe status as of score_date, and
    the account's firmographics.
-#}
with leads as (

    select * from {{ ref('int_leads_classified') }}
    where data_quality_issue is null
        and cast(created_at as date) <= {{ score_date() }}

),

accounts as (

    select * from {{ ref('int_accounts_enriched') }}

),

lead_sources as (

    select * from {{ ref('lead_sources') }}

),

email_domains as (

    select * from {{ ref('email_domains') }}

),

title_patterns as (

    select * from {{ ref('title_seniority_patterns') }}

),

unsubscribe_events as (

    select
        lead_id,
        min(occurred_at) as first_unsubscribed_at

    from {{ ref('int_events_validated') }}
    where event_type = 'unsubscribe'
    group by 1

),

leads_with_email_domain as (

    select
        leads.*,
        coalesce(
            leads.email like '%_@_%._%'
            and leads.email not like '%@%@%'
            and leads.email not like '% %',
            false
        ) as has_valid_email

    from leads

),

distinct_titles as (

    {#- Titles repeat a lot, so matching the distinct ones against the patterns is far cheaper. -#}
    select distinct
        job_title,
        {{ normalized_title('job_title') }} as normalized_title

    from leads
    where job_title is not null

),

title_matches as (

    select
        distinct_titles.job_title,
        title_patterns.seniority,
        row_number() over (
            partition by distinct_titles.job_title
            order by title_patterns.match_order
        ) as match_rank

    from distinct_titles
    inner join title_patterns
        on distinct_titles.normalized_title like title_patterns.title_pattern

),

title_seniority as (

    select
        job_title,
        seniority

    from title_matches
    where match_rank = 1

),

final as (

    select
        leads.lead_id,
        leads.account_id,
        leads.email,
        case
            when leads.has_valid_email then {{ dbt.split_part('leads.email', "'@'", 2) }}
        end as email_domain,
        leads.has_valid_email,
        leads.job_title,
        case
            when leads.job_title is null
                or lower(leads.job_title) in (
                    {%- for placeholder in var('leadscore_placeholder_titles') -%}
                        {{ sql_text_literal(placeholder) }}{{ ', ' if not loop.last }}
                    {%- endfor -%}
                )
                then 'unknown'
            else coalesce(title_seniority.seniority, 'other')
        end as seniority,
        leads.lead_source,
        coalesce(lead_sources.direction, 'unknown') as lead_direction,
        leads.product_interest,
        {{- custom_column_list('leads', 'leads.') }}
        leads.created_at,
        coalesce(leads.unsubscribed_at, unsubscribe_events.first_unsubscribed_at) as unsubscribed_at,
        coalesce(
            cast(leads.unsubscribed_at as date) <= {{ score_date() }}
            or unsubscribe_events.first_unsubscribed_at is not null,
            false
        ) as is_unsubscribed,
        coalesce(email_domains.domain_type = 'free_email', false) as is_free_email_domain,
        coalesce(email_domains.domain_type = 'competitor', false) as is_competitor_domain,
        coalesce(accounts.is_competitor_account, false) as is_competitor_account,
        accounts.account_id is not null as has_account,
        accounts.account_name,
        accounts.account_domain,
        accounts.industry,
        accounts.employee_count,
        accounts.annual_revenue,
        {{- custom_column_list('accounts', 'accounts.') }}
        accounts.country

    from leads_with_email_domain as leads
    left join accounts
        on leads.account_id = accounts.account_id
    left join lead_sources
        on leads.lead_source = lead_sources.lead_source
    left join email_domains
        on case
            when leads.has_valid_email then {{ dbt.split_part('leads.email', "'@'", 2) }}
        end = email_domains.email_domain
    left join title_seniority
        on leads.job_title = title_seniority.job_title
    left join unsubscribe_events
        on leads.lead_id = unsubscribe_events.lead_id

)

select * from final

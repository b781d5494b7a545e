{#-
    Account × active model (ABM): firmographic fit from the account rules, engagement rolled up
    from the account's most engaged contacts, and their sum as the account score. Engagement is
    the average over the top N contacts (missing contacts count as zero), so three engaged
    people outrank one very busy one, and the cap does not flatten the ranking.
-#}
with accounts as (

    select * from {{ ref('int_accounts_enriched') }}

),

account_rule_matches as (

    select * from {{ ref('int_account_rule_matches') }}

),

rules as (

    select * from {{ ref('int_scoring_rules') }}

),

scoring_models as (

    select * from {{ ref('int_scoring_models') }}
    where is_active = true

),

lead_scores as (

    select * from {{ ref('int_lead_scores_summed') }}

),

leads as (

    select * from {{ ref('int_leads_enriched') }}

),

account_rule_points as (

    select
        account_rule_matches.account_id,
        account_rule_matches.model_id,
        sum(case when rules.category = 'fit' then coalesce(account_rule_matches.points, rules.points) else 0 end) as fit_points,
        sum(case when rules.category = 'negative' then coalesce(account_rule_matches.points, rules.points) else 0 end) as negative_points

    from account_rule_matches
    inner join rules
        on account_rule_matches.model_id = rules.model_id
        and account_rule_matches.rule_id = rules.rule_id
    group by 1, 2

),

contacts_ranked as (

    select
        leads.account_id,
        lead_scores.model_id,
        lead_scores.lead_id,
        lead_scores.engagement_score,
        lead_scores.total_score,
        row_number() over (
            partition by leads.account_id, lead_scores.model_id
            order by lead_scores.engagement_score desc, lead_scores.lead_id
        ) as engagement_rank

    from lead_scores
    inner join leads
        on lead_scores.lead_id = leads.lead_id
    where leads.account_id is not null

),

account_engagement as (

    select
        account_id,
        model_id,
        count(*) as contact_count,
        sum(
            case when engagement_score >= {{ var('engaged_contact_min_engagement_score') }} then 1 else 0 end
        ) as engaged_contact_count,
        sum(
            case when engagement_rank <= {{ var('account_engagement_top_contacts') }} then engagement_score else 0 end
        ) / {{ var('account_engagement_top_contacts') }} as top_contacts_engagement,
        max(total_score) as best_contact_total_score

    from contacts_ranked
    group by 1, 2

),

account_models as (

    select
        accounts.account_id,
        accounts.account_name,
        accounts.account_domain,
        accounts.industry,
        accounts.employee_count,
        accounts.country,
        scoring_models.model_id,
        scoring_models.fit_cap,
        scoring_models.engagement_cap,
        scoring_models.negative_floor

    from accounts
    cross join scoring_models

),

account_components as (

    select
        account_models.*,
        {{ points('least(account_models.fit_cap, coalesce(account_rule_points.fit_points, 0))') }} as account_fit_score,
        {{ points('least(account_models.engagement_cap, coalesce(account_engagement.top_contacts_engagement, 0))') }} as account_engagement_score,
        {{ points('greatest(account_models.negative_floor, coalesce(account_rule_points.negative_points, 0))') }} as account_negative_points,
        coalesce(account_engagement.contact_count, 0) as contact_count,
        coalesce(account_engagement.engaged_contact_count, 0) as engaged_contact_count,
        account_engagement.best_contact_total_score

    from account_models
    left join account_rule_points
        on account_models.account_id = account_rule_points.account_id
        and account_models.model_id = account_rule_points.model_id
    left join account_engagement
        on account_models.account_id = account_engagement.account_id
        and account_models.model_id = account_engagement.model_id

),

final as (

    select
        account_id,
        model_id,
        account_name,
        account_domain,
        industry,
        employee_count,
        country,
        account_fit_score,
        account_engagement_score,
        account_negative_points,
        {{ points('greatest(0, account_fit_score + account_engagement_score + account_negative_points)') }} as account_score,
        cast(contact_count as {{ dbt.type_bigint() }}) as contact_count,
        cast(engaged_contact_count as {{ dbt.type_bigint() }}) as engaged_contact_count,
        best_contact_total_score

    from account_components

)

select * from final

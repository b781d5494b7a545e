{#- One row per account per active scoring model (ABM). -#}
with account_scores as (

    select * from {{ ref('int_account_scores') }}

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
        account_score,
        contact_count,
        engaged_contact_count,
        best_contact_total_score,
        {{ score_date() }} as scored_as_of

    from account_scores

)

select * from final

{{ config(materialized='view') }}
{#-
    Every staged opportunity, labelled with the reason it is quarantined (left out of the quality
    evaluation; null when it is used). An opportunity needs an id, a creation time and a stage
    the contract knows (open, won, lost); identical copies are used once
    (duplicate_opportunity_id), differing copies are all quarantined
    (conflicting_opportunity_id). data_quality_issues counts every label.
-#}
with opportunities as (

    select * from {{ ref('stg_crm__opportunities') }}

),

{{ rows_numbered_by_key(
    'opportunities',
    'opportunity_id',
    ['opportunity_id', 'account_id', 'lead_id', 'product_line', 'stage', 'amount', 'created_at',
     'closed_at'],
) }}

final as (

    select
        opportunity_id,
        account_id,
        lead_id,
        product_line,
        stage,
        amount,
        created_at,
        closed_at,
        case
            when opportunity_id is null then 'missing_opportunity_id'
            when created_at is null then 'missing_created_at'
            when stage is null or stage not in ('open', 'won', 'lost') then 'unknown_stage'
            when key_versions > 1 then 'conflicting_opportunity_id'
            when key_copy_number > 1 then 'duplicate_opportunity_id'
        end as data_quality_issue

    from rows_numbered

)

select * from final

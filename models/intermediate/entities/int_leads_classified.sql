{{ config(materialized='view') }}
{#-
    Every staged lead, labelled with the reason it is quarantined (left out of scoring; null when
    it is scored). A lead needs an id and a creation time; an id given to several rows is
    ambiguous unless the copies are identical: identical copies are scored once (the extra ones
    labelled duplicate_lead_id), differing copies are all quarantined (conflicting_lead_id),
    since nothing tells which one is right. data_quality_issues counts every label.
-#}
with leads as (

    select * from {{ ref('stg_crm__leads') }}

),

{{ rows_numbered_by_key(
    'leads',
    'lead_id',
    ['lead_id', 'account_id', 'email', 'job_title', 'lead_source', 'product_interest',
     'created_at', 'unsubscribed_at'] + custom_column_aliases('leads'),
) }}

final as (

    select
        lead_id,
        account_id,
        email,
        job_title,
        lead_source,
        product_interest,
        created_at,
        unsubscribed_at,
        {{- custom_column_list('leads') }}
        case
            when lead_id is null then 'missing_lead_id'
            when created_at is null then 'missing_created_at'
            when key_versions > 1 then 'conflicting_lead_id'
            when key_copy_number > 1 then 'duplicate_lead_id'
        end as data_quality_issue

    from rows_numbered

)

select * from final

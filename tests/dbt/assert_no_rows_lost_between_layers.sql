{#-
    Row counts must not fan out or vanish between layers: every staged event is either validated
    or counted in data_quality_issues; every staged lead is either in scope (int_leads_enriched)
    or counted as quarantined, deduplicated or not scored; and every lead in scope has one row per
    active model in lead_scores.
-#}
with staged_events as (

    select count(*) as row_count from {{ ref('stg_marketing__events') }}

),

validated_events as (

    select count(*) as row_count from {{ ref('int_events_validated') }}

),

event_issues as (

    select coalesce(sum(row_count), 0) as row_count
    from {{ ref('data_quality_issues') }}
    where source_table = 'events'

),

staged_leads as (

    select count(*) as row_count from {{ ref('stg_crm__leads') }}

),

lead_rows_left_out as (

    select coalesce(sum(row_count), 0) as row_count
    from {{ ref('data_quality_issues') }}
    where source_table = 'leads'
        and handling in ('quarantined', 'deduplicated', 'not_scored')

),

leads_in_scope as (

    select count(*) as row_count from {{ ref('int_leads_enriched') }}

),

active_models as (

    select count(*) as row_count from {{ ref('int_scoring_models') }} where is_active = true

),

scored_rows as (

    select count(*) as row_count from {{ ref('lead_scores') }}

),

checks as (

    select
        'events: staged = validated + counted issues' as check_name,
        staged_events.row_count as expected_rows,
        validated_events.row_count + event_issues.row_count as actual_rows
    from staged_events
    cross join validated_events
    cross join event_issues

    union all

    select
        'leads: staged = in scope + counted quarantined, deduplicated or not scored',
        staged_leads.row_count,
        leads_in_scope.row_count + lead_rows_left_out.row_count
    from staged_leads
    cross join leads_in_scope
    cross join lead_rows_left_out

    union all

    select
        'lead_scores: one row per lead in scope per active model',
        leads_in_scope.row_count * active_models.row_count,
        scored_rows.row_count
    from leads_in_scope
    cross join active_models
    cross join scored_rows

)

select * from checks
where expected_rows <> actual_rows

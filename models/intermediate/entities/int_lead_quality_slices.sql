{#-
    One row per quality slice (seeds/quality_slices.csv) and lead it holds: the leads whose
    current values meet the slice's condition, with the slice's cohort months (null: no bound).
    The quality marts judge the score on these leads apart, beside the slice 'all'.
-#}
{%- set rules_config = scoring_config() %}

with rule_input as (

    select * from {{ ref('int_leads_enriched') }}

),

slice_members as (

    {% for quality_slice in rules_config.slices -%}
    select
        {{ sql_text_literal(quality_slice.slice_id) }} as slice_id,
        rule_input.lead_id,
        cast({{ sql_text_literal(quality_slice.first_cohort_month) if quality_slice.first_cohort_month else 'null' }} as date)
            as first_cohort_month,
        cast({{ sql_text_literal(quality_slice.last_cohort_month) if quality_slice.last_cohort_month else 'null' }} as date)
            as last_cohort_month

    from rule_input
    where coalesce({{ quality_slice.condition_sql }}, false)
    {% if not loop.last %}
    union all

    {% endif -%}
    {%- else -%}
    select
        cast(null as {{ dbt.type_string() }}) as slice_id,
        rule_input.lead_id,
        cast(null as date) as first_cohort_month,
        cast(null as date) as last_cohort_month

    from rule_input
    where 1 = 0
    {%- endfor %}

)

select * from slice_members

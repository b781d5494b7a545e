{#-
    One row per lead, model and day scored: every run appends the day it scored (score_date), and
    re-running a day replaces that day (delete+insert on scored_as_of, on DuckDB and Postgres
    alike), so a daily schedule or a backfill of past days builds the history the quality models
    need. full_refresh is off: `dbt build --full-refresh` never wipes the history.
-#}
{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='scored_as_of',
        on_schema_change='append_new_columns',
        full_refresh=false,
        meta={'publish': false},
    )
}}

with lead_scores as (

    select * from {{ ref('lead_scores') }}

),

final as (

    select
        scored_as_of,
        lead_id,
        model_id,
        is_primary_model,
        account_id,
        fit_score,
        engagement_score,
        negative_points,
        total_score,
        fit_grade,
        lead_stage,
        profile_score,
        baseline_points,
        account_score,
        last_engaged_at,
        conversion_probability,
        predictive_model_version,
        {#- Rows written since lead_rule_hit_history exists: their cohort snapshots have rule hits
            there (older rows of an upgraded warehouse do not, and learning skips them). #}
        true as rule_hits_recorded

    from lead_scores

)

select * from final

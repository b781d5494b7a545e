{{ config(
    materialized='incremental',
    incremental_strategy='append',
    full_refresh=false,
) }}
{#-
    What the incremental event models last processed, one row per model and event day: the
    fingerprint of the input the day was computed from, the configuration it was computed with,
    and the run that did it. dbt only creates this table (the select is empty, and
    --full-refresh leaves it alone); int_events_loaded and int_lead_rule_daily_matches write
    their own rows in the same transaction as their data, from their post-hooks. Comparing it
    with the input tells a run which days to recompute (macros/incremental/).

    - int_events_loaded: source_row_count and source_fingerprint of the staged events of the day
      (int_event_day_fingerprints) when it was loaded.
    - int_lead_rule_daily_matches: source_version, the run that last loaded the day into
      int_events_loaded, when the day's rule matches were counted.
-#}
select
    cast(null as {{ dbt.type_string() }}) as model_name,
    cast(null as date) as event_date,
    cast(null as {{ dbt.type_bigint() }}) as source_row_count,
    cast(null as decimal(38, 0)) as source_fingerprint,
    cast(null as {{ dbt.type_string() }}) as source_version,
    cast(null as {{ dbt.type_string() }}) as config_version,
    cast(null as {{ dbt.type_string() }}) as processed_by,
    cast(null as {{ dbt.type_timestamp() }}) as processed_at
where 1 = 0

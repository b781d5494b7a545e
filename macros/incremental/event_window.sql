{#-
    Event-time windows for the incremental engagement models (int_events_loaded,
    int_lead_rule_daily_matches). A run re-processes only the days from
    `newest event_date already loaded (on or before score_date) - var leadscore_event_lookback_days`
    on: the pre-hook deletes those days and the model inserts them again, so events that arrive
    up to the lookback late are picked up and re-running a day never double-counts.

    The whole table is rebuilt instead (window start none) on the first run, with --full-refresh,
    when the configuration its rows were computed with (config_version) differs from the current
    one, and, with check_raw_history, when the raw events before the window are no longer the
    ones loaded (rows deleted, or arriving later than the lookback). So an incremental run always
    gives the tables a full refresh would, and nobody has to remember --full-refresh after
    editing a rule.

    Plain delete + append works the same on every adapter (DuckDB, Postgres; Spark appends too).
-#}
{% macro event_window_start(config_version, check_raw_history=false) %}
    {%- if not execute or not is_incremental() -%}
        {{- return(none) -}}
    {%- endif -%}
    {#- Every row carries the version the table was last rebuilt with, so one row tells. -#}
    {%- set stored = run_query('select config_version from ' ~ this ~ ' limit 1') -%}
    {%- if stored.rows | length == 0 or stored.rows[0][0] != config_version -%}
        {{- return(none) -}}
    {%- endif -%}
    {#- The newest day on or before score_date: events stamped in the future (clock skew) must
        not push the window past the days that are still arriving. -#}
    {%- set newest = run_query(
        'select max(event_date) from ' ~ this ~ ' where event_date <= ' ~ score_date()
    ).rows[0][0] -%}
    {%- if newest is none -%}
        {{- return(none) -}}
    {%- endif -%}
    {%- set lookback = var('leadscore_event_lookback_days') | int -%}
    {%- if lookback < 0 -%}
        {{- exceptions.raise_compiler_error('leadscore: var leadscore_event_lookback_days must be 0 or more, got ' ~ lookback) -}}
    {%- endif -%}
    {%- set newest_date = modules.datetime.datetime.strptime((newest | string)[:10], '%Y-%m-%d') -%}
    {%- set window_start = (newest_date - modules.datetime.timedelta(days=lookback)).strftime('%Y-%m-%d') -%}
    {%- if check_raw_history -%}
        {#- The timestamp is compared as it is stored (not cast to a date), so an engine can skip
            the storage blocks outside the range by their min/max. -#}
        {%- set counts = run_query(
            'select (select count(*) from ' ~ ref('stg_marketing__events')
            ~ " where occurred_at < cast('" ~ window_start ~ "' as " ~ dbt.type_timestamp() ~ ')), '
            ~ '(select count(*) from ' ~ this ~ " where event_date < cast('" ~ window_start ~ "' as date))"
        ).rows[0] -%}
        {%- if counts[0] != counts[1] -%}
            {{- log('leadscore: ' ~ this ~ ': the raw events before ' ~ window_start ~ ' changed since they were loaded ('
                ~ counts[0] ~ ' rows now, ' ~ counts[1] ~ ' loaded); rebuilding it.', info=true) -}}
            {{- return(none) -}}
        {%- endif -%}
    {%- endif -%}
    {{- return(window_start) -}}
{% endmacro %}


{#- The pre-hook: delete the days about to be re-inserted (every row for a rebuild). -#}
{% macro event_window_delete(config_version, check_raw_history=false) %}
    {%- if not execute or not is_incremental() -%}
        {{- return('') -}}
    {%- endif -%}
    {%- set window_start = event_window_start(config_version, check_raw_history) -%}
    {%- if window_start is none -%}
        {{- return('delete from ' ~ this) -}}
    {%- endif -%}
    {{- return('delete from ' ~ this ~ " where event_date >= cast('" ~ window_start ~ "' as date)") -}}
{% endmacro %}


{#-
    Which run last rebuilt the model (for its rebuilt_by column): this run when it rebuilds,
    else the stored value. Models computed from it include it in their config_version, so a
    rebuild upstream rebuilds them too.
-#}
{% macro event_window_rebuilt_by(window_start) %}
    {%- if not execute or window_start is none -%}
        {{- return(invocation_id) -}}
    {%- endif -%}
    {{- return(run_query('select rebuilt_by from ' ~ this ~ ' limit 1').rows[0][0]) -}}
{% endmacro %}


{#- A short, stable hash of a configuration value (anything tojson can write). -#}
{% macro config_version(value) %}
    {{- return(local_md5(tojson(value, sort_keys=true))[:16]) -}}
{% endmacro %}


{#- The configuration int_events_loaded depends on: the known event types. -#}
{% macro event_types_version() %}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {%- set types = run_query('select event_type from ' ~ ref('event_types') ~ ' order by 1').columns[0].values() | list -%}
    {{- return(config_version(types | map('string') | list)) -}}
{% endmacro %}


{#-
    The configuration int_lead_rule_daily_matches depends on: which events each scored event
    rule matches (its rule_key, model, rule, event type, compiled condition) and the
    int_events_loaded rows it was computed from (their rebuilt_by). Points, repeats, decay and
    caps are applied later, per run, so changing them needs no rebuild.
-#}
{% macro event_rules_version(scoring_config=none) %}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {%- set config = scoring_config if scoring_config is not none else load_scoring_config() -%}
    {%- set matching = [] -%}
    {%- for rule in config.rules if rule.rule_key is not none -%}
        {%- do matching.append([rule.rule_key, rule.model_id, rule.rule_id, rule.event_type, rule.condition_sql]) -%}
    {%- endfor -%}
    {%- set loaded = run_query('select rebuilt_by from ' ~ ref('int_events_loaded') ~ ' limit 1').rows -%}
    {%- set loaded_by = loaded[0][0] if loaded | length > 0 else '' -%}
    {{- return(config_version([loaded_by, matching | sort])) -}}
{% endmacro %}

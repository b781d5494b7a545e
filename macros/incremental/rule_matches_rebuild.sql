{#-
    True when int_lead_rule_daily_matches recounts every day from scratch: its first run,
    --full-refresh, or no ledger rows of its own (so nothing says what its rows were counted from).
-#}
{% macro rule_matches_rebuild() %}
    {%- if not execute or not is_incremental() -%}{{ return(true) }}{%- endif -%}
    {%- set counted = run_query(
        'select count(*) from ' ~ ref('int_incremental_ledger') ~ " where model_name = 'int_lead_rule_daily_matches'"
    ).columns[0].values()[0] -%}
    {{- return(counted == 0) -}}
{% endmacro %}

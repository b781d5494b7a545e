{#-
    on-run-start: the tables a trained predictive model is saved in (`leadscore predict train`
    writes them; var leadscore_learning_schema), created empty when missing, so a warehouse
    without a trained model builds and its conversion_probability is null. A terms table an
    earlier release created lacks centre and scale: its staging model reads them as null, and
    `leadscore predict train` adds them before it saves a model that needs them.
-#}
{% macro create_predictive_model_tables() %}
    {%- if not execute or flags.WHICH not in ['build', 'run'] -%}{{ return('') }}{%- endif -%}
    {%- set schema = var('leadscore_learning_schema') -%}
    {%- set text = dbt.type_string() -%}
    {%- set number = number_type() -%}
    {%- set statements = [
        create_schema_if_missing(schema),
        'create table if not exists ' ~ adapter.quote_as_configured(schema, 'schema') ~ '.predictive_models ('
            ~ 'model_id ' ~ text ~ ', model_version ' ~ text ~ ', trained_at ' ~ dbt.type_timestamp()
            ~ ', training_first_cohort date, training_last_cohort date, validation_last_cohort date'
            ~ ', decided_snapshots ' ~ dbt.type_bigint() ~ ', conversions ' ~ dbt.type_bigint()
            ~ ', validation_auc ' ~ number ~ ', features ' ~ text ~ ', metrics ' ~ text ~ ')',
        'create table if not exists ' ~ adapter.quote_as_configured(schema, 'schema') ~ '.predictive_model_terms ('
            ~ 'model_id ' ~ text ~ ', model_version ' ~ text ~ ', term_kind ' ~ text ~ ', feature ' ~ text
            ~ ', value_text ' ~ text ~ ', lower_bound ' ~ number ~ ', upper_bound ' ~ number
            ~ ', coefficient ' ~ number ~ ', centre ' ~ number ~ ', scale ' ~ number ~ ')',
    ] -%}
    {{ return(statements | join(';\n')) }}
{% endmacro %}

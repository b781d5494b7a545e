{#-
    The saved predictive models' log-odds terms (`leadscore predict train`), typed. A table an
    earlier release created has no centre and scale (its models have no attribute_numeric
    terms): they read as null until predict train adds them.
-#}
{%- set saved_columns = source_column_names(source('learning', 'predictive_model_terms')) %}
with source as (

    select * from {{ source('learning', 'predictive_model_terms') }}

),

renamed as (

    select
        cast(model_id as {{ dbt.type_string() }}) as model_id,
        cast(model_version as {{ dbt.type_string() }}) as model_version,
        cast(term_kind as {{ dbt.type_string() }}) as term_kind,
        cast(feature as {{ dbt.type_string() }}) as feature,
        cast(value_text as {{ dbt.type_string() }}) as value_text,
        cast(lower_bound as {{ number_type() }}) as lower_bound,
        cast(upper_bound as {{ number_type() }}) as upper_bound,
        cast(coefficient as {{ number_type() }}) as coefficient,
        {%- for column in ['centre', 'scale'] %}
        cast({{ column if column in saved_columns else 'null' }} as {{ number_type() }}) as {{ column }}{{ ',' if not loop.last }}
        {%- endfor %}

    from source

)

select * from renamed

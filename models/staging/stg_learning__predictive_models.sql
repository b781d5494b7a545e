{#- The saved predictive models (`leadscore predict train`), typed. -#}
with source as (

    select * from {{ source('learning', 'predictive_models') }}

),

renamed as (

    select
        cast(model_id as {{ dbt.type_string() }}) as model_id,
        cast(model_version as {{ dbt.type_string() }}) as model_version,
        cast(trained_at as {{ dbt.type_timestamp() }}) as trained_at,
        cast(training_first_cohort as date) as training_first_cohort,
        cast(training_last_cohort as date) as training_last_cohort,
        cast(validation_last_cohort as date) as validation_last_cohort,
        cast(decided_snapshots as {{ dbt.type_bigint() }}) as decided_snapshots,
        cast(conversions as {{ dbt.type_bigint() }}) as conversions,
        cast(validation_auc as {{ number_type() }}) as validation_auc

    from source

)

select * from renamed

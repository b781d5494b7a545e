{#-
    One row per person contacted, typed and renamed. duration is left out on purpose: it is
    known only after the call and leaks the outcome, so the columns are listed rather than
    selected with *, and nothing downstream can read it.
-#}
with source as (

    select
        file_row_number,
        age,
        job,
        marital,
        education,
        {{ adapter.quote('default') }} as credit_default,
        housing,
        loan,
        contact,
        month,
        day_of_week,
        campaign,
        pdays,
        previous,
        poutcome,
        {{ adapter.quote('emp.var.rate') }} as emp_var_rate,
        {{ adapter.quote('cons.price.idx') }} as cons_price_idx,
        {{ adapter.quote('cons.conf.idx') }} as cons_conf_idx,
        euribor3m,
        {{ adapter.quote('nr.employed') }} as nr_employed,
        y

    from {{ source('bank_marketing', 'bank_additional_full') }}

),

renamed as (

    select
        cast(file_row_number as {{ dbt.type_int() }}) as file_row_number,
        cast(age as {{ dbt.type_int() }}) as age,
        nullif(trim(job), '') as job,
        nullif(trim(marital), '') as marital,
        nullif(trim(education), '') as education,
        nullif(trim(credit_default), '') as credit_default,
        nullif(trim(housing), '') as housing,
        nullif(trim(loan), '') as loan,
        nullif(trim(contact), '') as contact,
        lower(trim(month)) as contact_month_name,
        lower(trim(day_of_week)) as contact_day_of_week,
        cast(campaign as {{ dbt.type_int() }}) as campaign,
        cast(pdays as {{ dbt.type_int() }}) as pdays,
        cast(previous as {{ dbt.type_int() }}) as previous,
        nullif(trim(poutcome), '') as poutcome,
        cast(emp_var_rate as {{ number_type() }}) as emp_var_rate,
        cast(cons_price_idx as {{ number_type() }}) as cons_price_idx,
        cast(cons_conf_idx as {{ number_type() }}) as cons_conf_idx,
        cast(euribor3m as {{ number_type() }}) as euribor3m,
        cast(nr_employed as {{ number_type() }}) as nr_employed,
        lower(trim(y)) = 'yes' as is_subscribed

    from source

)

select * from renamed

{#-
    Each contact with the dates the file does not give: the year of its month, reconstructed
    from the row order, and a contact day consistent with its weekday.

    The rows are in time order and a year's months never go back, so a row whose month comes
    before the previous row's (dec, then mar) begins the next year; the first row's year is var
    bank_marketing_first_year (2008: the data set covers May 2008 to November 2010).
    leadscore/adapters/bank_marketing.py does the same for the loader's summary, and the
    end-to-end test checks that both agree on every row.

    lead_id is 'row-' and the data row number padded to six digits.

    The day of the month is not in the data. contacted_on is the first day after the 1st that
    falls on the contact's weekday (the 2nd to the 8th): strictly after the lead's monthly
    snapshot on the 1st, so the outcome follows the score, and within the 90-day window.
-#}
{%- set months = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] -%}
{%- set weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] -%}

with contacts as (

    select * from {{ ref('stg_bank_marketing__contacts') }}

),

contacts_numbered as (

    select
        file_row_number,
        case contact_month_name
            {%- for month in months %}
            when '{{ month }}' then {{ loop.index }}
            {%- endfor %}
        end as month_number,
        case contact_day_of_week
            {%- for weekday in weekdays %}
            when '{{ weekday }}' then {{ loop.index }}
            {%- endfor %}
        end as iso_weekday

    from contacts

),

year_changes as (

    select
        *,
        case
            when month_number < lag(month_number) over (order by file_row_number) then 1
            else 0
        end as begins_new_year

    from contacts_numbered

),

contact_years as (

    select
        *,
        {{ var('bank_marketing_first_year', 2008) }} + sum(begins_new_year) over (
            order by file_row_number
            rows between unbounded preceding and current row
        ) as contact_year

    from year_changes

),

contact_months as (

    select
        file_row_number,
        iso_weekday,
        make_date(cast(contact_year as {{ dbt.type_int() }}), month_number, 1) as contact_month

    from contact_years

),

second_days as (

    select
        *,
        cast({{ dbt.dateadd('day', 1, 'contact_month') }} as date) as second_of_month

    from contact_months

),

contact_days as (

    select
        file_row_number,
        contact_month,
        cast(
            {{ dbt.dateadd(
                'day',
                'mod(iso_weekday - cast(extract(isodow from second_of_month) as ' ~ dbt.type_int() ~ ') + 7, 7)',
                'second_of_month',
            ) }}
            as date
        ) as contacted_on

    from second_days

),

final as (

    select
        {#- Stable and sorting in file (time) order: row-000042 is data row 42. #}
        'row-' || lpad(cast(contacts.file_row_number as {{ dbt.type_string() }}), 6, '0') as lead_id,
        contacts.*,
        contact_days.contact_month,
        contact_days.contacted_on

    from contacts
    inner join contact_days
        on contacts.file_row_number = contact_days.file_row_number

)

select * from final

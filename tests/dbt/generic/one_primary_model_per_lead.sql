{#- Fails for every lead that does not have exactly one row with is_primary_model. -#}
{% test one_primary_model_per_lead(model) %}

select
    lead_id,
    sum(case when is_primary_model then 1 else 0 end) as primary_rows

from {{ model }}
group by lead_id
having sum(case when is_primary_model then 1 else 0 end) <> 1

{% endtest %}

{#- Fails for every combination of the given columns that appears more than once (the grain). -#}
{% test unique_combination(model, columns) %}

select
    {{ columns | join(', ') }},
    count(*) as occurrences

from {{ model }}
group by {{ columns | join(', ') }}
having count(*) > 1

{% endtest %}

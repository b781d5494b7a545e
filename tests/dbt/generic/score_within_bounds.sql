{#- Fails for every row whose column lies outside [minimum, maximum]. -#}
{% test score_within_bounds(model, column_name, minimum, maximum) %}

select {{ column_name }}
from {{ model }}
where {{ column_name }} < {{ minimum }} or {{ column_name }} > {{ maximum }}

{% endtest %}

{#-
    The decay factor of a rule for an age in days (SQL expressions for the rule's decay_method,
    decay_days and decay_step_multiplier): exponential halves every decay_days, linear reaches 0
    at decay_days, step multiplies by the step multiplier per whole decay_days, window is 1
    before decay_days and 0 after, none is 1.
-#}
{% macro decay_factor(method, age_days, decay_days, step_multiplier) %}
    case {{ method }}
        when 'exponential' then power(0.5, {{ age_days }} / {{ decay_days }})
        when 'linear' then greatest(0, 1 - {{ age_days }} / {{ decay_days }})
        when 'step' then power({{ step_multiplier }}, floor({{ age_days }} / {{ decay_days }}))
        when 'window' then case when {{ age_days }} < {{ decay_days }} then 1 else 0 end
        else 1
    end
{%- endmacro %}

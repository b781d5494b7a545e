{#- Like rule_condition_switch, for the scoring models' assignment conditions. -#}
{% macro model_assignment_switch(models, models_alias='scoring_models') %}
    {%- set branches = [] -%}
    {%- for model in models if model.is_active and model.assignment_condition_sql -%}
        {%- do branches.append('when ' ~ models_alias ~ '.model_id = ' ~ sql_text_literal(model.model_id)
            ~ ' then (' ~ model.assignment_condition_sql ~ ')') -%}
    {%- endfor -%}
    {%- if branches | length == 0 -%}
        {{- return('false') -}}
    {%- endif -%}
    {{- return('case ' ~ branches | join(' ') ~ ' else false end') -}}
{% endmacro %}

{#-
    One boolean expression that applies, on each row of rule_input joined to a rule, the compiled
    condition of that rule: `case when <rule is r1> then (<r1 condition>) ... else false end`.
    Conditions come only from scoring_config(), i.e. from the rule compiler's rebuilt SQL.
-#}
{% macro rule_condition_switch(rules, subjects, rules_alias='rules') %}
    {%- set branches = [] -%}
    {%- for rule in rules if rule.subject in subjects and rule.is_active and rule.is_model_active -%}
        {%- do branches.append('when ' ~ rules_alias ~ '.model_id = ' ~ sql_text_literal(rule.model_id) ~ ' and '
            ~ rules_alias ~ '.rule_id = ' ~ sql_text_literal(rule.rule_id) ~ ' then (' ~ rule.condition_sql ~ ')') -%}
    {%- endfor -%}
    {%- if branches | length == 0 -%}
        {{- return('false') -}}
    {%- endif -%}
    {{- return('case ' ~ branches | join(' ') ~ ' else false end') -}}
{% endmacro %}

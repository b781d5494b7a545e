{#-
    For the active lookup rules of a subject: `union all` selects of (key, model_id, rule_id,
    points) for each row of rule_input whose lookup column's value is listed for the rule in
    int_scoring_lookup_points (and that meets the rule's condition, if it has one). Empty when
    there are none. The column and the condition come from the rule compiler (scoring_config()).
-#}
{% macro lookup_rule_matches(rules, subject, key_column) %}
    {%- set selects = [] -%}
    {%- for rule in rules if rule.subject == subject and rule.lookup_column and rule.is_active and rule.is_model_active -%}
        {%- do selects.append(
            'select rule_input.' ~ key_column ~ ', lookups.model_id, lookups.rule_id, lookups.points'
            ~ ' from rule_input inner join ' ~ ref('int_scoring_lookup_points') ~ ' as lookups'
            ~ ' on lookups.model_id = ' ~ sql_text_literal(rule.model_id)
            ~ ' and lookups.rule_id = ' ~ sql_text_literal(rule.rule_id)
            ~ ' and lookups.value = rule_input.' ~ rule.lookup_column
            ~ ' where (' ~ rule.condition_sql ~ ')') -%}
    {%- endfor -%}
    {%- for select in selects %}
    union all
    {{ select }}
    {%- endfor %}
{% endmacro %}

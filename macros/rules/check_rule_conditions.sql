{#-
    Runs the dbt-side rule compiler (compile_rule_condition, the gate every `dbt build` goes
    through) over conditions given on the command line, without reading or writing any table:

        dbt run-operation check_rule_conditions --args '{conditions: [["job_title ilike ''%vp%''", "lead"]]}'

    conditions: a list of [condition, subject] pairs (subject: lead, account or event).
    Prints one line, `leadscore-rule-check: ` followed by a JSON list with one
    {"sql": ..., "error": ...} object per condition, in order. The tests use it to prove that this
    gate and the Python checker (leadscore/rules.py) accept and reject the same conditions.
-#}
{% macro check_rule_conditions(conditions=[]) %}
    {%- set results = [] -%}
    {%- for pair in conditions -%}
        {%- set condition = pair[0] if pair[0] is not none else '' -%}
        {%- set subject = pair[1] -%}
        {%- if subject not in var('leadscore_rule_columns') -%}
            {%- do results.append({'sql': none, 'error': "unknown subject '" ~ subject ~ "'"}) -%}
        {%- elif (condition | trim) == '' -%}
            {%- do results.append({'sql': none, 'error': 'condition is empty'}) -%}
        {%- else -%}
            {%- do results.append(compile_rule_condition(condition | trim, subject, 'rule_input')) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- do print('leadscore-rule-check: ' ~ tojson(results)) -%}
{% endmacro %}

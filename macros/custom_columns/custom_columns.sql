{#-
    The custom columns declared for a raw table ('leads', 'accounts' or 'events'), from var
    leadscore_<lead|account|event>_custom_columns, each as {name, alias, type, transform_sql}
    with the alias defaulted to the name. The rule compiler (leadscore/rules/custom_columns.py)
    checked the declarations: dbt refuses to run with vars other than the compiled ones.
-#}
{% macro custom_columns(table) %}
    {%- set var_names = {'leads': 'leadscore_lead_custom_columns', 'accounts': 'leadscore_account_custom_columns',
        'events': 'leadscore_event_custom_columns'} -%}
    {%- set columns = [] -%}
    {%- for declared in var(var_names[table], []) or [] -%}
        {%- do columns.append({
            'name': declared.name,
            'alias': declared.alias or declared.name,
            'type': declared.type | lower,
            'transform_sql': declared.transform_sql,
        }) -%}
    {%- endfor -%}
    {{ return(columns) }}
{% endmacro %}

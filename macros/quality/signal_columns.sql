{#-
    The lead attributes quality_signals tries as unscored candidates: the rule language's lead
    columns (var leadscore_rule_columns, which include the account's) and the declared custom
    lead and account columns, minus var quality_signal_skip_columns (names and domains, whose
    values are one lead or account each). Returns {'text': [...], 'number': [...]}: text and
    boolean columns are tried value by value, numbers in bands.
-#}
{% macro signal_columns() %}
    {%- set skipped = var('quality_signal_skip_columns') -%}
    {%- set typed = {} -%}
    {%- for name, type in var('leadscore_rule_columns')['lead'].items() -%}
        {%- do typed.update({name: type}) -%}
    {%- endfor -%}
    {%- for column in custom_columns('leads') + custom_columns('accounts') -%}
        {%- do typed.update({column.alias: column.type}) -%}
    {%- endfor -%}
    {%- set columns = {'text': [], 'number': []} -%}
    {%- for name, type in typed.items() if name not in skipped -%}
        {%- if type == 'number' -%}
            {%- do columns['number'].append(name) -%}
        {%- elif type in ['string', 'text', 'boolean'] -%}
            {%- do columns['text'].append(name) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(columns) }}
{% endmacro %}

{#-
    The columns an event carries beyond its keys and time, in order: the built-in page_path,
    asset_name, campaign_id and value, then the declared custom event columns (by alias). Every
    event model carries them, they decide which copy of a repeated event_id is scored, and event
    rules may test them. Each is {name, type} (type: text, number, boolean, date).
-#}
{% macro event_attributes() %}
    {%- set attributes = [
        {'name': 'page_path', 'type': 'text'},
        {'name': 'asset_name', 'type': 'text'},
        {'name': 'campaign_id', 'type': 'text'},
        {'name': 'value', 'type': 'number'},
    ] -%}
    {%- for column in custom_columns('events') -%}
        {%- do attributes.append({'name': column.alias, 'type': column.type}) -%}
    {%- endfor -%}
    {{ return(attributes) }}
{% endmacro %}

{#- The warehouse type of a declared column type (text, number, boolean, date). -#}
{% macro custom_column_type(declared_type) %}
    {%- set types = {
        'text': dbt.type_string(),
        'number': number_type(),
        'boolean': dbt.type_boolean(),
        'date': 'date',
    } -%}
    {{ return(types[declared_type]) }}
{% endmacro %}

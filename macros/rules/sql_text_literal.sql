{#- A text value as a SQL string literal, with quotes doubled (the standard escape in every target). -#}
{% macro sql_text_literal(value) %}
    {%- if value is none -%}{{ return('null') }}{%- endif -%}
    {{ return("'" ~ (value | string | replace("'", "''")) ~ "'") }}
{% endmacro %}

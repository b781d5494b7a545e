{#-
    A raw column name as SQL: as written when it is a plain lowercase name (so engines that fold
    unquoted names, like Snowflake, find it), quoted otherwise (an export's `Lead Origin`).
-#}
{% macro raw_column(name) %}
    {%- if modules.re.match('^[a-z_][a-z0-9_]*$', name) -%}
        {{ return(name) }}
    {%- endif -%}
    {{ return(adapter.quote(name)) }}
{% endmacro %}

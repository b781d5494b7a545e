{#-
    An optional column of the source contract: the raw column when the raw table has it (its
    column names, from source_column_names), else a typed null, so tables without it (most CRM
    syncs have no event `value`) still build.
-#}
{% macro optional_source_column(source_columns, name, declared_type) %}
    {%- set column = name if name in source_columns else 'null' -%}
    {{ return('cast(' ~ column ~ ' as ' ~ custom_column_type(declared_type) ~ ')') }}
{% endmacro %}

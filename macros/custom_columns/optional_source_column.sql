{#-
    An optional column of the source contract: the raw column when the raw table has it, else a
    typed null, so tables without it (most CRM syncs have no event `value`) still build.
-#}
{% macro optional_source_column(source_relation, name, declared_type) %}
    {%- set column = name if source_has_column(source_relation, name) else 'null' -%}
    {{ return('cast(' ~ column ~ ' as ' ~ custom_column_type(declared_type) ~ ')') }}
{% endmacro %}

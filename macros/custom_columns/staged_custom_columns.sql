{#-
    Staging's select list for a raw table's custom columns: each declared column cast to its
    type and named by its alias (`transform_sql` first when given; text trimmed, '' as null, like
    the built-in text columns), each followed by a comma. Before it renders, the raw table is
    checked for every declared column, so a missing one stops the build naming it rather than
    failing later with a warehouse error. `source_columns`: the raw table's column names when the
    caller has them already (source_column_names).
-#}
{% macro staged_custom_columns(table, source_relation, source_columns=none) %}
    {%- set columns = custom_columns(table) -%}
    {%- if columns | length == 0 -%}{{ return('') }}{%- endif -%}
    {%- if execute -%}
        {%- set present = source_columns if source_columns is not none else source_column_names(source_relation) -%}
        {%- for column in columns if column.name | lower not in present -%}
            {{ exceptions.raise_compiler_error(
                "leadscore: custom column '" ~ column.name ~ "' is declared in var leadscore_"
                ~ table[:-1] ~ "_custom_columns, but the raw table " ~ source_relation
                ~ " has no such column (its columns: " ~ present | join(', ') ~ ")") }}
        {%- endfor -%}
    {%- endif -%}
    {%- for column in columns %}
        {%- set raw = column.transform_sql or raw_column(column.name) -%}
        {%- if column.type == 'text' %}
        nullif(trim(cast({{ raw }} as {{ dbt.type_string() }})), '') as {{ column.alias }},
        {%- else %}
        cast({{ raw }} as {{ custom_column_type(column.type) }}) as {{ column.alias }},
        {%- endif %}
    {%- endfor %}
{% endmacro %}

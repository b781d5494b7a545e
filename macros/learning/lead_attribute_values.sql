{#-
    A relation's lead attributes in long form: lead_id, feature (the column), value_text (text
    and boolean columns, cast to text) and value_number (numeric columns), one row per lead and
    non-null attribute. columns: {'text': [...], 'number': [...]} as signal_columns() returns.
    The predictive score matches its terms on these rows.
-#}
{% macro lead_attribute_values(relation, columns) %}
    {%- set selects = [] -%}
    {%- for column in columns['text'] -%}
        {%- do selects.append(
            "select lead_id, '" ~ column ~ "' as feature, cast(" ~ column ~ " as " ~ dbt.type_string()
            ~ ") as value_text, cast(null as " ~ number_type() ~ ") as value_number from " ~ relation
            ~ " where " ~ column ~ " is not null") -%}
    {%- endfor -%}
    {%- for column in columns['number'] -%}
        {%- do selects.append(
            "select lead_id, '" ~ column ~ "' as feature, cast(null as " ~ dbt.type_string()
            ~ ") as value_text, cast(" ~ column ~ " as " ~ number_type() ~ ") as value_number from "
            ~ relation ~ " where " ~ column ~ " is not null") -%}
    {%- endfor -%}
    {%- if not selects -%}
        {%- do selects.append(
            "select cast(null as " ~ dbt.type_string() ~ ") as lead_id, cast(null as " ~ dbt.type_string()
            ~ ") as feature, cast(null as " ~ dbt.type_string() ~ ") as value_text, cast(null as "
            ~ number_type() ~ ") as value_number where 1 = 0") -%}
    {%- endif -%}
    {{ return(selects | join('\n    union all\n    ')) }}
{% endmacro %}

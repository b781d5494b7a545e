{#-
    The event attributes (event_attributes()) in a select list, `prefix name` each, joined by
    commas (no trailing one); with nulls=true, typed nulls named like them (for empty tables).
-#}
{% macro event_attribute_list(prefix='', nulls=false) %}
    {%- set items = [] -%}
    {%- for attribute in event_attributes() -%}
        {%- if nulls -%}
            {%- do items.append('cast(null as ' ~ custom_column_type(attribute.type) ~ ') as ' ~ attribute.name) -%}
        {%- else -%}
            {%- do items.append(prefix ~ attribute.name) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(items | join(',\n        ')) }}
{% endmacro %}

{#-
    Config rows (dicts from scoring_config()) as a portable `select ... union all select ...`
    (BigQuery has no VALUES lists). columns: list of [name, kind] with kind in string, number,
    integer, boolean, date. Values are typed (true/false, numbers) as the compiler wrote them.
-#}
{% macro config_rows_as_select(rows, columns) %}
    {%- set types = {
        'string': dbt.type_string(),
        'number': number_type(),
        'integer': dbt.type_int(),
        'boolean': dbt.type_boolean(),
        'date': 'date',
    } -%}
    {%- set selects = [] -%}
    {%- for row in (rows if rows | length > 0 else [none]) -%}
        {%- set expressions = [] -%}
        {%- for name, kind in columns -%}
            {%- set value = row[name] if row is not none else none -%}
            {%- if value is none -%}{%- set literal = 'null' -%}
            {%- elif kind in ['string', 'date'] -%}{%- set literal = sql_text_literal(value) -%}
            {%- elif kind == 'boolean' -%}{%- set literal = 'true' if value else 'false' -%}
            {%- else -%}{%- set literal = value | string -%}
            {%- endif -%}
            {%- do expressions.append('cast(' ~ literal ~ ' as ' ~ types[kind] ~ ') as ' ~ name) -%}
        {%- endfor -%}
        {%- do selects.append('select ' ~ expressions | join(', ') ~ (' where 1 = 0' if row is none else '')) -%}
    {%- endfor -%}
    {{ selects | join('\nunion all\n') }}
{% endmacro %}

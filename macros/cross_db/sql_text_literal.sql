{#-
    A text value as a SQL string literal (dispatched). Standard SQL doubles the quote, which is
    all DuckDB and Postgres need. BigQuery, Snowflake, Spark and Databricks read backslashes as
    escapes inside string literals, so there the backslash and the quote are backslash-escaped;
    otherwise a value ending in a backslash (a description, say) would end the literal early.
-#}
{% macro sql_text_literal(value) %}
    {%- if value is none -%}{{ return('null') }}{%- endif -%}
    {{ return(adapter.dispatch('sql_text_literal', 'leadscore')(value | string)) }}
{% endmacro %}

{% macro default__sql_text_literal(text) %}
    {{ return("'" ~ (text | replace("'", "''")) ~ "'") }}
{% endmacro %}

{% macro _backslash_escaped_text_literal(text) %}
    {{ return("'" ~ (text | replace('\\', '\\\\') | replace("'", "\\'")) ~ "'") }}
{% endmacro %}

{% macro bigquery__sql_text_literal(text) %}
    {{ return(_backslash_escaped_text_literal(text)) }}
{% endmacro %}

{% macro snowflake__sql_text_literal(text) %}
    {{ return(_backslash_escaped_text_literal(text)) }}
{% endmacro %}

{% macro spark__sql_text_literal(text) %}
    {{ return(_backslash_escaped_text_literal(text)) }}
{% endmacro %}

{#-
    A 63-bit integer hash of a row's columns (a bigint, never negative on DuckDB), the same for
    equal values and null-aware: null and '' hash differently. Used to tell exact duplicate rows
    from conflicting copies, and for the per-day fingerprints of the raw events. Each engine has
    its own fast hash, so each adapter needs its line here.
-#}
{% macro row_hash(columns) %}
    {{- return(adapter.dispatch('row_hash', 'leadscore')(columns)) -}}
{% endmacro %}

{% macro duckdb__row_hash(columns) %}
    {#- hash() is an unsigned 64-bit value; one bit less fits a signed bigint. -#}
    {{- return('cast(hash(' ~ columns | join(', ') ~ ') >> 1 as ' ~ dbt.type_bigint() ~ ')') -}}
{% endmacro %}

{% macro postgres__row_hash(columns) %}
    {#- Each value tagged ('v' + text, or 'n' for null) and joined by the unit separator. -#}
    {%- set parts = [] -%}
    {%- for column in columns -%}
        {%- do parts.append("coalesce('v' || cast(" ~ column ~ " as text), 'n')") -%}
    {%- endfor -%}
    {{- return('hashtextextended(' ~ parts | join(" || chr(31) || ") ~ ', 0)') -}}
{% endmacro %}

{% macro spark__row_hash(columns) %}
    {{- return('xxhash64(' ~ columns | join(', ') ~ ')') -}}
{% endmacro %}

{% macro snowflake__row_hash(columns) %}
    {{- return('hash(' ~ columns | join(', ') ~ ')') -}}
{% endmacro %}

{% macro default__row_hash(columns) %}
    {{- exceptions.raise_compiler_error('leadscore: row_hash has no implementation for adapter ' ~ target.type
        ~ '; add ' ~ target.type ~ '__row_hash to macros/cross_db/row_hash.sql') -}}
{% endmacro %}

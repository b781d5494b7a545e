{#-
    The sum of row_hash values as an exact decimal(38, 0): an order-independent fingerprint of a
    set of rows (with the row count, any insert, delete or update changes it). Summed as decimals
    where a bigint sum could overflow (Spark's would).
-#}
{% macro fingerprint_sum(expression) %}
    {{- return(adapter.dispatch('fingerprint_sum', 'leadscore')(expression)) -}}
{% endmacro %}

{% macro default__fingerprint_sum(expression) %}
    {{- return('cast(sum(cast(' ~ expression ~ ' as decimal(38, 0))) as decimal(38, 0))') -}}
{% endmacro %}

{% macro duckdb__fingerprint_sum(expression) %}
    {#- A bigint sum is already exact (a 128-bit integer) on DuckDB, and much faster. -#}
    {{- return('cast(sum(' ~ expression ~ ') as decimal(38, 0))') -}}
{% endmacro %}

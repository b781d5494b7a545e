{#- A short, stable hash of a configuration value (anything tojson can write). -#}
{% macro config_version(value) %}
    {{- return(local_md5(tojson(value, sort_keys=true))[:16]) -}}
{% endmacro %}

{#- The text event attributes (event_attributes()) tried value by value for each event type. -#}
{% macro signal_event_attributes() %}
    {{ return(event_attributes() | selectattr('type', 'equalto', 'text') | map(attribute='name') | list) }}
{% endmacro %}

{#-
    int_events_loaded's pre-hook, in the model's transaction: bring the register of repeated
    event ids (int_event_id_copies) up to date, and delete the days the model is about to load.

    A rebuild registers every copy of every id that occurs more than once (one aggregate over
    the whole history) and empties the table. A daily run replaces only the register rows of
    the ids int_event_copies_changed found (and of the changed days), and deletes the days of
    int_event_days_to_load.
-#}
{% macro loaded_events_pre_hook() %}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {%- set register = ref('int_event_id_copies') -%}
    {%- set register_columns = 'event_id, event_date, occurred_at, lead_id, event_type, ' ~ event_attribute_list() -%}
    {%- set statements = [] -%}
    {%- if loaded_events_rebuild() -%}
        {%- do statements.append('delete from ' ~ register) -%}
        {%- do statements.append(
            'insert into ' ~ register ~ ' (' ~ register_columns ~ ') '
            ~ 'select events.event_id, cast(events.occurred_at as date), events.occurred_at, events.lead_id, events.event_type, '
            ~ event_attribute_list('events.') ~ ' '
            ~ 'from ' ~ ref('stg_marketing__events') ~ ' as events '
            ~ 'inner join (select event_id from ' ~ ref('stg_marketing__events')
            ~ ' where occurred_at is not null and event_id is not null group by 1 having count(*) > 1) as repeated_ids '
            ~ 'on events.event_id = repeated_ids.event_id '
            ~ 'where events.occurred_at is not null') -%}
        {%- if is_incremental() -%}
            {%- do statements.append('delete from ' ~ this) -%}
        {%- endif -%}
    {%- else -%}
        {%- set changed_days = event_days(ref('int_event_days_changed')) -%}
        {%- do statements.append(
            'delete from ' ~ register ~ ' where event_id in (select event_id from ' ~ ref('int_event_copies_changed') ~ ')'
            ~ ' or ' ~ event_day_filter('event_date', changed_days)) -%}
        {%- do statements.append(
            'insert into ' ~ register ~ ' (' ~ register_columns ~ ') '
            ~ 'select ' ~ register_columns ~ ' from ' ~ ref('int_event_copies_changed') ~ ' where copy_count > 1') -%}
        {%- do statements.append(
            'delete from ' ~ this ~ ' where ' ~ event_day_filter('event_date', event_days(ref('int_event_days_to_load')))) -%}
    {%- endif -%}
    {{- return(statements | join(';\n')) -}}
{% endmacro %}

{#-
    The slice_id of the slice every quality mart always has, every lead of every cohort, as an
    SQL literal ('all'; seeds/quality_slices.csv may not take it: leadscore/rules/slices.py).
-#}
{% macro all_leads_slice() %}
    {{- return("'all'") -}}
{% endmacro %}

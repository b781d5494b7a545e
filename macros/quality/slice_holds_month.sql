{#-
    SQL true when a quality slice's cohort months (int_lead_quality_slices, aliased
    slice_members_alias; null bounds are open) hold the month month_expression (a first-of-month
    date).
-#}
{% macro slice_holds_month(slice_members_alias, month_expression) %}
    {{- return(
        '(' ~ slice_members_alias ~ '.first_cohort_month is null or ' ~ month_expression ~ ' >= '
        ~ slice_members_alias ~ '.first_cohort_month) and (' ~ slice_members_alias
        ~ '.last_cohort_month is null or ' ~ month_expression ~ ' <= ' ~ slice_members_alias
        ~ '.last_cohort_month)'
    ) -}}
{% endmacro %}

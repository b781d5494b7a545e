{#-
    A bound of the Wilson score interval for the proportion successes / trials at z standard
    errors (which 'lower' or 'upper'); null without trials. Unlike p +- z*se it stays inside
    [0, 1] and is not degenerate at 0 or 1 successes, which rare conversions make common.
-#}
{% macro wilson_bound(successes, trials, z, which) %}
    {%- set p = '(' ~ successes ~ ' / cast(' ~ trials ~ ' as ' ~ number_type() ~ '))' -%}
    {%- set z2 = (z * z) ~ '' -%}
    {%- set sign = '-' if which == 'lower' else '+' -%}
    {{- return(
        'case when ' ~ trials ~ ' > 0 then ('
        ~ p ~ ' + ' ~ z2 ~ ' / (2.0 * ' ~ trials ~ ') ' ~ sign ~ ' ' ~ z ~ ' * sqrt('
        ~ p ~ ' * (1 - ' ~ p ~ ') / ' ~ trials ~ ' + ' ~ z2 ~ ' / (4.0 * ' ~ trials ~ ' * ' ~ trials ~ ')'
        ~ ')) / (1 + ' ~ z2 ~ ' / ' ~ trials ~ ') end'
    ) -}}
{% endmacro %}

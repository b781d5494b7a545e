{#-
    on-run-start: refuse to run models when the compiled rules (compiled_scoring_config) are not
    what the seeds and vars of this run compile to, before any table changes. The seeds' sha256
    are dbt's own seed checksums (the manifest's), and the rule-language vars are compared by a
    checksum computed as leadscore/rules/language.py computes it. `leadscore build`, `make build`
    and the Dagster jobs compile first, so only plain dbt can meet this refusal.
-#}
{% macro assert_rules_compiled() %}
    {%- if not execute or flags.WHICH not in ['build', 'run'] -%}{{ return('') }}{%- endif -%}
    {%- set compiled = compiled_scoring_config() -%}
    {%- set stale = [] -%}
    {%- if compiled.format_version != 2 -%}
        {%- do stale.append('the compiled file has format ' ~ compiled.format_version ~ ', this project reads format 2') -%}
    {%- endif -%}
    {%- for name, checksum in compiled.seed_checksums.items() -%}
        {%- set node = graph.nodes.get('seed.leadscore.' ~ name) -%}
        {%- if node is none or node.checksum.checksum != checksum -%}
            {%- do stale.append('seeds/' ~ name ~ '.csv changed') -%}
        {%- endif -%}
    {%- endfor -%}
    {%- set language_var_names = ['leadscore_rule_columns', 'leadscore_rule_functions', 'leadscore_rule_condition_max_length',
        'leadscore_lead_custom_columns', 'leadscore_account_custom_columns', 'leadscore_event_custom_columns'] -%}
    {%- set language_vars = [] -%}
    {%- for name in language_var_names -%}{%- do language_vars.append(var(name, none)) -%}{%- endfor -%}
    {%- if local_md5(tojson(language_vars, sort_keys=true)) != compiled.language_vars_checksum -%}
        {%- do stale.append('the rule-language vars (' ~ language_var_names | join(', ') ~ ') differ from the ones compiled with') -%}
    {%- endif -%}
    {%- if stale | length > 0 -%}
        {{ exceptions.raise_compiler_error(
            'leadscore: the compiled rules are out of date (' ~ stale | join('; ') ~ '), so nothing was run. '
            ~ 'Run `leadscore rules compile` (with the same --vars you give dbt, if any), or `make build`, '
            ~ 'which compiles first; then run dbt again.') }}
    {%- endif -%}
    {{ return('') }}
{% endmacro %}

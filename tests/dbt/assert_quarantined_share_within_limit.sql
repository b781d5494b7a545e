{#-
    Bad rows are quarantined (left out, counted in data_quality_issues) so that one broken row
    cannot stop the scoring of all the others. But a source table with many broken rows means a
    broken feed, and scores computed from what is left would mislead: past var
    leadscore_max_quarantined_share of any table, this test fails the run (so nothing is
    published), naming the table, each issue and its count.
-#}
{%- set max_share = var('leadscore_max_quarantined_share') | float -%}
{%- if execute -%}
    {%- set shares = run_query(
        "select source_table, data_quality_issue, row_count, source_row_count, example_id"
        ~ " from " ~ ref('data_quality_issues')
        ~ " where handling = 'quarantined' order by source_table, row_count desc"
    ) -%}
    {%- set tables = {} -%}
    {%- for row in shares.rows -%}
        {%- do tables.setdefault(row[0], {'total': row[3], 'quarantined': 0, 'issues': []}) -%}
        {%- do tables[row[0]].update({'quarantined': tables[row[0]].quarantined + row[2]}) -%}
        {%- do tables[row[0]].issues.append(row[1] ~ ': ' ~ row[2] ~ ' (e.g. ' ~ row[4] ~ ')') -%}
    {%- endfor -%}
    {%- set failures = [] -%}
    {%- for table, counts in tables.items() | sort
        if counts.total > 0 and counts.quarantined / counts.total > max_share -%}
        {%- do failures.append(table ~ ': ' ~ counts.quarantined ~ ' of ' ~ counts.total ~ ' rows quarantined ('
            ~ '%.1f' | format(100 * counts.quarantined / counts.total) ~ '%; ' ~ counts.issues | join(', ') ~ ')') -%}
    {%- endfor -%}
    {%- if failures | length > 0 -%}
        {{ exceptions.raise_compiler_error(
            'leadscore: too many bad source rows, so this run fails and publishes nothing: '
            ~ failures | join('; ') ~ '. The limit is var leadscore_max_quarantined_share = ' ~ max_share
            ~ ' of a table. Fix the source (data_quality_issues in the marts schema lists the issues with an'
            ~ ' example id), or raise the limit if this share is expected.') }}
    {%- endif -%}
{%- endif %}

select 1 as quarantined_share_over_limit
from {{ ref('data_quality_issues') }}
where 1 = 0

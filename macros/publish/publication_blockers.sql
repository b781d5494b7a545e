{#-
    Why this run may not publish (an empty list: it may). A run publishes only when it proves
    the whole published set for its score_date:
    - no node of the run failed, errored or was skipped;
    - it ran every model and seed the published marts are built from, and every data test on
      them, so no mart mixes this run's tables with an earlier run's (`dbt build --select` of one
      mart would) and nothing untested is published (`dbt run` runs no tests);
    - its score_date is not older than the published one, unless a replay is asked for with
      var leadscore_publish_replay: true (a backfill of past days must not replace today's
      scores by accident).
-#}
{% macro publication_blockers(results, published_score_date) %}
    {%- set blockers = [] -%}
    {%- set nodes = graph.nodes -%}

    {%- set unsuccessful = [] -%}
    {%- set ran = {} -%}
    {%- for result in results -%}
        {%- do ran.update({result.node.unique_id: result.status}) -%}
        {%- if result.status not in ['success', 'pass', 'warn'] -%}
            {%- do unsuccessful.append(result.node.name ~ ' (' ~ result.status ~ ')') -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if unsuccessful | length > 0 -%}
        {%- do blockers.append(unsuccessful | length ~ ' node(s) did not succeed: ' ~ unsuccessful[:5] | join(', ')
            ~ (', ...' if unsuccessful | length > 5 else '')) -%}
    {%- endif -%}

    {#- The published marts and everything upstream of them (sources are not nodes). Each pass
        adds the parents of what is already in; the graph is far shallower than its size. -#}
    {%- set required = {} -%}
    {%- for unique_id, node in nodes.items()
        if node.resource_type == 'model' and node.config.meta.get('publish', false) -%}
        {%- do required.update({unique_id: true}) -%}
    {%- endfor -%}
    {%- set state = namespace(changed=true) -%}
    {%- for pass in range(nodes | length) if state.changed -%}
        {%- set state.changed = false -%}
        {%- for unique_id in required.keys() | list -%}
            {%- for parent in nodes[unique_id].depends_on.nodes
                if parent in nodes and parent not in required -%}
                {%- do required.update({parent: true}) -%}
                {%- set state.changed = true -%}
            {%- endfor -%}
        {%- endfor -%}
    {%- endfor -%}

    {%- set not_built = [] -%}
    {%- for unique_id in required if unique_id not in ran -%}
        {%- do not_built.append(nodes[unique_id].name) -%}
    {%- endfor -%}
    {%- if not_built | length > 0 -%}
        {%- do blockers.append('this run did not build ' ~ not_built | length ~ ' of the ' ~ required | length
            ~ ' models and seeds the published tables are made from (' ~ (not_built | sort)[:5] | join(', ')
            ~ (', ...' if not_built | length > 5 else '') ~ '); run `dbt build` with no --select or --exclude') -%}
    {%- endif -%}

    {%- set untested = [] -%}
    {%- for unique_id, node in nodes.items() if node.resource_type == 'test' and unique_id not in ran -%}
        {%- for parent in node.depends_on.nodes if parent in required -%}
            {%- if loop.first -%}{%- do untested.append(node.name) -%}{%- endif -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- if untested | length > 0 -%}
        {%- do blockers.append(untested | length ~ ' data test(s) on them did not run'
            ~ (' (`dbt ' ~ flags.WHICH ~ '` runs no tests; use `dbt build`)' if flags.WHICH in ['run', 'seed'] else '')) -%}
    {%- endif -%}

    {%- set score_day = score_date_string() -%}
    {%- if published_score_date is not none and score_day < published_score_date and not var('leadscore_publish_replay') -%}
        {%- do blockers.append('score_date ' ~ score_day ~ ' is older than the published scores (' ~ published_score_date
            ~ '); publication only moves forward unless a replay is asked for with --vars \'{leadscore_publish_replay: true}\'') -%}
    {%- endif -%}
    {{- return(blockers) -}}
{% endmacro %}

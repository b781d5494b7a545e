{#-
    Reads the scoring seeds (models, rules, thresholds, grade bands), validates every value and
    compiles every condition. Returns typed, validated rows whose values are SQL literals, or
    stops the build with one error listing every problem by seed file, row key and reason.

    Every model that turns rules into SQL gets them from here, so no unvalidated value can reach
    the warehouse. Models calling it need `-- depends_on:` refs to the four seeds.
-#}
{% macro load_scoring_config() %}
    {%- if not execute -%}
        {{ return({'models': [], 'rules': [], 'thresholds': [], 'grade_bands': []}) }}
    {%- endif -%}
    {%- set problems = [] -%}
    {%- set known_event_types = _read_seed('event_types') | map(attribute='event_type') | list -%}

    {#- scoring_models -#}
    {%- set models = [] -%}
    {%- set model_ids = [] -%}
    {%- for row in _read_seed('scoring_models') -%}
        {%- set where = "seeds/scoring_models.csv: model '" ~ (row.model_id or '?') ~ "'" -%}
        {%- set check = namespace(problems=[]) -%}
        {%- set model_id = _validated_identifier(row, 'model_id', check) -%}
        {%- if model_id in model_ids -%}{%- do check.problems.append('model_id is defined twice') -%}{%- endif -%}
        {%- set model = {
            'model_id': model_id,
            'model_name': _validated_text(row, 'model_name', check, required=true),
            'is_active': _validated_boolean(row, 'is_active', check),
            'assignment_priority': _validated_number(row, 'assignment_priority', check, integer=true),
            'fit_cap': _validated_number(row, 'fit_cap', check, minimum_exclusive=0),
            'engagement_cap': _validated_number(row, 'engagement_cap', check, minimum_exclusive=0),
            'negative_floor': _validated_number(row, 'negative_floor', check, maximum=0),
            'inbound_engagement_weight': _validated_number(row, 'inbound_engagement_weight', check, minimum=0),
            'outbound_engagement_weight': _validated_number(row, 'outbound_engagement_weight', check, minimum=0),
            'last_reviewed_on': _validated_date(row, 'last_reviewed_on', check),
            'description': _validated_text(row, 'description', check),
        } -%}
        {%- set compiled = compile_rule_condition(row.assignment_condition or '', 'lead', 'rule_input') -%}
        {%- if compiled.error -%}{%- do check.problems.append('assignment_condition: ' ~ compiled.error) -%}{%- endif -%}
        {%- do model.update({'assignment_condition': row.assignment_condition, 'assignment_condition_sql': compiled.sql}) -%}
        {%- for problem in check.problems -%}{%- do problems.append(where ~ ': ' ~ problem) -%}{%- endfor -%}
        {%- do model_ids.append(model_id) -%}
        {%- do models.append(model) -%}
    {%- endfor -%}
    {%- if models | selectattr('is_active', 'equalto', 'true') | list | length == 0 -%}
        {%- do problems.append('seeds/scoring_models.csv: no active model (set is_active to true on at least one)') -%}
    {%- endif -%}

    {#- scoring_rules -#}
    {%- set rules = [] -%}
    {%- set rule_keys = [] -%}
    {%- for row in _read_seed('scoring_rules') -%}
        {%- set where = "seeds/scoring_rules.csv: rule '" ~ (row.rule_id or '?') ~ "' (model '" ~ (row.model_id or '?') ~ "')" -%}
        {%- set check = namespace(problems=[]) -%}
        {%- set model_id = _validated_identifier(row, 'model_id', check) -%}
        {%- if model_id and model_id not in model_ids -%}
            {%- do check.problems.append("model_id '" ~ row.model_id ~ "' is not in seeds/scoring_models.csv") -%}
        {%- endif -%}
        {%- set rule_id = _validated_identifier(row, 'rule_id', check) -%}
        {%- if (model_id ~ '|' ~ rule_id) in rule_keys -%}{%- do check.problems.append('rule_id is defined twice in this model') -%}{%- endif -%}
        {%- set category = _validated_choice(row, 'category', ['fit', 'engagement', 'negative'], check) -%}
        {%- set subject = _validated_choice(row, 'subject', ['lead', 'account', 'event'], check) -%}
        {%- set is_event = subject == 'event' -%}
        {%- if category == 'engagement' and subject and not is_event -%}
            {%- do check.problems.append("engagement rules score behaviour, so subject must be 'event', not '" ~ subject ~ "'") -%}
        {%- elif category == 'fit' and is_event -%}
            {%- do check.problems.append("fit rules describe who the lead is, so subject must be 'lead' or 'account', not 'event'") -%}
        {%- endif -%}

        {%- set event_type = (row.event_type or '') | trim | lower -%}
        {%- if is_event and event_type == '' -%}
            {%- do check.problems.append('event rules need an event_type') -%}
        {%- elif is_event and event_type not in known_event_types -%}
            {%- do check.problems.append("unknown event_type '" ~ row.event_type ~ "' (known: " ~ known_event_types | sort | join(', ') ~ ')') -%}
        {%- elif not is_event and event_type != '' -%}
            {%- do check.problems.append("event_type is only for subject 'event'") -%}
        {%- endif -%}

        {%- set condition = (row.condition or '') | trim -%}
        {%- set condition_sql = 'true' -%}
        {%- if condition == '' and subject and not is_event -%}
            {%- do check.problems.append(subject ~ ' rules need a condition') -%}
        {%- elif condition != '' and subject -%}
            {%- set compiled = compile_rule_condition(condition, subject, 'rule_input') -%}
            {%- if compiled.error -%}
                {%- do check.problems.append('condition: ' ~ compiled.error) -%}
            {%- else -%}
                {%- set condition_sql = compiled.sql -%}
            {%- endif -%}
        {%- endif -%}

        {%- set points = _validated_number(row, 'points', check) -%}
        {%- if points and category == 'negative' and points | float >= 0 -%}
            {%- do check.problems.append('negative rules need points below zero, got ' ~ points) -%}
        {%- elif points and category in ['fit', 'engagement'] and points | float <= 0 -%}
            {%- do check.problems.append(category ~ ' rules need points above zero, got ' ~ points ~ " (use category 'negative' to subtract)") -%}
        {%- endif -%}

        {%- set event_only = ['max_occurrences', 'repeat_multiplier', 'rule_cap', 'decay_days', 'decay_step_multiplier'] -%}
        {%- if not is_event -%}
            {%- for column in event_only if (row[column] or '') | trim != '' -%}
                {%- do check.problems.append(column ~ " only applies to subject 'event' (a " ~ (subject or '?') ~ ' rule fires once)') -%}
            {%- endfor -%}
        {%- endif -%}
        {%- set max_occurrences = _validated_number(row, 'max_occurrences', check, required=false, integer=true, minimum=1) -%}
        {%- set repeat_multiplier = _validated_number(row, 'repeat_multiplier', check, required=false, minimum_exclusive=0, maximum=1) -%}
        {%- set rule_cap = _validated_number(row, 'rule_cap', check, required=false) -%}
        {%- if rule_cap and points and (rule_cap | float) * (points | float) <= 0 -%}
            {%- do check.problems.append('rule_cap must have the same sign as points, got ' ~ rule_cap) -%}
        {%- endif -%}

        {%- set decay_method = ((row.decay_method or 'none') | trim | lower) -%}
        {%- if decay_method not in ['none', 'exponential', 'linear', 'step', 'window'] -%}
            {%- do check.problems.append("unknown decay_method '" ~ row.decay_method ~ "' (known: none, exponential, linear, step, window)") -%}
        {%- elif decay_method != 'none' and not is_event -%}
            {%- do check.problems.append("decay_method only applies to subject 'event'") -%}
        {%- endif -%}
        {%- set decay_days = _validated_number(row, 'decay_days', check, required=(decay_method in ['exponential', 'linear', 'step', 'window']), minimum_exclusive=0) -%}
        {%- if decay_method == 'none' and decay_days -%}
            {%- do check.problems.append("decay_days is set but decay_method is 'none'") -%}
        {%- endif -%}
        {%- set decay_step_multiplier = _validated_number(row, 'decay_step_multiplier', check, required=(decay_method == 'step'), minimum=0, maximum_exclusive=1) -%}
        {%- if decay_method != 'step' and decay_step_multiplier -%}
            {%- do check.problems.append("decay_step_multiplier only applies to decay_method 'step'") -%}
        {%- endif -%}

        {%- set rule = {
            'model_id': model_id,
            'rule_id': rule_id,
            'category': category,
            'subject': subject,
            'event_type': event_type if is_event else none,
            'condition': condition if condition != '' else none,
            'condition_sql': condition_sql,
            'points': points,
            'max_occurrences': max_occurrences,
            'repeat_multiplier': repeat_multiplier or '1',
            'rule_cap': rule_cap,
            'decay_method': decay_method,
            'decay_days': decay_days,
            'decay_step_multiplier': decay_step_multiplier,
            'is_active': _validated_boolean(row, 'is_active', check),
            'description': _validated_text(row, 'description', check),
        } -%}
        {%- for problem in check.problems -%}{%- do problems.append(where ~ ': ' ~ problem) -%}{%- endfor -%}
        {%- do rule_keys.append(model_id ~ '|' ~ rule_id) -%}
        {%- do rules.append(rule) -%}
    {%- endfor -%}

    {#- score_thresholds -#}
    {%- set thresholds = [] -%}
    {%- set threshold_keys = [] -%}
    {%- for row in _read_seed('score_thresholds') -%}
        {%- set where = "seeds/score_thresholds.csv: stage '" ~ (row.stage or '?') ~ "' (model '" ~ (row.model_id or '?') ~ "')" -%}
        {%- set check = namespace(problems=[]) -%}
        {%- set model_id = _validated_identifier(row, 'model_id', check) -%}
        {%- if model_id and model_id not in model_ids -%}{%- do check.problems.append("model_id '" ~ row.model_id ~ "' is not in seeds/scoring_models.csv") -%}{%- endif -%}
        {%- set stage = _validated_identifier(row, 'stage', check) -%}
        {%- if stage == 'none' -%}{%- do check.problems.append("stage 'none' is reserved for leads below every threshold") -%}{%- endif -%}
        {%- if (model_id ~ '|' ~ stage) in threshold_keys -%}{%- do check.problems.append('stage is defined twice for this model') -%}{%- endif -%}
        {%- do threshold_keys.append(model_id ~ '|' ~ stage) -%}
        {%- do thresholds.append({
            'model_id': model_id,
            'stage': stage,
            'min_total_score': _validated_number(row, 'min_total_score', check, minimum_exclusive=0),
            'description': _validated_text(row, 'description', check),
        }) -%}
        {%- for problem in check.problems -%}{%- do problems.append(where ~ ': ' ~ problem) -%}{%- endfor -%}
    {%- endfor -%}

    {#- fit_grade_bands -#}
    {%- set grade_bands = [] -%}
    {%- set band_keys = [] -%}
    {%- for row in _read_seed('fit_grade_bands') -%}
        {%- set where = "seeds/fit_grade_bands.csv: grade '" ~ (row.fit_grade or '?') ~ "' (model '" ~ (row.model_id or '?') ~ "')" -%}
        {%- set check = namespace(problems=[]) -%}
        {%- set model_id = _validated_identifier(row, 'model_id', check) -%}
        {%- if model_id and model_id not in model_ids -%}{%- do check.problems.append("model_id '" ~ row.model_id ~ "' is not in seeds/scoring_models.csv") -%}{%- endif -%}
        {%- set fit_grade = _validated_text(row, 'fit_grade', check, required=true) -%}
        {%- if (model_id ~ '|' ~ fit_grade) in band_keys -%}{%- do check.problems.append('grade is defined twice for this model') -%}{%- endif -%}
        {%- do band_keys.append(model_id ~ '|' ~ fit_grade) -%}
        {%- do grade_bands.append({
            'model_id': model_id,
            'fit_grade': fit_grade,
            'min_fit_score': _validated_number(row, 'min_fit_score', check, minimum=0),
        }) -%}
        {%- for problem in check.problems -%}{%- do problems.append(where ~ ': ' ~ problem) -%}{%- endfor -%}
    {%- endfor -%}
    {%- for model in models if model.is_active == 'true' -%}
        {%- set zero_bands = [] -%}
        {%- for band in grade_bands if band.model_id == model.model_id and band.min_fit_score is not none and band.min_fit_score | float == 0 -%}
            {%- do zero_bands.append(band) -%}
        {%- endfor -%}
        {%- if zero_bands | length == 0 -%}
            {%- do problems.append("seeds/fit_grade_bands.csv: model '" ~ model.model_id ~ "' needs a grade with min_fit_score 0 so every lead gets a grade") -%}
        {%- endif -%}
    {%- endfor -%}

    {%- for rule in rules -%}
        {%- set owners = models | selectattr('model_id', 'equalto', rule.model_id) | list -%}
        {%- do rule.update({'is_model_active': owners[0].is_active if owners | length > 0 else 'false', 'rule_key': none}) -%}
    {%- endfor -%}

    {#- A small integer per scored event rule (active, of an active model), numbered in
        (model_id, rule_id) order: int_lead_rule_daily_matches stores it on its 42M rows (at 1M
        leads) instead of two text ids, and int_lead_event_rule_points ranks by it. The numbering
        depends only on that list, which event_rules_version() hashes, so whatever renumbers the
        rules also rebuilds the table that stores the keys. -#}
    {%- set scored_event_rules = rules
        | selectattr('subject', 'equalto', 'event')
        | selectattr('is_active', 'equalto', 'true')
        | selectattr('is_model_active', 'equalto', 'true')
        | sort(attribute='model_id,rule_id') -%}
    {%- for rule in scored_event_rules -%}
        {%- do rule.update({'rule_key': loop.index}) -%}
    {%- endfor -%}

    {%- if problems | length > 0 -%}
        {{ exceptions.raise_compiler_error('leadscore: the scoring seeds have ' ~ problems | length ~ ' problem(s); nothing was scored:\n  - ' ~ problems | join('\n  - ')) }}
    {%- endif -%}
    {{ return({'models': models, 'rules': rules, 'thresholds': thresholds, 'grade_bands': grade_bands}) }}
{% endmacro %}


{#- Rows of a seed as dicts of text values (none for empty cells), whatever types the seed loader inferred. -#}
{% macro _read_seed(seed_name) %}
    {%- set table = run_query('select * from ' ~ ref(seed_name)) -%}
    {%- set rows = [] -%}
    {%- for row in table.rows -%}
        {%- set values = {} -%}
        {%- for column in table.column_names -%}
            {%- set value = row[column] -%}
            {%- if value is none or (value | string | trim) == '' -%}
                {%- do values.update({column | lower: none}) -%}
            {%- else -%}
                {%- do values.update({column | lower: value | string | trim}) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- do rows.append(values) -%}
    {%- endfor -%}
    {{ return(rows) }}
{% endmacro %}


{% macro _validated_text(row, column, check, required=false) %}
    {%- set value = row.get(column) -%}
    {%- if value is none -%}
        {%- if required -%}{%- do check.problems.append(column ~ ' is required') -%}{%- endif -%}
    {%- endif -%}
    {{ return(value) }}
{% endmacro %}


{% macro _validated_identifier(row, column, check) %}
    {%- set value = row.get(column) -%}
    {%- if value is none -%}
        {%- do check.problems.append(column ~ ' is required') -%}
        {{ return(none) }}
    {%- endif -%}
    {%- if not modules.re.match('^[a-z][a-z0-9_]{0,62}$', value) -%}
        {%- do check.problems.append(column ~ " must be lowercase letters, digits and underscores starting with a letter, got '" ~ value ~ "'") -%}
    {%- endif -%}
    {{ return(value) }}
{% endmacro %}


{% macro _validated_choice(row, column, choices, check) %}
    {%- set value = (row.get(column) or '') | lower -%}
    {%- if value not in choices -%}
        {%- do check.problems.append(column ~ " must be one of " ~ choices | join(', ') ~ ", got '" ~ (row.get(column) or '') ~ "'") -%}
        {{ return(none) }}
    {%- endif -%}
    {{ return(value) }}
{% endmacro %}


{% macro _validated_boolean(row, column, check) %}
    {%- set value = (row.get(column) or '') | lower -%}
    {%- if value not in ['true', 'false'] -%}
        {%- do check.problems.append(column ~ " must be true or false, got '" ~ (row.get(column) or '') ~ "'") -%}
        {{ return('false') }}
    {%- endif -%}
    {{ return(value) }}
{% endmacro %}


{% macro _validated_date(row, column, check) %}
    {%- set value = row.get(column) or '' -%}
    {%- if not modules.re.match('^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$', value) -%}
        {%- do check.problems.append(column ~ " must be a date written YYYY-MM-DD, got '" ~ value ~ "'") -%}
        {{ return(none) }}
    {%- endif -%}
    {{ return(value) }}
{% endmacro %}


{#- A number as a SQL literal (text), or none when empty and not required. -#}
{% macro _validated_number(row, column, check, required=true, integer=false, minimum=none, minimum_exclusive=none, maximum=none, maximum_exclusive=none) %}
    {%- set value = row.get(column) -%}
    {%- if value is none -%}
        {%- if required -%}{%- do check.problems.append(column ~ ' is required') -%}{%- endif -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set pattern = '^-?[0-9]+$' if integer else '^-?[0-9]+([.][0-9]+)?$' -%}
    {%- if integer and modules.re.match('^-?[0-9]+[.]0+$', value) -%}
        {%- set value = value.split('.')[0] -%}
    {%- endif -%}
    {%- if not modules.re.match(pattern, value) -%}
        {%- do check.problems.append(column ~ ' must be ' ~ ('a whole number' if integer else 'a number') ~ ", got '" ~ value ~ "'") -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set number = value | float -%}
    {%- if minimum is not none and number < minimum -%}
        {%- do check.problems.append(column ~ ' must be at least ' ~ minimum ~ ', got ' ~ value) -%}
    {%- elif minimum_exclusive is not none and number <= minimum_exclusive -%}
        {%- do check.problems.append(column ~ ' must be above ' ~ minimum_exclusive ~ ', got ' ~ value) -%}
    {%- elif maximum is not none and number > maximum -%}
        {%- do check.problems.append(column ~ ' must be at most ' ~ maximum ~ ', got ' ~ value) -%}
    {%- elif maximum_exclusive is not none and number >= maximum_exclusive -%}
        {%- do check.problems.append(column ~ ' must be below ' ~ maximum_exclusive ~ ', got ' ~ value) -%}
    {%- endif -%}
    {{ return(value) }}
{% endmacro %}

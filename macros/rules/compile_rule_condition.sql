{#-
    Compiles one rule condition, written in leadscore's small SQL-expression language, into SQL.

    The condition is tokenized and parsed here (recursive descent) and the SQL is re-emitted from
    the parsed tokens: only allow-listed columns (var leadscore_rule_columns), operators, keywords
    and functions can appear, string literals are re-quoted, and the expression must be boolean.
    Anything else (subqueries, other statements, comments, unknown names, type mismatches) is an
    error. leadscore/rules.py holds the same language for `leadscore rules check`, built on sqlglot;
    tests keep the two in agreement.

    Returns {'sql': ..., 'error': none} or {'sql': none, 'error': 'reason'}; never raises, so the
    caller can report every bad rule at once.
-#}
{% macro compile_rule_condition(condition, subject, relation_alias) %}
    {%- set columns = var('leadscore_rule_columns')[subject] -%}
    {%- set max_length = var('leadscore_rule_condition_max_length') -%}
    {%- if condition | length > max_length -%}
        {{ return({'sql': none, 'error': 'condition is longer than ' ~ max_length ~ ' characters'}) }}
    {%- endif -%}
    {%- set token_pattern = "\\s*(?:('(?:[^']|'')*')|(\\d+(?:\\.\\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|(<=|>=|<>|!=|=|<|>|\\(|\\)|,)|(\\S))" -%}
    {%- set tokens = [] -%}
    {%- for string, number, word, operator, bad in modules.re.findall(token_pattern, condition) -%}
        {%- if string -%}{%- do tokens.append({'kind': 'string', 'value': string}) -%}
        {%- elif number -%}{%- do tokens.append({'kind': 'number', 'value': number}) -%}
        {%- elif word -%}{%- do tokens.append({'kind': 'word', 'value': word | lower}) -%}
        {%- elif operator -%}{%- do tokens.append({'kind': 'operator', 'value': operator}) -%}
        {%- else -%}{%- do tokens.append({'kind': 'bad', 'value': bad}) -%}
        {%- endif -%}
    {%- endfor -%}
    {#- A namespace, because Jinja can only assign attributes of a namespace inside macros. -#}
    {%- set context = namespace(tokens=tokens, position=0, error=none, columns=columns, alias=relation_alias, subject=subject) -%}
    {%- if tokens | length == 0 -%}
        {{ return({'sql': none, 'error': 'condition is empty'}) }}
    {%- endif -%}
    {%- set parsed = _rule_parse_or(context) -%}
    {%- if context.error is none and context.position < tokens | length -%}
        {%- set context.error = 'unexpected ' ~ _rule_describe(tokens[context.position]) ~ ' after a complete condition' -%}
    {%- endif -%}
    {%- if context.error is none and parsed.type != 'boolean' -%}
        {%- set context.error = 'condition must be true or false, but it is a ' ~ parsed.type ~ ' value' -%}
    {%- endif -%}
    {%- if context.error is not none -%}
        {{ return({'sql': none, 'error': context.error}) }}
    {%- endif -%}
    {{ return({'sql': parsed.sql, 'error': none}) }}
{% endmacro %}


{% macro _rule_describe(token) %}
    {%- if token is none -%}{{ return('end of condition') }}{%- endif -%}
    {%- if token.kind == 'bad' -%}{{ return("character '" ~ token.value ~ "' (not allowed in conditions)") }}{%- endif -%}
    {{ return("'" ~ token.value ~ "'") }}
{% endmacro %}


{% macro _rule_peek(context, offset=0) %}
    {%- set index = context.position + offset -%}
    {{ return(context.tokens[index] if index < context.tokens | length else none) }}
{% endmacro %}


{% macro _rule_is_word(token, words) %}
    {{ return(token is not none and token.kind == 'word' and token.value in words) }}
{% endmacro %}


{% macro _rule_fail(context, message) %}
    {%- if context.error is none -%}{%- set context.error = message -%}{%- endif -%}
    {{ return({'sql': none, 'type': 'error'}) }}
{% endmacro %}


{% macro _rule_expect_operator(context, operator) %}
    {%- set token = _rule_peek(context) -%}
    {%- if token is none or token.kind != 'operator' or token.value != operator -%}
        {%- do _rule_fail(context, "expected '" ~ operator ~ "' but found " ~ _rule_describe(token)) -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set context.position = context.position + 1 -%}
    {{ return(true) }}
{% endmacro %}


{% macro _rule_require_boolean(context, operand, keyword) %}
    {%- if context.error is none and operand.type != 'boolean' -%}
        {%- do _rule_fail(context, "'" ~ keyword ~ "' needs true/false conditions on both sides, not a " ~ operand.type ~ ' value') -%}
    {%- endif -%}
{% endmacro %}


{% macro _rule_parse_or(context) %}
    {%- set left = _rule_parse_and(context) -%}
    {%- set result = namespace(sql=left.sql, type=left.type) -%}
    {%- for _ in range(context.tokens | length) -%}
        {%- if context.error is none and _rule_is_word(_rule_peek(context), ['or']) -%}
            {%- set context.position = context.position + 1 -%}
            {%- set right = _rule_parse_and(context) -%}
            {%- do _rule_require_boolean(context, namespace(type=result.type), 'or') -%}
            {%- do _rule_require_boolean(context, right, 'or') -%}
            {%- set result.sql = result.sql ~ ' or ' ~ right.sql -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return({'sql': result.sql, 'type': result.type}) }}
{% endmacro %}


{% macro _rule_parse_and(context) %}
    {%- set left = _rule_parse_not(context) -%}
    {%- set result = namespace(sql=left.sql, type=left.type) -%}
    {%- for _ in range(context.tokens | length) -%}
        {%- if context.error is none and _rule_is_word(_rule_peek(context), ['and']) -%}
            {%- set context.position = context.position + 1 -%}
            {%- set right = _rule_parse_not(context) -%}
            {%- do _rule_require_boolean(context, namespace(type=result.type), 'and') -%}
            {%- do _rule_require_boolean(context, right, 'and') -%}
            {%- set result.sql = result.sql ~ ' and ' ~ right.sql -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return({'sql': result.sql, 'type': result.type}) }}
{% endmacro %}


{% macro _rule_parse_not(context) %}
    {%- if context.error is none and _rule_is_word(_rule_peek(context), ['not']) -%}
        {%- set context.position = context.position + 1 -%}
        {%- set inner = _rule_parse_not(context) -%}
        {%- do _rule_require_boolean(context, inner, 'not') -%}
        {{ return({'sql': 'not (' ~ inner.sql ~ ')', 'type': 'boolean'}) }}
    {%- endif -%}
    {{ return(_rule_parse_predicate(context)) }}
{% endmacro %}


{% macro _rule_same_type(context, left, right, what) %}
    {%- if context.error is none and left.type != right.type -%}
        {%- do _rule_fail(context, 'type mismatch in ' ~ what ~ ': ' ~ left.text ~ ' is a ' ~ left.type ~ ' but ' ~ right.text ~ ' is a ' ~ right.type) -%}
    {%- endif -%}
{% endmacro %}


{% macro _rule_parse_predicate(context) %}
    {%- set left = _rule_parse_operand(context) -%}
    {%- if context.error is not none -%}{{ return(left) }}{%- endif -%}
    {%- set token = _rule_peek(context) -%}
    {%- set negated = _rule_is_word(token, ['not']) and _rule_is_word(_rule_peek(context, 1), ['in', 'like', 'ilike', 'between']) -%}
    {%- if negated -%}
        {%- set context.position = context.position + 1 -%}
        {%- set token = _rule_peek(context) -%}
    {%- endif -%}
    {%- set not_sql = 'not ' if negated else '' -%}

    {%- if token is not none and token.kind == 'operator' and token.value in ['=', '<>', '!=', '<', '<=', '>', '>='] -%}
        {%- set context.position = context.position + 1 -%}
        {%- set right = _rule_parse_operand(context) -%}
        {%- do _rule_same_type(context, left, right, "'" ~ token.value ~ "'") -%}
        {%- set operator_sql = '<>' if token.value == '!=' else token.value -%}
        {{ return({'sql': left.sql ~ ' ' ~ operator_sql ~ ' ' ~ right.sql, 'type': 'boolean', 'text': 'a comparison'}) }}

    {%- elif _rule_is_word(token, ['is']) -%}
        {%- set context.position = context.position + 1 -%}
        {%- set is_not = _rule_is_word(_rule_peek(context), ['not']) -%}
        {%- if is_not -%}{%- set context.position = context.position + 1 -%}{%- endif -%}
        {%- if not _rule_is_word(_rule_peek(context), ['null']) -%}
            {{ return(_rule_fail(context, "expected 'null' after 'is' but found " ~ _rule_describe(_rule_peek(context)))) }}
        {%- endif -%}
        {%- set context.position = context.position + 1 -%}
        {{ return({'sql': left.sql ~ (' is not null' if is_not else ' is null'), 'type': 'boolean', 'text': 'a null check'}) }}

    {%- elif _rule_is_word(token, ['in']) -%}
        {%- set context.position = context.position + 1 -%}
        {%- if not _rule_expect_operator(context, '(') -%}{{ return({'sql': none, 'type': 'error'}) }}{%- endif -%}
        {%- set items = [] -%}
        {%- for _ in range(context.tokens | length) -%}
            {%- if context.error is none and (items | length == 0 or (_rule_peek(context) is not none and _rule_peek(context).value == ',')) -%}
                {%- if items | length > 0 -%}{%- set context.position = context.position + 1 -%}{%- endif -%}
                {%- set item = _rule_peek(context) -%}
                {%- if item is none or item.kind not in ['string', 'number'] -%}
                    {%- do _rule_fail(context, "'in' takes a list of literal values, but found " ~ _rule_describe(item)) -%}
                {%- else -%}
                    {%- set item_operand = _rule_parse_operand(context) -%}
                    {%- do _rule_same_type(context, left, item_operand, "'in'") -%}
                    {%- do items.append(item_operand.sql) -%}
                {%- endif -%}
            {%- endif -%}
        {%- endfor -%}
        {%- if context.error is none -%}{%- do _rule_expect_operator(context, ')') -%}{%- endif -%}
        {{ return({'sql': left.sql ~ ' ' ~ not_sql ~ 'in (' ~ items | join(', ') ~ ')', 'type': 'boolean', 'text': 'a list check'}) }}

    {%- elif _rule_is_word(token, ['like', 'ilike']) -%}
        {%- set context.position = context.position + 1 -%}
        {%- set pattern = _rule_parse_operand(context) -%}
        {%- if context.error is none and (left.type != 'string' or pattern.type != 'string') -%}
            {{ return(_rule_fail(context, "'" ~ token.value ~ "' compares text, but " ~ (left.text if left.type != 'string' else pattern.text) ~ ' is a ' ~ (left.type if left.type != 'string' else pattern.type))) }}
        {%- endif -%}
        {#- ilike is not in every dialect (BigQuery lacks it); lower() like lower() is. -#}
        {%- if token.value == 'ilike' -%}
            {%- set like_sql = 'lower(' ~ left.sql ~ ') ' ~ not_sql ~ 'like lower(' ~ pattern.sql ~ ')' -%}
        {%- else -%}
            {%- set like_sql = left.sql ~ ' ' ~ not_sql ~ 'like ' ~ pattern.sql -%}
        {%- endif -%}
        {{ return({'sql': like_sql, 'type': 'boolean', 'text': 'a pattern match'}) }}

    {%- elif _rule_is_word(token, ['between']) -%}
        {%- set context.position = context.position + 1 -%}
        {%- set low = _rule_parse_operand(context) -%}
        {%- if context.error is none and not _rule_is_word(_rule_peek(context), ['and']) -%}
            {{ return(_rule_fail(context, "expected 'and' in 'between' but found " ~ _rule_describe(_rule_peek(context)))) }}
        {%- endif -%}
        {%- set context.position = context.position + 1 -%}
        {%- set high = _rule_parse_operand(context) -%}
        {%- do _rule_same_type(context, left, low, "'between'") -%}
        {%- do _rule_same_type(context, left, high, "'between'") -%}
        {{ return({'sql': left.sql ~ ' ' ~ not_sql ~ 'between ' ~ low.sql ~ ' and ' ~ high.sql, 'type': 'boolean', 'text': 'a range check'}) }}
    {%- endif -%}
    {{ return(left) }}
{% endmacro %}


{% macro _rule_parse_operand(context) %}
    {%- if context.error is not none -%}{{ return({'sql': none, 'type': 'error'}) }}{%- endif -%}
    {%- set token = _rule_peek(context) -%}
    {%- if token is none -%}
        {{ return(_rule_fail(context, 'condition ends too early')) }}
    {%- endif -%}
    {%- set context.position = context.position + 1 -%}

    {%- if token.kind == 'operator' and token.value == '(' -%}
        {%- set inner = _rule_parse_or(context) -%}
        {%- do _rule_expect_operator(context, ')') -%}
        {{ return({'sql': '(' ~ inner.sql ~ ')', 'type': inner.type, 'text': 'a parenthesized expression'}) }}

    {%- elif token.kind == 'string' -%}
        {#- Backslashes are escapes in some dialects (BigQuery, Spark): refuse them outright. -#}
        {%- if '\\' in token.value -%}
            {{ return(_rule_fail(context, 'backslashes are not allowed in text values: ' ~ token.value)) }}
        {%- endif -%}
        {{ return({'sql': token.value, 'type': 'string', 'text': 'the text ' ~ token.value}) }}

    {%- elif token.kind == 'number' -%}
        {{ return({'sql': token.value, 'type': 'number', 'text': 'the number ' ~ token.value}) }}

    {%- elif token.kind == 'word' and token.value in ['true', 'false'] -%}
        {{ return({'sql': token.value, 'type': 'boolean', 'text': token.value}) }}

    {%- elif token.kind == 'word' and token.value in var('leadscore_rule_functions') -%}
        {%- set function = var('leadscore_rule_functions')[token.value] -%}
        {%- if not _rule_expect_operator(context, '(') -%}{{ return({'sql': none, 'type': 'error'}) }}{%- endif -%}
        {%- set argument = _rule_parse_or(context) -%}
        {%- if context.error is none and argument.type != function.argument -%}
            {{ return(_rule_fail(context, token.value ~ '() takes a ' ~ function.argument ~ ', not a ' ~ argument.type)) }}
        {%- endif -%}
        {%- do _rule_expect_operator(context, ')') -%}
        {{ return({'sql': token.value ~ '(' ~ argument.sql ~ ')', 'type': function.returns, 'text': token.value ~ '(...)'}) }}

    {%- elif token.kind == 'word' and token.value in context.columns -%}
        {{ return({'sql': context.alias ~ '.' ~ token.value, 'type': context.columns[token.value], 'text': token.value}) }}

    {%- elif token.kind == 'word' and _rule_peek(context) is not none and _rule_peek(context).value == '(' -%}
        {{ return(_rule_fail(context, "unknown function '" ~ token.value ~ "' (allowed: " ~ var('leadscore_rule_functions').keys() | sort | join(', ') ~ ')')) }}

    {%- elif token.kind == 'word' and token.value in ['and', 'or', 'not', 'in', 'like', 'ilike', 'is', 'null', 'between'] -%}
        {{ return(_rule_fail(context, "unexpected keyword '" ~ token.value ~ "'")) }}

    {%- elif token.kind == 'word' -%}
        {{ return(_rule_fail(context, "unknown column '" ~ token.value ~ "' for " ~ context.subject ~ ' rules (allowed: ' ~ context.columns.keys() | sort | join(', ') ~ ')')) }}
    {%- endif -%}
    {{ return(_rule_fail(context, 'unexpected ' ~ _rule_describe(token))) }}
{% endmacro %}

{#-
    Compiles one rule condition, written in leadscore's small SQL-expression language, into SQL.

    The condition is tokenized and parsed here (recursive descent) and the SQL is re-emitted from
    the parsed tokens: only allow-listed columns (var leadscore_rule_columns), operators, keywords
    and functions can appear, text values are re-quoted for the target (sql_text_literal), and the
    expression must be boolean. Anything else (subqueries, other statements, comments, unknown
    names, type mismatches, parts that test no column such as `1 = 1`) is an error.
    leadscore/rules.py holds the same language for `leadscore rules check`, built on sqlglot; the
    tests (tests/e2e/test_rules_e2e.py, through the check_rule_conditions operation) keep the two
    in agreement, and docs/rules.md lists every message.

    Returns {'sql': ..., 'error': none} or {'sql': none, 'error': 'reason'}; never raises, so the
    caller can report every bad rule at once.
-#}
{% macro compile_rule_condition(condition, subject, relation_alias) %}
    {%- set columns = var('leadscore_rule_columns')[subject] -%}
    {%- set max_length = var('leadscore_rule_condition_max_length') -%}
    {#- The parser recurses about five macro calls per parenthesis; Jinja's stack ends near 20. -#}
    {%- set max_nesting = 8 -%}
    {%- if condition | length > max_length -%}
        {{ return({'sql': none, 'error': 'condition is longer than ' ~ max_length ~ ' characters'}) }}
    {%- endif -%}
    {#- Backslashes are escapes in some dialects (BigQuery, Snowflake, Spark): refuse them outright. -#}
    {%- if '\\' in condition -%}
        {{ return({'sql': none, 'error': 'backslashes are not allowed in conditions (some SQL dialects read them as escapes)'}) }}
    {%- endif -%}
    {#- Digits are [0-9], not \d: \d also matches other scripts' digits, which no SQL engine reads. -#}
    {%- set token_pattern = "\\s*(?:('(?:[^']|'')*')|([0-9]+(?:[.][0-9]+)?)|([A-Za-z_][A-Za-z0-9_]*)|(<=|>=|<>|!=|=|<|>|\\(|\\)|,)|(--|/\\*|\\S))" -%}
    {%- set tokens = [] -%}
    {%- set bad = [] -%}
    {%- for string, number, word, operator, bad_character in modules.re.findall(token_pattern, condition) -%}
        {%- if string -%}{%- do tokens.append({'kind': 'string', 'value': string}) -%}
        {%- elif number -%}{%- do tokens.append({'kind': 'number', 'value': number}) -%}
        {%- elif word -%}{%- do tokens.append({'kind': 'word', 'value': word | lower}) -%}
        {%- elif operator -%}{%- do tokens.append({'kind': 'operator', 'value': operator}) -%}
        {%- else -%}{%- do tokens.append({'kind': 'bad', 'value': bad_character}) -%}{%- do bad.append(bad_character) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if tokens | length == 0 -%}
        {{ return({'sql': none, 'error': 'condition is empty'}) }}
    {%- endif -%}
    {%- if "'" in bad -%}
        {{ return({'sql': none, 'error': "a text value is not closed (a ' is missing)"}) }}
    {%- elif '--' in bad or '/*' in bad -%}
        {{ return({'sql': none, 'error': 'comments are not allowed in conditions'}) }}
    {%- elif ';' in bad -%}
        {{ return({'sql': none, 'error': "several statements are not allowed (found ';')"}) }}
    {%- endif -%}
    {%- set depth = namespace(current=0, deepest=0) -%}
    {%- for token in tokens if token.kind == 'operator' and token.value in ['(', ')'] -%}
        {%- set depth.current = depth.current + (1 if token.value == '(' else -1) -%}
        {%- set depth.deepest = [depth.deepest, depth.current] | max -%}
    {%- endfor -%}
    {%- if depth.deepest > max_nesting -%}
        {{ return({'sql': none, 'error': 'parentheses are nested more than ' ~ max_nesting ~ ' levels deep'}) }}
    {%- endif -%}
    {#- A namespace, because Jinja can only assign attributes of a namespace inside macros. -#}
    {%- set context = namespace(tokens=tokens, position=0, error=none, columns=columns, alias=relation_alias, subject=subject) -%}
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


{#- Words that start queries or statements; leadscore/rules.py names the same ones. -#}
{% macro _rule_subquery_words() %}
    {{ return(['select', 'with', 'exists', 'values', 'union', 'from', 'table']) }}
{% endmacro %}


{% macro _rule_statement_words() %}
    {{ return([
        'drop', 'delete', 'insert', 'update', 'create', 'alter', 'truncate', 'grant', 'revoke',
        'copy', 'attach', 'detach', 'pragma', 'call', 'execute', 'exec', 'set', 'merge', 'install',
        'load', 'vacuum', 'checkpoint', 'export', 'import', 'use', 'begin', 'commit', 'rollback',
        'declare', 'show', 'describe', 'summarize', 'analyze', 'kill', 'refresh', 'comment',
    ]) }}
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
    {{ return({'sql': none, 'type': 'error', 'column': false, 'text': 'an error'}) }}
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


{#- The operands of and / or / not: true/false conditions that test a column. -#}
{% macro _rule_require_condition(context, operand, keyword) %}
    {%- if context.error is none and operand.type != 'boolean' -%}
        {%- if keyword == 'not' -%}
            {%- do _rule_fail(context, "'not' needs a true/false condition, not a " ~ operand.type ~ ' value') -%}
        {%- else -%}
            {%- do _rule_fail(context, "'" ~ keyword ~ "' needs true/false conditions on both sides, not a " ~ operand.type ~ ' value') -%}
        {%- endif -%}
    {%- endif -%}
{% endmacro %}


{% macro _rule_require_column_part(context, operand, keyword) %}
    {%- if context.error is none and not operand.column -%}
        {%- if keyword == 'not' -%}
            {%- do _rule_fail(context, "'not' applies to a part that tests no column (" ~ operand.text ~ '), which is always true or always false') -%}
        {%- else -%}
            {%- do _rule_fail(context, "'" ~ keyword ~ "' joins a part that tests no column (" ~ operand.text ~ '), which is always true or always false') -%}
        {%- endif -%}
    {%- endif -%}
{% endmacro %}


{#- A predicate must read a column: `1 = 1` or `'a' = 'a'` is always true or always false. -#}
{% macro _rule_require_column(context, has_column, what) %}
    {%- if context.error is none and not has_column -%}
        {%- do _rule_fail(context, what ~ ' tests no column, so it is always true or always false') -%}
    {%- endif -%}
{% endmacro %}


{% macro _rule_parse_or(context) %}
    {%- set left = _rule_parse_and(context) -%}
    {%- set result = namespace(sql=left.sql, type=left.type, column=left.column, text=left.text, joined=false) -%}
    {%- for _ in range(context.tokens | length) -%}
        {%- if context.error is none and _rule_is_word(_rule_peek(context), ['or']) -%}
            {%- set context.position = context.position + 1 -%}
            {%- set right = _rule_parse_and(context) -%}
            {%- do _rule_require_condition(context, namespace(type=result.type), 'or') -%}
            {%- do _rule_require_condition(context, right, 'or') -%}
            {%- do _rule_require_column_part(context, namespace(column=result.column, text=result.text), 'or') -%}
            {%- do _rule_require_column_part(context, right, 'or') -%}
            {%- set result.sql = result.sql ~ ' or ' ~ right.sql -%}
            {%- set result.text = "an 'or' condition" -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return({'sql': result.sql, 'type': result.type, 'column': result.column, 'text': result.text}) }}
{% endmacro %}


{% macro _rule_parse_and(context) %}
    {%- set left = _rule_parse_not(context) -%}
    {%- set result = namespace(sql=left.sql, type=left.type, column=left.column, text=left.text) -%}
    {%- for _ in range(context.tokens | length) -%}
        {%- if context.error is none and _rule_is_word(_rule_peek(context), ['and']) -%}
            {%- set context.position = context.position + 1 -%}
            {%- set right = _rule_parse_not(context) -%}
            {%- do _rule_require_condition(context, namespace(type=result.type), 'and') -%}
            {%- do _rule_require_condition(context, right, 'and') -%}
            {%- do _rule_require_column_part(context, namespace(column=result.column, text=result.text), 'and') -%}
            {%- do _rule_require_column_part(context, right, 'and') -%}
            {%- set result.sql = result.sql ~ ' and ' ~ right.sql -%}
            {%- set result.text = "an 'and' condition" -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return({'sql': result.sql, 'type': result.type, 'column': result.column, 'text': result.text}) }}
{% endmacro %}


{#- `not not x` is read with a loop, not by recursion, so it cannot exhaust Jinja's stack. -#}
{% macro _rule_parse_not(context) %}
    {%- set negations = namespace(count=0) -%}
    {%- for _ in range(context.tokens | length) -%}
        {%- if context.error is none and _rule_is_word(_rule_peek(context), ['not']) -%}
            {%- set context.position = context.position + 1 -%}
            {%- set negations.count = negations.count + 1 -%}
        {%- endif -%}
    {%- endfor -%}
    {%- set inner = _rule_parse_predicate(context) -%}
    {%- if negations.count == 0 -%}{{ return(inner) }}{%- endif -%}
    {%- do _rule_require_condition(context, inner, 'not') -%}
    {%- do _rule_require_column_part(context, inner, 'not') -%}
    {%- set negated = namespace(sql=inner.sql) -%}
    {%- for _ in range(negations.count) -%}
        {%- set negated.sql = 'not (' ~ negated.sql ~ ')' -%}
    {%- endfor -%}
    {{ return({'sql': negated.sql, 'type': 'boolean', 'column': true, 'text': 'a negation'}) }}
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
        {%- set operator_sql = '<>' if token.value == '!=' else token.value -%}
        {%- do _rule_same_type(context, left, right, "'" ~ operator_sql ~ "'") -%}
        {%- do _rule_require_column(context, left.column or right.column, "'" ~ operator_sql ~ "'") -%}
        {{ return({'sql': left.sql ~ ' ' ~ operator_sql ~ ' ' ~ right.sql, 'type': 'boolean', 'column': true, 'text': 'a comparison'}) }}

    {%- elif _rule_is_word(token, ['is']) -%}
        {%- set context.position = context.position + 1 -%}
        {%- set is_not = _rule_is_word(_rule_peek(context), ['not']) -%}
        {%- if is_not -%}{%- set context.position = context.position + 1 -%}{%- endif -%}
        {%- if not _rule_is_word(_rule_peek(context), ['null']) -%}
            {{ return(_rule_fail(context, "expected 'null' after 'is' but found " ~ _rule_describe(_rule_peek(context)))) }}
        {%- endif -%}
        {%- set context.position = context.position + 1 -%}
        {%- do _rule_require_column(context, left.column, "'is not null'" if is_not else "'is null'") -%}
        {{ return({'sql': left.sql ~ (' is not null' if is_not else ' is null'), 'type': 'boolean', 'column': true, 'text': 'a null check'}) }}

    {%- elif _rule_is_word(token, ['in']) -%}
        {%- set context.position = context.position + 1 -%}
        {%- if not _rule_expect_operator(context, '(') -%}{{ return(_rule_fail(context, '')) }}{%- endif -%}
        {%- set items = [] -%}
        {%- for _ in range(context.tokens | length) -%}
            {%- if context.error is none and (items | length == 0 or (_rule_peek(context) is not none and _rule_peek(context).kind == 'operator' and _rule_peek(context).value == ',')) -%}
                {%- if items | length > 0 -%}{%- set context.position = context.position + 1 -%}{%- endif -%}
                {%- set item = _rule_peek(context) -%}
                {%- if item is not none and item.kind == 'word' and item.value in _rule_subquery_words() -%}
                    {%- do _rule_fail(context, 'subqueries are not allowed') -%}
                {%- elif item is none or item.kind not in ['string', 'number'] -%}
                    {%- do _rule_fail(context, "'in' takes a list of literal values, but found " ~ _rule_describe(item)) -%}
                {%- else -%}
                    {%- set item_operand = _rule_parse_operand(context) -%}
                    {%- do _rule_same_type(context, left, item_operand, "'in'") -%}
                    {%- do items.append(item_operand.sql) -%}
                {%- endif -%}
            {%- endif -%}
        {%- endfor -%}
        {%- if context.error is none -%}{%- do _rule_expect_operator(context, ')') -%}{%- endif -%}
        {%- do _rule_require_column(context, left.column, "'in'") -%}
        {{ return({'sql': left.sql ~ ' ' ~ not_sql ~ 'in (' ~ items | join(', ') ~ ')', 'type': 'boolean', 'column': true, 'text': 'a list check'}) }}

    {%- elif _rule_is_word(token, ['like', 'ilike']) -%}
        {%- set context.position = context.position + 1 -%}
        {%- set pattern = _rule_parse_operand(context) -%}
        {%- if context.error is none and (left.type != 'string' or pattern.type != 'string') -%}
            {{ return(_rule_fail(context, "'" ~ token.value ~ "' compares text, but " ~ (left.text if left.type != 'string' else pattern.text) ~ ' is a ' ~ (left.type if left.type != 'string' else pattern.type))) }}
        {%- endif -%}
        {%- do _rule_require_column(context, left.column or pattern.column, "'" ~ token.value ~ "'") -%}
        {#- ilike is not in every dialect (BigQuery lacks it); lower() like lower() is. -#}
        {%- if token.value == 'ilike' -%}
            {%- set like_sql = 'lower(' ~ left.sql ~ ') ' ~ not_sql ~ 'like lower(' ~ pattern.sql ~ ')' -%}
        {%- else -%}
            {%- set like_sql = left.sql ~ ' ' ~ not_sql ~ 'like ' ~ pattern.sql -%}
        {%- endif -%}
        {{ return({'sql': like_sql, 'type': 'boolean', 'column': true, 'text': 'a pattern match'}) }}

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
        {%- do _rule_require_column(context, left.column or low.column or high.column, "'between'") -%}
        {{ return({'sql': left.sql ~ ' ' ~ not_sql ~ 'between ' ~ low.sql ~ ' and ' ~ high.sql, 'type': 'boolean', 'column': true, 'text': 'a range check'}) }}
    {%- endif -%}
    {{ return(left) }}
{% endmacro %}


{% macro _rule_parse_operand(context) %}
    {%- if context.error is not none -%}{{ return(_rule_fail(context, '')) }}{%- endif -%}
    {%- set token = _rule_peek(context) -%}
    {%- if token is none -%}
        {{ return(_rule_fail(context, 'condition ends too early')) }}
    {%- endif -%}
    {%- set context.position = context.position + 1 -%}

    {%- if token.kind == 'operator' and token.value == '(' -%}
        {%- set inner = _rule_parse_or(context) -%}
        {%- do _rule_expect_operator(context, ')') -%}
        {{ return({'sql': '(' ~ inner.sql ~ ')', 'type': inner.type, 'column': inner.column, 'text': 'a parenthesized expression'}) }}

    {%- elif token.kind == 'string' -%}
        {#- Re-quoted for the target: '' inside the text on DuckDB/Postgres, \' where backslashes escape. -#}
        {%- set text_value = token.value[1:-1] | replace("''", "'") -%}
        {{ return({'sql': sql_text_literal(text_value), 'type': 'string', 'column': false, 'text': 'the text ' ~ token.value}) }}

    {%- elif token.kind == 'number' -%}
        {{ return({'sql': token.value, 'type': 'number', 'column': false, 'text': 'the number ' ~ token.value}) }}

    {%- elif token.kind == 'word' and token.value in ['true', 'false'] -%}
        {{ return({'sql': token.value, 'type': 'boolean', 'column': false, 'text': token.value}) }}

    {%- elif token.kind == 'word' and token.value in var('leadscore_rule_functions') -%}
        {%- set function = var('leadscore_rule_functions')[token.value] -%}
        {%- if not _rule_expect_operator(context, '(') -%}{{ return(_rule_fail(context, '')) }}{%- endif -%}
        {%- set argument = _rule_parse_or(context) -%}
        {%- if context.error is none and argument.type != function.argument -%}
            {{ return(_rule_fail(context, token.value ~ '() takes a ' ~ function.argument ~ ', not a ' ~ argument.type)) }}
        {%- endif -%}
        {%- do _rule_expect_operator(context, ')') -%}
        {{ return({'sql': token.value ~ '(' ~ argument.sql ~ ')', 'type': function.returns, 'column': argument.column, 'text': token.value ~ '(...)'}) }}

    {%- elif token.kind == 'word' and token.value in context.columns -%}
        {{ return({'sql': context.alias ~ '.' ~ token.value, 'type': context.columns[token.value], 'column': true, 'text': token.value}) }}

    {%- elif token.kind == 'word' and token.value in _rule_subquery_words() -%}
        {{ return(_rule_fail(context, 'subqueries are not allowed')) }}

    {%- elif token.kind == 'word' and token.value == 'cast' -%}
        {{ return(_rule_fail(context, 'casts are not allowed (::type, cast(), typed literals)')) }}

    {%- elif token.kind == 'word' and token.value == 'case' -%}
        {{ return(_rule_fail(context, "'case' expressions are not allowed")) }}

    {%- elif token.kind == 'word' and token.value in _rule_statement_words() and not (_rule_peek(context) is not none and _rule_peek(context).value == '(') -%}
        {{ return(_rule_fail(context, 'statements are not allowed (' ~ token.value | upper ~ '): a condition is one true/false expression')) }}

    {%- elif token.kind == 'word' and _rule_peek(context) is not none and _rule_peek(context).kind == 'operator' and _rule_peek(context).value == '(' -%}
        {{ return(_rule_fail(context, "unknown function '" ~ token.value ~ "' (allowed: " ~ var('leadscore_rule_functions').keys() | sort | join(', ') ~ ')')) }}

    {%- elif token.kind == 'word' and token.value == 'null' -%}
        {{ return(_rule_fail(context, "'null' can only follow 'is' (write 'x is null' or 'x is not null')")) }}

    {%- elif token.kind == 'word' and token.value in ['and', 'or', 'not', 'in', 'like', 'ilike', 'is', 'between'] -%}
        {{ return(_rule_fail(context, "unexpected keyword '" ~ token.value ~ "'")) }}

    {%- elif token.kind == 'word' and token.value in ['select', 'with', 'from', 'exists', 'values', 'union', 'table'] -%}
        {{ return(_rule_fail(context, 'subqueries are not allowed')) }}

    {%- elif token.kind == 'word' -%}
        {{ return(_rule_fail(context, "unknown column '" ~ token.value ~ "' for " ~ context.subject ~ ' rules (allowed: ' ~ context.columns.keys() | sort | join(', ') ~ ')')) }}
    {%- endif -%}
    {{ return(_rule_fail(context, 'unexpected ' ~ _rule_describe(token))) }}
{% endmacro %}

"""Rule conditions: parse one with sqlglot, check it against the language, rebuild it as SQL.

A condition is one true/false SQL expression over the allow-listed columns of its subject
(language.py). It is tokenized, parsed, walked against an allow-list of node types with its
types inferred, and rebuilt as a new tree (columns qualified with `rule_input`, `ilike` as
`lower() like lower()`), so the SQL that runs is never the text that was written. The rebuilt
tree renders for every dialect in DIALECTS. Anything else is refused with the exact reason.
"""

from __future__ import annotations

import datetime
import functools
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass

import sqlglot
from sqlglot import exp
from sqlglot.dialects.dialect import Dialect
from sqlglot.errors import ErrorLevel, ParseError, TokenError
from sqlglot.tokens import Token, TokenType

from leadscore.rules.language import (
    DIALECTS,
    MAX_NESTING,
    READ_DIALECT,
    RELATION_ALIAS,
    RuleLanguage,
)

_WORD_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_CONDITION_NUMBER_RE = re.compile(r"^[0-9]+(\.[0-9]+)?$")
_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


class ConditionError(ValueError):
    """A condition is not in the rule language; the message is the exact reason."""


@dataclass(frozen=True)
class CompiledCondition:
    """A validated condition, rebuilt from its parsed tree with `rule_input.` columns."""

    text: str
    subject: str
    expression: exp.Expression
    columns: frozenset[str]

    def sql(self, dialect: str = "duckdb") -> str:
        """The condition as SQL for one dialect; raises if the dialect cannot express it."""
        return self.expression.sql(
            dialect=dialect, comments=False, unsupported_level=ErrorLevel.RAISE
        )

    @property
    def canonical(self) -> str:
        """A normal form for spotting duplicates: parentheses dropped, and/or/in sorted."""
        return _canonical_sql(self.expression)


@dataclass(frozen=True)
class _Typed:
    """A checked piece of a condition: its rebuilt tree, type, and whether it reads a column."""

    node: exp.Expression
    type: str
    has_column: bool
    text: str


_COMPARISONS: dict[type[exp.Expression], str] = {
    exp.EQ: "=",
    exp.NEQ: "<>",
    exp.LT: "<",
    exp.LTE: "<=",
    exp.GT: ">",
    exp.GTE: ">=",
}
_OPERATOR_SYMBOLS: dict[type[exp.Expression], str] = {
    exp.Add: "+",
    exp.Sub: "-",
    exp.Mul: "*",
    exp.Div: "/",
    exp.Mod: "%",
    exp.Neg: "-",
    exp.DPipe: "||",
    exp.BitwiseAnd: "&",
    exp.BitwiseOr: "|",
    exp.BitwiseXor: "#",
    exp.BitwiseNot: "~",
    exp.BitwiseLeftShift: "<<",
    exp.BitwiseRightShift: ">>",
    exp.NullSafeEQ: "<=>",
    exp.NullSafeNEQ: "is distinct from",
    exp.SimilarTo: "similar to",
    exp.RegexpLike: "~",
    exp.Glob: "glob",
    exp.Escape: "escape",
    exp.Collate: "collate",
    exp.Dot: ".",
    exp.Bracket: "[",
}
_STATEMENT_TYPES: tuple[type[exp.Expression], ...] = tuple(
    getattr(exp, name)
    for name in (
        "DDL",
        "DML",
        "Command",
        "Drop",
        "Create",
        "Alter",
        "Insert",
        "Update",
        "Delete",
        "Merge",
        "Grant",
        "Revoke",
        "Copy",
        "Pragma",
        "Set",
        "TruncateTable",
        "Use",
        "Transaction",
        "Commit",
        "Rollback",
        "Describe",
        "Show",
        "Cache",
        "Uncache",
        "LoadData",
        "Analyze",
        "Attach",
        "Detach",
        "Summarize",
        "Kill",
        "Install",
        "Export",
        "Refresh",
        "Comment",
        "Execute",
        "Declare",
    )
    if hasattr(exp, name)
)
_QUERY_TYPES: tuple[type[exp.Expression], ...] = (
    exp.Query,
    exp.Subquery,
    exp.Exists,
    exp.Values,
    exp.SetOperation,
)
_PLACEHOLDER_TYPES: tuple[type[exp.Expression], ...] = (
    exp.Placeholder,
    exp.Parameter,
    exp.SessionParameter,
)
_PREDICATE_TYPES: tuple[type[exp.Expression], ...] = (
    *_COMPARISONS,
    exp.In,
    exp.Like,
    exp.ILike,
    exp.Between,
    exp.Is,
    exp.And,
    exp.Or,
    exp.Not,
)
#: A comma with nothing on one side: sqlglot reads `in (1,)` and `lower(x,)`; the language does not.
_STRAY_COMMAS: frozenset[tuple[TokenType, TokenType | None]] = frozenset(
    {
        (TokenType.L_PAREN, TokenType.COMMA),
        (TokenType.COMMA, TokenType.COMMA),
        (TokenType.COMMA, TokenType.R_PAREN),
    }
)
#: Words that start statements or queries: named in the messages.
STATEMENT_WORDS: frozenset[str] = frozenset(
    {
        "drop",
        "delete",
        "insert",
        "update",
        "create",
        "alter",
        "truncate",
        "grant",
        "revoke",
        "copy",
        "attach",
        "detach",
        "pragma",
        "call",
        "execute",
        "exec",
        "set",
        "merge",
        "install",
        "load",
        "vacuum",
        "checkpoint",
        "export",
        "import",
        "use",
        "begin",
        "commit",
        "rollback",
        "declare",
        "show",
        "describe",
        "summarize",
        "analyze",
        "kill",
        "refresh",
        "comment",
    }
)
SUBQUERY_WORDS: frozenset[str] = frozenset(
    {"select", "with", "exists", "values", "union", "from", "table"}
)
#: Token types the language uses, with the words or symbols they may be written as.
_KEYWORD_TOKENS: dict[TokenType, tuple[str, ...]] = {
    TokenType.AND: ("and",),
    TokenType.OR: ("or",),
    TokenType.NOT: ("not",),
    TokenType.IN: ("in",),
    TokenType.LIKE: ("like",),
    TokenType.ILIKE: ("ilike",),
    TokenType.IS: ("is",),
    TokenType.NULL: ("null",),
    TokenType.BETWEEN: ("between",),
    TokenType.TRUE: ("true",),
    TokenType.FALSE: ("false",),
    TokenType.EQ: ("=",),
    TokenType.NEQ: ("<>", "!="),
    TokenType.LT: ("<",),
    TokenType.LTE: ("<=",),
    TokenType.GT: (">",),
    TokenType.GTE: (">=",),
    TokenType.L_PAREN: ("(",),
    TokenType.R_PAREN: (")",),
    TokenType.COMMA: (",",),
}


@functools.cache
def _function_classes(names: tuple[str, ...]) -> dict[type[exp.Expression], str]:
    """sqlglot's node class for each allowed function (Anonymous ones are matched by name)."""
    classes: dict[type[exp.Expression], str] = {}
    for name in names:
        node_class = type(sqlglot.parse_one(f"{name}(x)", read=READ_DIALECT))
        if node_class is not exp.Anonymous:
            classes[node_class] = name
    return classes


class _ConditionCompiler:
    """Checks one condition against the language and rebuilds it; raises ConditionError."""

    def __init__(self, language: RuleLanguage, subject: str) -> None:
        self.language = language
        self.subject = subject
        self.columns = language.subject_columns(subject)
        self.function_classes = _function_classes(tuple(sorted(language.functions)))
        self.used_columns: set[str] = set()
        self.first_word = ""

    # -- entry point ---------------------------------------------------------------------

    def compile(self, text: str) -> CompiledCondition:
        condition = text.strip()
        if len(condition) > self.language.max_length:
            raise ConditionError(f"condition is longer than {self.language.max_length} characters")
        if condition == "":
            raise ConditionError("condition is empty")
        if "\\" in condition:
            raise ConditionError(
                "backslashes are not allowed in conditions (some SQL dialects read them as escapes)"
            )
        tokens = self._tokenize(condition)
        self.first_word = condition[tokens[0].start : tokens[0].end + 1] if tokens else ""
        self._check_depth(tokens)
        tree = self._parse(condition)
        if self.first_word.lower() in STATEMENT_WORDS - set(self.columns):
            raise self._statement_error()
        typed = self._expression(tree)
        if typed.type != "boolean":
            raise ConditionError(f"condition must be true or false, but it is a {typed.type} value")
        self._check_surface(condition, tokens)
        self._check_census(tree, tokens)
        compiled = CompiledCondition(
            text=condition,
            subject=self.subject,
            expression=typed.node,
            columns=frozenset(self.used_columns),
        )
        for dialect in DIALECTS:  # accepted means: writable for every target
            try:
                compiled.sql(dialect)
            except Exception as error:
                raise ConditionError(f"cannot be written for {dialect}: {error}") from error
        return compiled

    # -- lexical checks ------------------------------------------------------------------

    def _tokenize(self, condition: str) -> list[Token]:
        try:
            tokens = Dialect.get_or_raise(READ_DIALECT).tokenize(condition)
        except TokenError as error:
            if condition.count("'") % 2 == 1:
                raise ConditionError("a text value is not closed (a ' is missing)") from error
            if "/*" in condition or "--" in condition:
                raise ConditionError("comments are not allowed in conditions") from error
            raise ConditionError(f"could not read the condition: {error}") from error
        if any(token.comments for token in tokens):
            raise ConditionError("comments are not allowed in conditions")
        if any(token.token_type == TokenType.SEMICOLON for token in tokens):
            raise ConditionError("several statements are not allowed (found ';')")
        return tokens

    @staticmethod
    def _check_depth(tokens: Sequence[Token]) -> None:
        depth = 0
        for token in tokens:
            if token.token_type in (TokenType.L_PAREN, TokenType.L_BRACKET, TokenType.L_BRACE):
                depth += 1
                if depth > MAX_NESTING:
                    raise ConditionError(
                        f"parentheses are nested more than {MAX_NESTING} levels deep"
                    )
            elif token.token_type in (TokenType.R_PAREN, TokenType.R_BRACKET, TokenType.R_BRACE):
                depth -= 1

    def _check_surface(self, condition: str, tokens: Sequence[Token]) -> None:
        """The words and symbols as written: sqlglot reads some spellings the language does not
        have (`isnull`, `==`, `.5`, `lcase(...)`, trailing commas), so refuse them."""
        known_words = set(self.columns) | set(self.language.functions)
        for index, token in enumerate(tokens):
            raw = condition[token.start : token.end + 1]
            following = tokens[index + 1] if index + 1 < len(tokens) else None
            if token.token_type == TokenType.STRING:
                if not (raw.startswith("'") and raw.endswith("'")):
                    raise ConditionError(f"unexpected {raw!r}: write text values in '...'")
            elif token.token_type == TokenType.NUMBER:
                if not _CONDITION_NUMBER_RE.match(raw):
                    raise ConditionError(
                        f"unexpected number {raw!r}: write numbers as digits with an optional "
                        "decimal part, like 200 or 0.5"
                    )
            elif _WORD_RE.match(raw) and raw.lower() in known_words:
                is_call = following is not None and following.token_type == TokenType.L_PAREN
                if is_call and raw.lower() not in self.language.functions:
                    raise ConditionError(self._unknown_function(raw.lower()))
            elif token.token_type in _KEYWORD_TOKENS:
                if raw.lower() not in _KEYWORD_TOKENS[token.token_type]:
                    raise ConditionError(f"unexpected {raw!r}")
            elif (
                token.token_type == TokenType.VAR
                and following is not None
                and following.token_type == TokenType.L_PAREN
            ):
                raise ConditionError(self._unknown_function(raw.lower()))
            else:
                raise ConditionError(f"unexpected {raw!r}")
            pair = (token.token_type, following.token_type if following else None)
            if pair in _STRAY_COMMAS and following is not None:
                raise ConditionError(
                    f"unexpected {condition[following.start : following.end + 1]!r}"
                )

    def _check_census(self, tree: exp.Expression, tokens: Sequence[Token]) -> None:
        """Every keyword and parenthesis written is one node of the tree, and vice versa.

        sqlglot forgives some sloppy input the language does not: it
        reads `x between 1 2` as `x between 1 and 2` and adds parentheses of its own to
        `a = 'x' is null`. Counting tokens against nodes catches every such repair.
        """
        nodes = list(tree.walk())

        def count(*types: type[exp.Expression]) -> int:
            return sum(1 for node in nodes if isinstance(node, types))

        negated = sum(
            1
            for node in nodes
            if isinstance(node, (exp.Like, exp.ILike, exp.Is)) and node.args.get("negate")
        )
        calls = (exp.Paren, exp.In, exp.Anonymous, *self.function_classes)
        expected: dict[TokenType, tuple[str, int]] = {
            TokenType.L_PAREN: ("(", count(*calls)),
            TokenType.AND: ("and", count(exp.And, exp.Between)),
            TokenType.OR: ("or", count(exp.Or)),
            TokenType.NOT: ("not", count(exp.Not) + negated),
            TokenType.IN: ("in", count(exp.In)),
            TokenType.LIKE: ("like", count(exp.Like)),
            TokenType.ILIKE: ("ilike", count(exp.ILike)),
            TokenType.IS: ("is", count(exp.Is)),
            TokenType.BETWEEN: ("between", count(exp.Between)),
            TokenType.NULL: ("null", count(exp.Null)),
            TokenType.TRUE: ("true", sum(1 for node in nodes if node.this is True)),
            TokenType.FALSE: ("false", sum(1 for node in nodes if node.this is False)),
            TokenType.EQ: ("=", count(exp.EQ)),
            TokenType.NEQ: ("<>", count(exp.NEQ)),
            TokenType.LT: ("<", count(exp.LT)),
            TokenType.LTE: ("<=", count(exp.LTE)),
            TokenType.GT: (">", count(exp.GT)),
            TokenType.GTE: (">=", count(exp.GTE)),
            TokenType.COMMA: (
                ",",
                sum(len(node.expressions) - 1 for node in nodes if isinstance(node, exp.In)),
            ),
        }
        for token_type, (word, in_tree) in expected.items():
            written = sum(1 for token in tokens if token.token_type == token_type)
            if written == in_tree:
                continue
            if token_type == TokenType.L_PAREN and in_tree > written:
                raise ConditionError(
                    "a condition is used as a value without parentheses around it (write "
                    "(a = 'x') is null, not a = 'x' is null)"
                )
            if token_type == TokenType.AND and count(exp.Between):
                raise ConditionError("expected 'and' in 'between' (write x between 1 and 5)")
            raise ConditionError(f"'{word}' is missing or out of place")

    # -- parsing -------------------------------------------------------------------------

    def _parse(self, condition: str) -> exp.Expression:
        sqlglot_logger = logging.getLogger("sqlglot")
        level = sqlglot_logger.level
        sqlglot_logger.setLevel(logging.ERROR)
        try:
            statements = sqlglot.parse(condition, read=READ_DIALECT)
        except ParseError as error:
            raise ConditionError(self._parse_error_message(error)) from error
        except RecursionError as error:
            raise ConditionError(
                f"parentheses are nested more than {MAX_NESTING} levels deep"
            ) from error
        except Exception as error:  # sqlglot itself trips over some garbage, e.g. `x ?`
            raise ConditionError(
                f"not a valid condition: {type(error).__name__}: {error}"
            ) from error
        finally:
            sqlglot_logger.setLevel(level)
        present = [statement for statement in statements if statement is not None]
        if len(present) > 1:
            raise ConditionError("several statements are not allowed (found ';')")
        if not present:
            raise ConditionError("condition is empty")
        tree = present[0]
        for node in tree.walk():
            if node.comments:
                raise ConditionError("comments are not allowed in conditions")
        return tree

    def _statement_error(self) -> ConditionError:
        return ConditionError(
            f"statements are not allowed ({self.first_word.upper()}): a condition is one "
            "true/false expression"
        )

    def _parse_error_message(self, error: ParseError) -> str:
        """sqlglot's parse error, in the words the documented messages use (docs/rules.md)."""
        if self.first_word.lower() in STATEMENT_WORDS:
            return str(self._statement_error())
        details = error.errors[0] if error.errors else {}
        description = str(details.get("description") or error)
        highlight = str(details.get("highlight") or "")
        at_end = not str(details.get("end_context") or "").strip()
        if highlight.lower() in SUBQUERY_WORDS:
            return "subqueries are not allowed"
        if highlight.lower() in STATEMENT_WORDS:
            return (
                f"statements are not allowed ({highlight.upper()}): a condition is one "
                "true/false expression"
            )
        missing = re.match(r"Required keyword: '(\w+)' missing for .*\.(\w+)'>", description)
        if missing:
            if missing.group(1) == "this" and missing.group(2) in ("And", "Or"):
                return f"unexpected keyword '{missing.group(2).lower()}'"
            if at_end:
                return "condition ends too early"
            return f"unexpected '{highlight}'"
        if description.startswith("Expecting )"):
            found = "end of condition" if at_end else f"'{highlight}'"
            return f"expected ')' but found {found}"
        if "number of provided arguments" in description:
            calls = re.findall(r"([A-Za-z_][A-Za-z0-9_]*)\s*\(", str(details.get("start_context")))
            name = calls[-1].lower() if calls else "the function"
            return f"{name}() takes exactly one argument"
        if highlight:
            return f"unexpected '{highlight}'"
        return f"not a valid condition: {description}"

    # -- the tree walk -------------------------------------------------------------------

    def _expression(self, node: exp.Expression) -> _Typed:
        """Any allowed expression (conditions and values), checked in reading order."""
        self._reject_disallowed(node)
        if isinstance(node, exp.Paren):
            inner = self._expression(node.this)
            return _Typed(
                exp.Paren(this=inner.node),
                inner.type,
                inner.has_column,
                "a parenthesized expression",
            )
        if isinstance(node, (exp.And, exp.Or)):
            return self._junction(node)
        if isinstance(node, exp.Not):
            return self._not(node)
        if isinstance(node, tuple(_COMPARISONS)):
            return self._comparison(node)
        if isinstance(node, exp.Is):
            return self._is(node)
        if isinstance(node, exp.In):
            return self._in(node)
        if isinstance(node, (exp.Like, exp.ILike)):
            return self._like(node)
        if isinstance(node, exp.Between):
            return self._between(node)
        return self._operand_value(node)

    def _reject_disallowed(self, node: exp.Expression) -> None:
        """Reasons for the kinds of node the language never allows, wherever they appear."""
        if isinstance(node, _STATEMENT_TYPES):
            raise self._statement_error()
        if isinstance(node, _QUERY_TYPES):
            raise ConditionError("subqueries are not allowed")
        if isinstance(node, exp.In) and (
            node.args.get("query") is not None or isinstance(node.args.get("field"), exp.Query)
        ):
            raise ConditionError("subqueries are not allowed")
        if isinstance(node, _PLACEHOLDER_TYPES):
            raise ConditionError(
                "placeholders and parameters ($1, ?, :name, @name) are not allowed"
            )
        if isinstance(node, (exp.Cast, exp.TryCast)):
            raise ConditionError("casts are not allowed (::type, cast(), typed literals)")
        if isinstance(node, exp.Star):
            raise ConditionError("'*' is not allowed in conditions")
        if isinstance(node, (exp.Case, exp.If)):
            raise ConditionError("'case' expressions are not allowed")
        if isinstance(node, exp.Alias):
            raise ConditionError(
                f"unexpected {node.alias!r} after a complete condition (aliases are not allowed)"
            )
        if type(node) in _OPERATOR_SYMBOLS:
            symbol = _OPERATOR_SYMBOLS[type(node)]
            raise ConditionError(
                f"operator '{symbol}' is not allowed (allowed: = <> != < <= > >= and or not "
                "in like ilike between is)"
            )
        if isinstance(node, (exp.Concat, exp.Array, exp.Tuple, exp.Interval, exp.Any, exp.All)):
            raise ConditionError(f"{node.key} expressions are not allowed in conditions")
        if isinstance(
            node, (exp.ByteString, exp.RawString, exp.National, exp.HexString, exp.BitString)
        ):
            raise ConditionError(
                "text values must be written in plain single quotes, like 'vp' (not E'', $$, "
                "N'', X'' or B'')"
            )
        if isinstance(node, (exp.Window, exp.Lambda, exp.Distinct)):
            raise ConditionError(f"'{node.key}' is not allowed in conditions")

    def _boolean_operand(self, operand: _Typed, keyword: str) -> None:
        if operand.type != "boolean":
            raise ConditionError(
                f"'{keyword}' needs true/false conditions on both sides, not a {operand.type} value"
                if keyword != "not"
                else f"'not' needs a true/false condition, not a {operand.type} value"
            )

    @staticmethod
    def _column_operand(operand: _Typed, keyword: str) -> None:
        if not operand.has_column:
            raise ConditionError(
                f"'{keyword}' joins a part that tests no column ({operand.text}), which is "
                "always true or always false"
                if keyword != "not"
                else f"'not' applies to a part that tests no column ({operand.text}), which is "
                "always true or always false"
            )

    def _junction(self, node: exp.And | exp.Or) -> _Typed:
        keyword = "and" if isinstance(node, exp.And) else "or"
        left = self._expression(node.this)
        right = self._expression(node.expression)
        self._boolean_operand(left, keyword)
        self._boolean_operand(right, keyword)
        self._column_operand(left, keyword)
        self._column_operand(right, keyword)
        rebuilt = (exp.And if keyword == "and" else exp.Or)(this=left.node, expression=right.node)
        return _Typed(rebuilt, "boolean", True, f"an '{keyword}' condition")

    def _not(self, node: exp.Not) -> _Typed:
        inner = self._expression(node.this)
        self._boolean_operand(inner, "not")
        self._column_operand(inner, "not")
        return _Typed(exp.Not(this=exp.Paren(this=inner.node)), "boolean", True, "a negation")

    @staticmethod
    def _same_type(left: _Typed, right: _Typed, what: str) -> None:
        if left.type != right.type:
            raise ConditionError(
                f"type mismatch in {what}: {left.text} is a {left.type} but {right.text} is a "
                f"{right.type}"
            )

    def _unify(self, left: _Typed, right: _Typed, what: str) -> tuple[_Typed, _Typed]:
        """Check two operands have one type; text written opposite a date column is a date."""
        if left.type == "date" and right.type == "string" and not right.has_column:
            right = self._date_literal(right)
        elif right.type == "date" and left.type == "string" and not left.has_column:
            left = self._date_literal(left)
        self._same_type(left, right, what)
        return left, right

    @staticmethod
    def _date_literal(operand: _Typed) -> _Typed:
        text = operand.node.this if isinstance(operand.node, exp.Literal) else None
        try:
            if text is None or not _ISO_DATE.match(text):
                raise ValueError(text)
            datetime.date.fromisoformat(text)
        except ValueError:
            raise ConditionError(
                f"{operand.text} is compared with a date, so it must be a date written YYYY-MM-DD"
            ) from None
        cast = exp.Cast(this=exp.Literal.string(text), to=exp.DataType.build("date"))
        return _Typed(cast, "date", False, f"the date '{text}'")

    @staticmethod
    def _tests_column(has_column: bool, what: str) -> None:
        if not has_column:
            raise ConditionError(f"{what} tests no column, so it is always true or always false")

    def _comparison(self, node: exp.Expression) -> _Typed:
        symbol = _COMPARISONS[type(node)]
        left, right = self._unify(
            self._operand(node.this), self._operand(node.expression), f"'{symbol}'"
        )
        self._tests_column(left.has_column or right.has_column, f"'{symbol}'")
        rebuilt = type(node)(this=left.node, expression=right.node)
        return _Typed(rebuilt, "boolean", True, "a comparison")

    def _is(self, node: exp.Is) -> _Typed:
        left = self._operand(node.this)
        if not isinstance(node.expression, exp.Null):
            raise ConditionError(
                f"expected 'null' after 'is' but found {_describe(node.expression)}"
            )
        negate = bool(node.args.get("negate"))
        self._tests_column(left.has_column, "'is not null'" if negate else "'is null'")
        rebuilt: exp.Expression = exp.Is(this=left.node, expression=exp.Null())
        if negate:
            rebuilt = exp.Not(this=exp.Paren(this=rebuilt))
        return _Typed(rebuilt, "boolean", True, "a null check")

    def _in(self, node: exp.In) -> _Typed:
        left = self._operand(node.this)
        if node.args.get("unnest") is not None or node.args.get("field") is not None:
            raise ConditionError("'in' takes a list of literal values in parentheses")
        items: list[exp.Expression] = []
        for item in node.expressions:
            if not isinstance(item, exp.Literal):
                raise ConditionError(
                    f"'in' takes a list of literal values, but found {_describe(item)}"
                )
            _, typed_item = self._unify(left, self._operand(item), "'in'")
            items.append(typed_item.node)
        if not items:
            raise ConditionError("'in' takes a list of literal values, but found ')'")
        self._tests_column(left.has_column, "'in'")
        return _Typed(exp.In(this=left.node, expressions=items), "boolean", True, "a list check")

    def _like(self, node: exp.Like | exp.ILike) -> _Typed:
        keyword = "ilike" if isinstance(node, exp.ILike) else "like"
        left = self._operand(node.this)
        pattern = self._operand(node.expression)
        if left.type != "string" or pattern.type != "string":
            culprit = left if left.type != "string" else pattern
            raise ConditionError(
                f"'{keyword}' compares text, but {culprit.text} is a {culprit.type}"
            )
        self._tests_column(left.has_column or pattern.has_column, f"'{keyword}'")
        if keyword == "ilike":
            # ilike is not in every dialect (BigQuery lacks it); lower() like lower() is.
            rebuilt: exp.Expression = exp.Like(
                this=exp.Lower(this=left.node), expression=exp.Lower(this=pattern.node)
            )
        else:
            rebuilt = exp.Like(this=left.node, expression=pattern.node)
        if node.args.get("negate"):
            rebuilt = exp.Not(this=exp.Paren(this=rebuilt))
        return _Typed(rebuilt, "boolean", True, "a pattern match")

    def _between(self, node: exp.Between) -> _Typed:
        if node.args.get("symmetric") is not None:
            raise ConditionError("'between symmetric' is not allowed")
        left = self._operand(node.this)
        _, low = self._unify(left, self._operand(node.args["low"]), "'between'")
        _, high = self._unify(left, self._operand(node.args["high"]), "'between'")
        self._tests_column(left.has_column or low.has_column or high.has_column, "'between'")
        rebuilt = exp.Between(this=left.node, low=low.node, high=high.node)
        return _Typed(rebuilt, "boolean", True, "a range check")

    def _operand(self, node: exp.Expression) -> _Typed:
        """A value compared by a predicate: a column, literal, function call or (...)."""
        self._reject_disallowed(node)
        if isinstance(node, exp.Paren):
            return self._expression(node)
        if isinstance(node, _PREDICATE_TYPES):
            raise ConditionError(
                f"unexpected {_describe(node)}: put parentheses around a condition used as a value"
            )
        return self._operand_value(node)

    def _operand_value(self, node: exp.Expression) -> _Typed:
        self._reject_disallowed(node)
        if isinstance(node, exp.Column):
            return self._column(node)
        if isinstance(node, exp.Literal):
            if node.is_string:
                quoted = "'" + node.this.replace("'", "''") + "'"
                return _Typed(exp.Literal.string(node.this), "string", False, f"the text {quoted}")
            return _Typed(exp.Literal.number(node.this), "number", False, f"the number {node.this}")
        if isinstance(node, exp.Boolean):
            word = "true" if node.this else "false"
            return _Typed(exp.Boolean(this=bool(node.this)), "boolean", False, word)
        if isinstance(node, exp.Null):
            raise ConditionError(
                "'null' can only follow 'is' (write 'x is null' or 'x is not null')"
            )
        if isinstance(node, exp.Func):
            return self._function(node)
        if isinstance(node, (exp.Identifier, exp.Var)):
            return self._column(exp.Column(this=node))
        raise ConditionError(f"{_describe(node)} is not allowed in conditions")

    def _column(self, node: exp.Column) -> _Typed:
        if isinstance(node.this, exp.Star):
            raise ConditionError("'*' is not allowed in conditions")
        if node.args.get("table") is not None or node.args.get("db") is not None:
            raise ConditionError(
                f"qualified column names are not allowed ({node.sql(dialect=READ_DIALECT)}); "
                "write the column name alone"
            )
        identifier = node.this
        if isinstance(identifier, exp.Identifier) and identifier.quoted:
            raise ConditionError(
                f'quoted names are not allowed ("{identifier.this}"); write the column name '
                "without quotes"
            )
        name = node.name.lower()
        if name not in self.columns:
            raise ConditionError(
                f"unknown column '{name}' for {self.subject} rules (allowed: "
                + ", ".join(sorted(self.columns))
                + ")"
            )
        self.used_columns.add(name)
        return _Typed(exp.column(name, table=RELATION_ALIAS), self.columns[name], True, name)

    def _unknown_function(self, name: str) -> str:
        return (
            f"unknown function '{name}' (allowed: "
            + ", ".join(sorted(self.language.functions))
            + ")"
        )

    def _function(self, node: exp.Func) -> _Typed:
        if isinstance(node, exp.Anonymous):
            name = str(node.this).lower()
            if name not in self.language.functions or len(node.expressions) != 1:
                if name in self.language.functions:
                    raise ConditionError(f"{name}() takes exactly one argument")
                raise ConditionError(self._unknown_function(name))
            argument_node = node.expressions[0]
        else:
            allowed_name = self.function_classes.get(type(node))
            if allowed_name is None:
                raise ConditionError(self._unknown_function(node.sql_name().lower()))
            name = allowed_name
            extra = [
                key
                for key, value in node.args.items()
                if key != "this" and value not in (None, False, [])
            ]
            if extra or node.this is None:
                raise ConditionError(f"{name}() takes exactly one argument")
            argument_node = node.this
        spec = self.language.functions[name]
        argument = self._expression(argument_node)
        if argument.type != spec.argument:
            raise ConditionError(f"{name}() takes a {spec.argument}, not a {argument.type}")
        if isinstance(node, exp.Anonymous):
            rebuilt: exp.Expression = exp.Anonymous(this=name, expressions=[argument.node])
        else:
            rebuilt = type(node)(this=argument.node)
        return _Typed(rebuilt, spec.returns, argument.has_column, f"{name}(...)")


def _describe(node: exp.Expression) -> str:
    """How an unexpected piece of a condition is named in messages."""
    if isinstance(node, exp.Column):
        return f"'{node.name}'"
    if isinstance(node, exp.Boolean):
        return "'true'" if node.this else "'false'"
    if isinstance(node, exp.Null):
        return "'null'"
    if isinstance(node, exp.Paren):
        return "'('"
    if isinstance(node, exp.Literal):
        return f"'{node.this}'"
    if isinstance(node, exp.Not):
        return "keyword 'not'"
    if type(node) in _COMPARISONS:
        return f"'{_COMPARISONS[type(node)]}'"
    if isinstance(node, exp.Func):
        return f"'{node.sql_name().lower()}'"
    key = {"ilike": "ilike", "like": "like", "in": "in", "between": "between", "is": "is"}
    return f"'{key.get(node.key, node.key)}'"


def compile_condition(
    text: str, subject: str, language: RuleLanguage | None = None
) -> CompiledCondition:
    """Check one condition and rebuild it as SQL; raises ConditionError with the reason."""
    return _ConditionCompiler(language or RuleLanguage.from_project(), subject).compile(text)


def _canonical_sql(node: exp.Expression) -> str:
    def canonical(expression: exp.Expression) -> exp.Expression:
        while isinstance(expression, exp.Paren):
            expression = expression.this
        if isinstance(expression, (exp.And, exp.Or)):
            kind = type(expression)
            parts = [canonical(part) for part in expression.flatten()]
            parts.sort(key=lambda part: part.sql())
            combined = parts[0]
            for part in parts[1:]:
                combined = kind(this=combined, expression=part)
            return combined
        if isinstance(expression, exp.In):
            items = sorted((item.copy() for item in expression.expressions), key=exp.Expression.sql)
            return exp.In(this=canonical(expression.this), expressions=items)
        if isinstance(expression, (exp.GT, exp.GTE)):
            flipped = exp.LT if isinstance(expression, exp.GT) else exp.LTE
            return canonical(flipped(this=expression.expression, expression=expression.this))
        if isinstance(expression, (exp.EQ, exp.NEQ)):
            sides = sorted(
                (canonical(expression.this), canonical(expression.expression)),
                key=exp.Expression.sql,
            )
            return type(expression)(this=sides[0], expression=sides[1])
        copied = expression.copy()
        for key, value in list(copied.args.items()):
            if isinstance(value, exp.Expression):
                copied.set(key, canonical(value))
            elif isinstance(value, list):
                copied.set(
                    key,
                    [canonical(v) if isinstance(v, exp.Expression) else v for v in value],
                )
        return copied

    return canonical(node).sql(dialect="duckdb", comments=False).lower()

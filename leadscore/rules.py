"""The rule seeds checked like a compiler would: `leadscore rules check` and the guard of `build`.

Marketing ops edit the scoring seeds (seeds/scoring_models.csv, scoring_rules.csv,
score_thresholds.csv, fit_grade_bands.csv, event_types.csv), and the rule conditions in them end
up in warehouse SQL. This module

* loads the seed CSVs and the rule language's allow-list (vars `leadscore_rule_columns`,
  `leadscore_rule_functions` and `leadscore_rule_condition_max_length` in dbt_project.yml);
* validates every value the way macros/rules/load_scoring_config.sql does (same rules, same
  messages), so the CLI reports exactly what `dbt build` would refuse, before dbt starts;
* parses every condition with sqlglot, walks the tree against an allow-list of node types,
  infers types, and rebuilds the condition as a new tree (columns qualified with `rule_input`,
  `ilike` as `lower() like lower()`), which renders for DuckDB, Postgres, Snowflake, BigQuery
  and Spark (`CompiledCondition.sql`);
* warns on the smells the lead-scoring literature names (too many rules, no negative rules,
  duplicate or shadowed rules, an unreachable or trivially reached scale, thresholds out of
  order, models no lead is ever assigned to).

It is the stricter twin of the dbt-side gate (macros/rules/compile_rule_condition.sql), which
re-emits SQL from allow-listed tokens; tests/e2e/test_rules_e2e.py proves that the two accept and
reject the same conditions.
"""

from __future__ import annotations

import csv
import datetime
import functools
import itertools
import logging
import math
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import sqlglot
import yaml
from sqlglot import exp
from sqlglot.dialects.dialect import Dialect
from sqlglot.errors import ErrorLevel, ParseError, TokenError
from sqlglot.tokens import Token, TokenType

from leadscore.paths import PROJECT_ROOT

Severity = Literal["error", "warning"]
ERROR: Severity = "error"
WARNING: Severity = "warning"

#: Dialects every compiled condition must render for (DuckDB and Postgres run it today).
DIALECTS: tuple[str, ...] = ("duckdb", "postgres", "snowflake", "bigquery", "spark")
#: The table alias conditions are qualified with, as in the models that apply them.
RELATION_ALIAS = "rule_input"
#: The dialect conditions are read in (the language is a subset of standard SQL).
READ_DIALECT = "postgres"

SUBJECTS: tuple[str, ...] = ("lead", "account", "event")
CATEGORIES: tuple[str, ...] = ("fit", "engagement", "negative")
DECAY_METHODS: tuple[str, ...] = ("none", "exponential", "linear", "step", "window")
VALUE_TYPES: tuple[str, ...] = ("string", "number", "boolean")

#: Deepest nesting of parentheses (and function calls) a condition may use. The dbt-side parser
#: is recursive Jinja, whose stack runs out at about twenty levels.
MAX_NESTING = 8
#: Smell thresholds.
MAX_RULES_PER_MODEL = 40
REVIEW_MAX_AGE_DAYS = 180
STAGE_ORDER: tuple[str, ...] = ("mql", "sql")

SEED_FILES: dict[str, str] = {
    "scoring_models": "scoring_models.csv",
    "scoring_rules": "scoring_rules.csv",
    "score_thresholds": "score_thresholds.csv",
    "fit_grade_bands": "fit_grade_bands.csv",
    "event_types": "event_types.csv",
}
SEED_COLUMNS: dict[str, tuple[str, ...]] = {
    "scoring_models": (
        "model_id",
        "model_name",
        "is_active",
        "assignment_priority",
        "assignment_condition",
        "fit_cap",
        "engagement_cap",
        "negative_floor",
        "inbound_engagement_weight",
        "outbound_engagement_weight",
        "last_reviewed_on",
        "description",
    ),
    "scoring_rules": (
        "model_id",
        "rule_id",
        "category",
        "subject",
        "event_type",
        "condition",
        "points",
        "max_occurrences",
        "repeat_multiplier",
        "rule_cap",
        "decay_method",
        "decay_days",
        "decay_step_multiplier",
        "is_active",
        "description",
    ),
    "score_thresholds": ("model_id", "stage", "min_total_score", "description"),
    "fit_grade_bands": ("model_id", "fit_grade", "min_fit_score"),
    "event_types": ("event_type", "description"),
}
EVENT_ONLY_COLUMNS: tuple[str, ...] = (
    "max_occurrences",
    "repeat_multiplier",
    "rule_cap",
    "decay_days",
    "decay_step_multiplier",
)

_IDENTIFIER_RE = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
_NUMBER_RE = re.compile(r"^-?[0-9]+([.][0-9]+)?$")
_INTEGER_RE = re.compile(r"^-?[0-9]+$")
_WHOLE_DECIMAL_RE = re.compile(r"^-?[0-9]+[.]0+$")
_DATE_RE = re.compile(r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")
_WORD_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_CONDITION_NUMBER_RE = re.compile(r"^[0-9]+(\.[0-9]+)?$")

_LOG = logging.getLogger(__name__)


# --------------------------------------------------------------------------------------------
# Problems and the report
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing wrong with (error) or suspicious about (warning) the rule seeds."""

    severity: Severity
    seed_file: str
    message: str
    row_key: str = ""
    column: str | None = None
    model_id: str | None = None
    rule_id: str | None = None
    line: int | None = None

    @property
    def location(self) -> str:
        """`seeds/scoring_rules.csv: rule 'x' (model 'm')`, as the dbt-side error says it."""
        return f"{self.seed_file}: {self.row_key}" if self.row_key else self.seed_file

    def __str__(self) -> str:
        return f"{self.severity.upper()} {self.location}: {self.message}"


class RulesError(RuntimeError):
    """The rule seeds have errors; raised by `RuleCheckReport.raise_for_errors`."""

    def __init__(self, report: RuleCheckReport) -> None:
        self.report = report
        super().__init__(
            f"the scoring seeds have {len(report.errors)} error(s); nothing was run:\n"
            + "\n".join(f"  {problem}" for problem in report.errors)
        )


class ConditionError(ValueError):
    """A condition is not in the rule language; the message is the exact reason."""


@dataclass(frozen=True)
class FunctionSpec:
    """A function conditions may call: one argument of one type, a result of one type."""

    name: str
    argument: str
    returns: str


@dataclass(frozen=True)
class RuleLanguage:
    """The allow-list of the condition language, from the vars in dbt_project.yml."""

    columns: Mapping[str, Mapping[str, str]]
    functions: Mapping[str, FunctionSpec]
    max_length: int = 500

    @classmethod
    def from_project(cls, project_file: Path | None = None) -> RuleLanguage:
        """Read the allow-list from dbt_project.yml (default: this project's)."""
        path = project_file or PROJECT_ROOT / "dbt_project.yml"
        with path.open(encoding="utf-8") as handle:
            project = yaml.safe_load(handle)
        return cls.from_vars(project.get("vars") or {})

    @classmethod
    def from_vars(cls, dbt_vars: Mapping[str, Any]) -> RuleLanguage:
        raw_columns = dbt_vars.get("leadscore_rule_columns") or {}
        raw_functions = dbt_vars.get("leadscore_rule_functions") or {}
        columns: dict[str, dict[str, str]] = {}
        for subject, subject_columns in raw_columns.items():
            columns[str(subject)] = {}
            for name, value_type in (subject_columns or {}).items():
                if value_type not in VALUE_TYPES:
                    raise ValueError(f"column {subject}.{name}: unknown type {value_type!r}")
                columns[str(subject)][str(name).lower()] = str(value_type)
        functions = {
            str(name).lower(): FunctionSpec(
                str(name).lower(), str(spec["argument"]), str(spec["returns"])
            )
            for name, spec in raw_functions.items()
        }
        max_length = int(dbt_vars.get("leadscore_rule_condition_max_length", 500))
        return cls(columns=columns, functions=functions, max_length=max_length)

    def subject_columns(self, subject: str) -> Mapping[str, str]:
        if subject not in self.columns:
            raise ValueError(f"unknown subject {subject!r}")
        return self.columns[subject]


# --------------------------------------------------------------------------------------------
# Conditions: parse, check, rebuild
# --------------------------------------------------------------------------------------------


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
#: Words that start statements or queries: named in the messages of both gates.
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
        """The words and symbols as written: sqlglot reads some spellings the dbt-side gate
        does not (`isnull`, `==`, `.5`, `lcase(...)`, trailing commas), so refuse them."""
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

        sqlglot forgives some sloppy input the language (and the dbt-side gate) does not: it
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
        """sqlglot's parse error in the words the dbt-side gate uses for the same mistake."""
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

    @staticmethod
    def _tests_column(has_column: bool, what: str) -> None:
        if not has_column:
            raise ConditionError(f"{what} tests no column, so it is always true or always false")

    def _comparison(self, node: exp.Expression) -> _Typed:
        symbol = _COMPARISONS[type(node)]
        left = self._operand(node.this)
        right = self._operand(node.expression)
        self._same_type(left, right, f"'{symbol}'")
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
            typed_item = self._operand(item)
            self._same_type(left, typed_item, "'in'")
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
        low = self._operand(node.args["low"])
        high = self._operand(node.args["high"])
        self._same_type(left, low, "'between'")
        self._same_type(left, high, "'between'")
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
    """How an unexpected piece of a condition is named in messages (as the dbt gate does)."""
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


# --------------------------------------------------------------------------------------------
# The seeds
# --------------------------------------------------------------------------------------------


@dataclass
class ScoringModel:
    model_id: str | None
    model_name: str | None
    is_active: bool
    assignment_priority: int | None
    assignment_condition: str | None
    compiled_assignment: CompiledCondition | None
    fit_cap: float | None
    engagement_cap: float | None
    negative_floor: float | None
    inbound_engagement_weight: float | None
    outbound_engagement_weight: float | None
    last_reviewed_on: datetime.date | None
    description: str | None
    line: int


@dataclass
class ScoringRule:
    model_id: str | None
    rule_id: str | None
    category: str | None
    subject: str | None
    event_type: str | None
    condition: str | None
    compiled: CompiledCondition | None
    points: float | None
    max_occurrences: int | None
    repeat_multiplier: float
    rule_cap: float | None
    decay_method: str
    decay_days: float | None
    decay_step_multiplier: float | None
    is_active: bool
    description: str | None
    line: int

    @property
    def key(self) -> str:
        return f"rule '{self.rule_id or '?'}' (model '{self.model_id or '?'}')"


@dataclass
class ScoreThreshold:
    model_id: str | None
    stage: str | None
    min_total_score: float | None
    description: str | None
    line: int


@dataclass
class FitGradeBand:
    model_id: str | None
    fit_grade: str | None
    min_fit_score: float | None
    line: int


@dataclass
class RuleCheckReport:
    """Everything `leadscore rules check` found, and the seeds as it read them."""

    seeds_dir: Path
    problems: list[Problem] = field(default_factory=list)
    models: list[ScoringModel] = field(default_factory=list)
    rules: list[ScoringRule] = field(default_factory=list)
    thresholds: list[ScoreThreshold] = field(default_factory=list)
    grade_bands: list[FitGradeBand] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.severity == WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors

    def verdict(self) -> str:
        active_models = [model for model in self.models if model.is_active]
        scope = (
            f"{len(active_models)} active model(s), "
            f"{sum(1 for rule in self.rules if rule.is_active)} active rule(s)"
        )
        if self.errors:
            return (
                f"rules check: FAILED with {len(self.errors)} error(s) and "
                f"{len(self.warnings)} warning(s) ({scope}); fix the errors before scoring"
            )
        if self.warnings:
            return f"rules check: OK with {len(self.warnings)} warning(s) ({scope})"
        return f"rules check: OK ({scope})"

    def format(self) -> str:
        return "\n".join([*(str(problem) for problem in self.problems), self.verdict()])

    def raise_for_errors(self) -> None:
        if self.errors:
            raise RulesError(self)


def _display_path(path: Path) -> str:
    """seeds/scoring_rules.csv for the project's seeds (as dbt says it), else the path."""
    resolved = path.resolve()
    for base in (PROJECT_ROOT, Path.cwd()):
        try:
            return str(resolved.relative_to(base.resolve()))
        except ValueError:
            continue
    return str(path)


@dataclass
class _Row:
    values: dict[str, str | None]
    line: int

    def get(self, column: str) -> str | None:
        return self.values.get(column)


def _read_csv(path: Path) -> tuple[list[str], list[_Row]]:
    """Rows as dicts of trimmed text, None for empty (and 'null'), as dbt's seed loader reads."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        try:
            header = [name.strip().lower() for name in next(reader)]
        except StopIteration:
            return [], []
        rows: list[_Row] = []
        for values in reader:
            if not any(value.strip() for value in values):
                continue
            row: dict[str, str | None] = {}
            for index, name in enumerate(header):
                value = values[index].strip() if index < len(values) else ""
                row[name] = None if value == "" or value.lower() == "null" else value
            rows.append(_Row(row, reader.line_num))
    return header, rows


class _RowCheck:
    """The problems of one seed row, in the order the dbt-side validator finds them."""

    def __init__(self) -> None:
        self.problems: list[tuple[str, str | None]] = []

    def add(self, message: str, column: str | None = None) -> None:
        self.problems.append((message, column))

    def text(self, row: _Row, column: str, required: bool = False) -> str | None:
        value = row.get(column)
        if value is None and required:
            self.add(f"{column} is required", column)
        return value

    def identifier(self, row: _Row, column: str) -> str | None:
        value = row.get(column)
        if value is None:
            self.add(f"{column} is required", column)
            return None
        if not _IDENTIFIER_RE.match(value):
            self.add(
                f"{column} must be lowercase letters, digits and underscores starting with a "
                f"letter, got '{value}'",
                column,
            )
        return value

    def model_id(self, row: _Row, model_ids: list[str | None]) -> str | None:
        """The row's model_id: an identifier, and one of the models in scoring_models."""
        model_id = self.identifier(row, "model_id")
        if model_id and model_id not in model_ids:
            self.add(f"model_id '{model_id}' is not in seeds/scoring_models.csv", "model_id")
        return model_id

    def choice(self, row: _Row, column: str, choices: Sequence[str]) -> str | None:
        value = (row.get(column) or "").lower()
        if value not in choices:
            self.add(
                f"{column} must be one of {', '.join(choices)}, got '{row.get(column) or ''}'",
                column,
            )
            return None
        return value

    def boolean(self, row: _Row, column: str) -> bool:
        value = (row.get(column) or "").lower()
        if value not in ("true", "false"):
            self.add(f"{column} must be true or false, got '{row.get(column) or ''}'", column)
            return False
        return value == "true"

    def date(self, row: _Row, column: str) -> datetime.date | None:
        value = row.get(column) or ""
        if not _DATE_RE.match(value):
            self.add(f"{column} must be a date written YYYY-MM-DD, got '{value}'", column)
            return None
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            self.add(f"{column} must be a date written YYYY-MM-DD, got '{value}'", column)
            return None

    def number(
        self,
        row: _Row,
        column: str,
        *,
        required: bool = True,
        integer: bool = False,
        minimum: float | None = None,
        minimum_exclusive: float | None = None,
        maximum: float | None = None,
        maximum_exclusive: float | None = None,
    ) -> str | None:
        """The number as text (as written), or None when missing or malformed."""
        value = row.get(column)
        if value is None:
            if required:
                self.add(f"{column} is required", column)
            return None
        if integer and _WHOLE_DECIMAL_RE.match(value):
            value = value.split(".")[0]
        if not (_INTEGER_RE if integer else _NUMBER_RE).match(value):
            kind = "a whole number" if integer else "a number"
            self.add(f"{column} must be {kind}, got '{value}'", column)
            return None
        number = float(value)
        if minimum is not None and number < minimum:
            self.add(f"{column} must be at least {_fmt(minimum)}, got {value}", column)
        elif minimum_exclusive is not None and number <= minimum_exclusive:
            self.add(f"{column} must be above {_fmt(minimum_exclusive)}, got {value}", column)
        elif maximum is not None and number > maximum:
            self.add(f"{column} must be at most {_fmt(maximum)}, got {value}", column)
        elif maximum_exclusive is not None and number >= maximum_exclusive:
            self.add(f"{column} must be below {_fmt(maximum_exclusive)}, got {value}", column)
        return value


def _fmt(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)


def _as_float(value: str | None) -> float | None:
    return float(value) if value is not None else None


class _SeedChecker:
    def __init__(self, seeds_dir: Path, language: RuleLanguage, today: datetime.date) -> None:
        self.seeds_dir = seeds_dir
        self.language = language
        self.today = today
        self.report = RuleCheckReport(seeds_dir=seeds_dir)

    # -- helpers -------------------------------------------------------------------------

    def path(self, seed: str) -> Path:
        return self.seeds_dir / SEED_FILES[seed]

    def shown(self, seed: str) -> str:
        return _display_path(self.path(seed))

    def add(
        self,
        severity: Severity,
        seed: str,
        message: str,
        *,
        row_key: str = "",
        column: str | None = None,
        model_id: str | None = None,
        rule_id: str | None = None,
        line: int | None = None,
    ) -> None:
        self.report.problems.append(
            Problem(
                severity=severity,
                seed_file=self.shown(seed),
                message=message,
                row_key=row_key,
                column=column,
                model_id=model_id,
                rule_id=rule_id,
                line=line,
            )
        )

    def flush(
        self,
        check: _RowCheck,
        seed: str,
        row_key: str,
        row: _Row,
        model_id: str | None,
        rule_id: str | None = None,
    ) -> None:
        for message, column in check.problems:
            self.add(
                ERROR,
                seed,
                message,
                row_key=row_key,
                column=column,
                model_id=model_id,
                rule_id=rule_id,
                line=row.line,
            )

    def read(self, seed: str) -> list[_Row] | None:
        path = self.path(seed)
        if not path.exists():
            self.add(ERROR, seed, "the seed file is missing")
            return None
        try:
            header, rows = _read_csv(path)
        except (OSError, UnicodeDecodeError, csv.Error) as error:
            self.add(ERROR, seed, f"could not be read: {error}")
            return None
        missing = [column for column in SEED_COLUMNS[seed] if column not in header]
        if missing:
            self.add(ERROR, seed, "missing column(s) in the header: " + ", ".join(missing))
        return rows

    def compile(self, text: str, subject: str) -> tuple[CompiledCondition | None, str | None]:
        try:
            return compile_condition(text, subject, self.language), None
        except ConditionError as error:
            return None, str(error)

    # -- the seeds, in the dbt-side validator's order ---------------------------------------

    def run(self) -> RuleCheckReport:
        event_rows = self.read("event_types") or []
        known_event_types = [row.get("event_type") or "" for row in event_rows]
        model_ids = self.check_models()
        self.check_rules(model_ids, known_event_types)
        self.check_thresholds(model_ids)
        self.check_grade_bands(model_ids)
        if not self.report.errors:
            _Smells(self).run()
        return self.report

    def check_models(self) -> list[str | None]:
        model_ids: list[str | None] = []
        for row in self.read("scoring_models") or []:
            row_key = f"model '{row.get('model_id') or '?'}'"
            check = _RowCheck()
            model_id = check.identifier(row, "model_id")
            if model_id in model_ids:
                check.add("model_id is defined twice", "model_id")
            model_name = check.text(row, "model_name", required=True)
            is_active = check.boolean(row, "is_active")
            priority = check.number(row, "assignment_priority", integer=True)
            fit_cap = check.number(row, "fit_cap", minimum_exclusive=0)
            engagement_cap = check.number(row, "engagement_cap", minimum_exclusive=0)
            negative_floor = check.number(row, "negative_floor", maximum=0)
            inbound = check.number(row, "inbound_engagement_weight", minimum=0)
            outbound = check.number(row, "outbound_engagement_weight", minimum=0)
            reviewed = check.date(row, "last_reviewed_on")
            description = check.text(row, "description")
            condition = row.get("assignment_condition") or ""
            compiled, error = self.compile(condition, "lead")
            if error:
                check.add(f"assignment_condition: {error}", "assignment_condition")
            self.flush(check, "scoring_models", row_key, row, model_id)
            model_ids.append(model_id)
            self.report.models.append(
                ScoringModel(
                    model_id=model_id,
                    model_name=model_name,
                    is_active=is_active,
                    assignment_priority=int(priority) if priority is not None else None,
                    assignment_condition=row.get("assignment_condition"),
                    compiled_assignment=compiled,
                    fit_cap=_as_float(fit_cap),
                    engagement_cap=_as_float(engagement_cap),
                    negative_floor=_as_float(negative_floor),
                    inbound_engagement_weight=_as_float(inbound),
                    outbound_engagement_weight=_as_float(outbound),
                    last_reviewed_on=reviewed,
                    description=description,
                    line=row.line,
                )
            )
        if not any(model.is_active for model in self.report.models):
            self.add(
                ERROR,
                "scoring_models",
                "no active model (set is_active to true on at least one)",
            )
        return model_ids

    def check_rules(self, model_ids: list[str | None], known_event_types: list[str]) -> None:
        rule_keys: list[str] = []
        for row in self.read("scoring_rules") or []:
            row_key = f"rule '{row.get('rule_id') or '?'}' (model '{row.get('model_id') or '?'}')"
            check = _RowCheck()
            model_id = check.model_id(row, model_ids)
            rule_id = check.identifier(row, "rule_id")
            if f"{model_id}|{rule_id}" in rule_keys:
                check.add("rule_id is defined twice in this model", "rule_id")
            category = check.choice(row, "category", CATEGORIES)
            subject = check.choice(row, "subject", SUBJECTS)
            is_event = subject == "event"
            if category == "engagement" and subject and not is_event:
                check.add(
                    "engagement rules score behaviour, so subject must be 'event', not "
                    f"'{subject}'",
                    "subject",
                )
            elif category == "fit" and is_event:
                check.add(
                    "fit rules describe who the lead is, so subject must be 'lead' or "
                    "'account', not 'event'",
                    "subject",
                )

            event_type = (row.get("event_type") or "").strip().lower()
            if is_event and event_type == "":
                check.add("event rules need an event_type", "event_type")
            elif is_event and event_type not in known_event_types:
                check.add(
                    f"unknown event_type '{row.get('event_type')}' (known: "
                    + ", ".join(sorted(known_event_types))
                    + ")",
                    "event_type",
                )
            elif not is_event and event_type != "":
                check.add("event_type is only for subject 'event'", "event_type")

            condition = (row.get("condition") or "").strip()
            compiled: CompiledCondition | None = None
            if condition == "" and subject and not is_event:
                check.add(f"{subject} rules need a condition", "condition")
            elif condition != "" and subject:
                compiled, error = self.compile(condition, subject)
                if error:
                    check.add(f"condition: {error}", "condition")

            points = check.number(row, "points")
            if points and category == "negative" and float(points) >= 0:
                check.add(f"negative rules need points below zero, got {points}", "points")
            elif points and category in ("fit", "engagement") and float(points) <= 0:
                check.add(
                    f"{category} rules need points above zero, got {points} (use category "
                    "'negative' to subtract)",
                    "points",
                )

            if not is_event:
                for column in EVENT_ONLY_COLUMNS:
                    if (row.get(column) or "").strip() != "":
                        check.add(
                            f"{column} only applies to subject 'event' (a {subject or '?'} "
                            "rule fires once)",
                            column,
                        )
            max_occurrences = check.number(
                row, "max_occurrences", required=False, integer=True, minimum=1
            )
            repeat_multiplier = check.number(
                row, "repeat_multiplier", required=False, minimum_exclusive=0, maximum=1
            )
            rule_cap = check.number(row, "rule_cap", required=False)
            if rule_cap and points and float(rule_cap) * float(points) <= 0:
                check.add(f"rule_cap must have the same sign as points, got {rule_cap}", "rule_cap")

            decay_method = (row.get("decay_method") or "none").strip().lower()
            if decay_method not in DECAY_METHODS:
                check.add(
                    f"unknown decay_method '{row.get('decay_method')}' (known: "
                    + ", ".join(DECAY_METHODS)
                    + ")",
                    "decay_method",
                )
            elif decay_method != "none" and not is_event:
                check.add("decay_method only applies to subject 'event'", "decay_method")
            decay_days = check.number(
                row,
                "decay_days",
                required=decay_method in ("exponential", "linear", "step", "window"),
                minimum_exclusive=0,
            )
            if decay_method == "none" and decay_days:
                check.add("decay_days is set but decay_method is 'none'", "decay_days")
            step_multiplier = check.number(
                row,
                "decay_step_multiplier",
                required=decay_method == "step",
                minimum=0,
                maximum_exclusive=1,
            )
            if decay_method != "step" and step_multiplier:
                check.add(
                    "decay_step_multiplier only applies to decay_method 'step'",
                    "decay_step_multiplier",
                )
            is_active = check.boolean(row, "is_active")
            description = check.text(row, "description")

            self.flush(check, "scoring_rules", row_key, row, model_id, rule_id)
            rule_keys.append(f"{model_id}|{rule_id}")
            self.report.rules.append(
                ScoringRule(
                    model_id=model_id,
                    rule_id=rule_id,
                    category=category,
                    subject=subject,
                    event_type=event_type if is_event else None,
                    condition=condition or None,
                    compiled=compiled,
                    points=_as_float(points),
                    max_occurrences=int(max_occurrences) if max_occurrences else None,
                    repeat_multiplier=float(repeat_multiplier) if repeat_multiplier else 1.0,
                    rule_cap=_as_float(rule_cap),
                    decay_method=decay_method,
                    decay_days=_as_float(decay_days),
                    decay_step_multiplier=_as_float(step_multiplier),
                    is_active=is_active,
                    description=description,
                    line=row.line,
                )
            )

    def check_thresholds(self, model_ids: list[str | None]) -> None:
        keys: list[str] = []
        for row in self.read("score_thresholds") or []:
            row_key = f"stage '{row.get('stage') or '?'}' (model '{row.get('model_id') or '?'}')"
            check = _RowCheck()
            model_id = check.model_id(row, model_ids)
            stage = check.identifier(row, "stage")
            if stage == "none":
                check.add("stage 'none' is reserved for leads below every threshold", "stage")
            if f"{model_id}|{stage}" in keys:
                check.add("stage is defined twice for this model", "stage")
            keys.append(f"{model_id}|{stage}")
            minimum = check.number(row, "min_total_score", minimum_exclusive=0)
            description = check.text(row, "description")
            self.flush(check, "score_thresholds", row_key, row, model_id)
            self.report.thresholds.append(
                ScoreThreshold(model_id, stage, _as_float(minimum), description, row.line)
            )

    def check_grade_bands(self, model_ids: list[str | None]) -> None:
        keys: list[str] = []
        for row in self.read("fit_grade_bands") or []:
            row_key = (
                f"grade '{row.get('fit_grade') or '?'}' (model '{row.get('model_id') or '?'}')"
            )
            check = _RowCheck()
            model_id = check.model_id(row, model_ids)
            fit_grade = check.text(row, "fit_grade", required=True)
            if f"{model_id}|{fit_grade}" in keys:
                check.add("grade is defined twice for this model", "fit_grade")
            keys.append(f"{model_id}|{fit_grade}")
            minimum = check.number(row, "min_fit_score", minimum=0)
            self.flush(check, "fit_grade_bands", row_key, row, model_id)
            self.report.grade_bands.append(
                FitGradeBand(model_id, fit_grade, _as_float(minimum), row.line)
            )
        for model in self.report.models:
            if not model.is_active:
                continue
            if not any(
                band.model_id == model.model_id and band.min_fit_score == 0
                for band in self.report.grade_bands
            ):
                self.add(
                    ERROR,
                    "fit_grade_bands",
                    f"model '{model.model_id}' needs a grade with min_fit_score 0 so every lead "
                    "gets a grade",
                    model_id=model.model_id,
                )


# --------------------------------------------------------------------------------------------
# Smells: valid seeds that are probably not what marketing ops meant
# --------------------------------------------------------------------------------------------


def rule_max_points(rule: ScoringRule, model: ScoringModel) -> float:
    """The most a rule can add for one lead (absolute value; inf when unbounded).

    Lead and account rules fire once. Event rules add points * repeat_multiplier^(k-1) for the
    k-th most recent event up to max_occurrences, at most rule_cap, times the model's largest
    direction weight for engagement; decay only ever lowers this.
    """
    points = abs(rule.points or 0.0)
    if rule.subject != "event":
        return points
    ratio = rule.repeat_multiplier
    if rule.max_occurrences is not None:
        repeats = sum(ratio**k for k in range(rule.max_occurrences))
    elif ratio < 1:
        repeats = 1 / (1 - ratio)
    else:
        repeats = math.inf
    weight = 1.0
    if rule.category == "engagement":
        weight = max(
            1.0,
            model.inbound_engagement_weight or 0.0,
            model.outbound_engagement_weight or 0.0,
        )
    total = points * repeats * weight
    if rule.rule_cap is not None:
        total = min(total, abs(rule.rule_cap))
    return total


class _Smells:
    def __init__(self, checker: _SeedChecker) -> None:
        self.checker = checker
        self.report = checker.report

    def warn(
        self,
        seed: str,
        message: str,
        *,
        row_key: str = "",
        model_id: str | None = None,
        rule_id: str | None = None,
        line: int | None = None,
        column: str | None = None,
    ) -> None:
        self.checker.add(
            WARNING,
            seed,
            message,
            row_key=row_key,
            model_id=model_id,
            rule_id=rule_id,
            line=line,
            column=column,
        )

    def run(self) -> None:
        active_models = [model for model in self.report.models if model.is_active]
        for model in active_models:
            rules = [
                rule
                for rule in self.report.rules
                if rule.model_id == model.model_id and rule.is_active
            ]
            self.rule_count(model, rules)
            self.duplicates(rules)
            self.scale(model, rules)
            self.thresholds(model)
            self.grades(model)
            self.review_date(model)
        self.assignment(active_models)

    def rule_count(self, model: ScoringModel, rules: list[ScoringRule]) -> None:
        row_key = f"model '{model.model_id}'"
        if len(rules) > MAX_RULES_PER_MODEL:
            self.warn(
                "scoring_rules",
                f"{len(rules)} active rules in one model (more than {MAX_RULES_PER_MODEL}): "
                "hard to explain and to maintain; merge or retire some",
                row_key=row_key,
                model_id=model.model_id,
            )
        if not any(rule.category == "negative" for rule in rules):
            self.warn(
                "scoring_rules",
                "no active negative rules: nothing lowers the score of students, competitors, "
                "job seekers or unsubscribed leads",
                row_key=row_key,
                model_id=model.model_id,
            )

    def duplicates(self, rules: list[ScoringRule]) -> None:
        seen: dict[tuple[str | None, str | None, str], ScoringRule] = {}
        for rule in rules:
            condition = rule.compiled.canonical if rule.compiled else ""
            key = (rule.subject, rule.event_type, condition)
            first = seen.get(key)
            if first is None:
                seen[key] = rule
                continue
            what = f"subject {rule.subject}" + (
                f", event_type {rule.event_type}" if rule.event_type else ""
            )
            what += f", condition {rule.condition!r}" if rule.condition else ", no condition"
            if first.category == rule.category:
                message = (
                    f"duplicates rule '{first.rule_id}' ({what}): a lead meeting it is counted "
                    "twice"
                )
            else:
                message = (
                    f"is shadowed by rule '{first.rule_id}' ({what}), a {first.category} rule: "
                    "both always fire together, so their points just net out"
                )
            self.warn(
                "scoring_rules",
                message,
                row_key=rule.key,
                model_id=rule.model_id,
                rule_id=rule.rule_id,
                line=rule.line,
            )

    def scale(self, model: ScoringModel, rules: list[ScoringRule]) -> None:
        row_key = f"model '{model.model_id}'"
        caps = {"fit": model.fit_cap or 0.0, "engagement": model.engagement_cap or 0.0}
        reachable: dict[str, float] = {}
        for category, cap in caps.items():
            total = sum(rule_max_points(rule, model) for rule in rules if rule.category == category)
            reachable[category] = min(cap, total)
            if total < cap:
                self.warn(
                    "scoring_rules",
                    f"{category} rules add up to at most {_points(total)} points, below the "
                    f"model's {category}_cap of {_points(cap)}: the top of the scale is "
                    "unreachable",
                    row_key=row_key,
                    model_id=model.model_id,
                )
        best = reachable["fit"] + reachable["engagement"]
        thresholds = [
            threshold
            for threshold in self.report.thresholds
            if threshold.model_id == model.model_id and threshold.min_total_score is not None
        ]
        if not thresholds:
            return
        highest = max(thresholds, key=lambda threshold: threshold.min_total_score or 0.0)
        lowest = min(thresholds, key=lambda threshold: threshold.min_total_score or 0.0)
        if (highest.min_total_score or 0.0) > best:
            self.warn(
                "score_thresholds",
                f"threshold '{highest.stage}' ({_points(highest.min_total_score or 0.0)}) is "
                f"unreachable: the model's rules can score at most {_points(best)}",
                row_key=f"stage '{highest.stage}' (model '{model.model_id}')",
                model_id=model.model_id,
                line=highest.line,
            )
        for rule in rules:
            if rule.category not in caps:
                continue
            alone = min(rule_max_points(rule, model), caps[rule.category])
            if alone >= (lowest.min_total_score or 0.0):
                self.warn(
                    "scoring_rules",
                    f"this rule alone gives up to {_points(alone)} points, enough for "
                    f"'{lowest.stage}' ({_points(lowest.min_total_score or 0.0)}) by itself: "
                    "the threshold is trivially reached",
                    row_key=rule.key,
                    model_id=rule.model_id,
                    rule_id=rule.rule_id,
                    line=rule.line,
                )

    def thresholds(self, model: ScoringModel) -> None:
        mine = {
            threshold.stage: threshold
            for threshold in self.report.thresholds
            if threshold.model_id == model.model_id
        }
        if not mine:
            self.warn(
                "score_thresholds",
                f"model '{model.model_id}' has no thresholds: every lead's stage is 'none'",
                model_id=model.model_id,
            )
            return
        ordered = [mine[stage] for stage in STAGE_ORDER if stage in mine]
        for lower, higher in itertools.pairwise(ordered):
            if (higher.min_total_score or 0.0) <= (lower.min_total_score or 0.0):
                self.warn(
                    "score_thresholds",
                    f"thresholds out of order: '{higher.stage}' "
                    f"({_points(higher.min_total_score or 0.0)}) must be above "
                    f"'{lower.stage}' ({_points(lower.min_total_score or 0.0)})",
                    row_key=f"stage '{higher.stage}' (model '{model.model_id}')",
                    model_id=model.model_id,
                    line=higher.line,
                )

    def grades(self, model: ScoringModel) -> None:
        bands = sorted(
            (
                band
                for band in self.report.grade_bands
                if band.model_id == model.model_id and band.min_fit_score is not None
            ),
            key=lambda band: band.fit_grade or "",
        )
        for better, worse in itertools.pairwise(bands):
            if (better.min_fit_score or 0.0) <= (worse.min_fit_score or 0.0):
                self.warn(
                    "fit_grade_bands",
                    f"grades out of order: '{better.fit_grade}' needs "
                    f"{_points(better.min_fit_score or 0.0)} fit points, not more than "
                    f"'{worse.fit_grade}' ({_points(worse.min_fit_score or 0.0)})",
                    row_key=f"grade '{better.fit_grade}' (model '{model.model_id}')",
                    model_id=model.model_id,
                    line=better.line,
                )
        for band in bands:
            if model.fit_cap is not None and (band.min_fit_score or 0.0) > model.fit_cap:
                self.warn(
                    "fit_grade_bands",
                    f"grade '{band.fit_grade}' needs {_points(band.min_fit_score or 0.0)} fit "
                    f"points but the model's fit_cap is {_points(model.fit_cap)}: unreachable",
                    row_key=f"grade '{band.fit_grade}' (model '{model.model_id}')",
                    model_id=model.model_id,
                    line=band.line,
                )

    def review_date(self, model: ScoringModel) -> None:
        if model.last_reviewed_on is None:
            return
        age = (self.checker.today - model.last_reviewed_on).days
        if age > REVIEW_MAX_AGE_DAYS:
            self.warn(
                "scoring_models",
                f"last reviewed {age} days ago ({model.last_reviewed_on.isoformat()}): review "
                f"scoring models at least every {REVIEW_MAX_AGE_DAYS} days",
                row_key=f"model '{model.model_id}'",
                model_id=model.model_id,
                line=model.line,
                column="last_reviewed_on",
            )

    def assignment(self, models: list[ScoringModel]) -> None:
        ranked = sorted(
            models, key=lambda model: (model.assignment_priority or 0, model.model_id or "")
        )
        for index, model in enumerate(ranked):
            row_key = f"model '{model.model_id}'"
            for earlier in ranked[:index]:
                if earlier.assignment_priority == model.assignment_priority:
                    self.warn(
                        "scoring_models",
                        f"same assignment_priority ({model.assignment_priority}) as model "
                        f"'{earlier.model_id}': leads matching both go to the first by model_id",
                        row_key=row_key,
                        model_id=model.model_id,
                        line=model.line,
                    )
                    break
            catch_all = next(
                (
                    earlier
                    for earlier in ranked[:index]
                    if earlier.compiled_assignment is not None
                    and earlier.compiled_assignment.canonical == "true"
                    and earlier.assignment_priority != model.assignment_priority
                ),
                None,
            )
            if catch_all is not None:
                self.warn(
                    "scoring_models",
                    f"no lead is ever assigned to this model: model '{catch_all.model_id}' "
                    f"(assignment_priority {catch_all.assignment_priority}) takes every lead "
                    "first; give this model a lower assignment_priority",
                    row_key=row_key,
                    model_id=model.model_id,
                    line=model.line,
                )


def _points(value: float) -> str:
    if math.isinf(value):
        return "unlimited"
    return _fmt(round(value, 2))


# --------------------------------------------------------------------------------------------
# Entry points
# --------------------------------------------------------------------------------------------


def default_seeds_dir() -> Path:
    return PROJECT_ROOT / "seeds"


def check_rules(
    seeds_dir: Path | None = None,
    *,
    project_file: Path | None = None,
    language: RuleLanguage | None = None,
    today: datetime.date | None = None,
) -> RuleCheckReport:
    """Validate the rule seeds in seeds_dir (default: the project's) without any warehouse.

    Returns every problem at once; `report.raise_for_errors()` raises RulesError if any is an
    error. The orchestration and `leadscore build` call this before dbt.
    """
    directory = Path(seeds_dir) if seeds_dir is not None else default_seeds_dir()
    rule_language = language or RuleLanguage.from_project(project_file)
    checker = _SeedChecker(directory, rule_language, today or datetime.date.today())
    return checker.run()


def compiled_conditions(report: RuleCheckReport) -> Iterator[tuple[str, CompiledCondition]]:
    """Every compiled condition in a report: ('model <id>' or 'rule <model>.<id>', condition)."""
    for model in report.models:
        if model.compiled_assignment is not None:
            yield f"model {model.model_id}", model.compiled_assignment
    for rule in report.rules:
        if rule.compiled is not None:
            yield f"rule {rule.model_id}.{rule.rule_id}", rule.compiled

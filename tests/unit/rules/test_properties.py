"""Properties: any accepted condition compiles to SQL that DuckDB runs, and means what it says;
no text crashes the compiler; the documented error messages are the real ones."""

from __future__ import annotations

import random
from collections.abc import Iterator, Mapping

import duckdb
import pytest
import sqlglot
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlglot.errors import ErrorLevel

from leadscore import rules
from leadscore.paths import PROJECT_ROOT
from leadscore.rules import DIALECTS, ConditionError, compile_condition
from tests.unit.rules.bad_rules import LANGUAGE, SQL_TYPES

ALL_COLUMNS: dict[str, str] = {
    name: value_type
    for subject_columns in LANGUAGE.columns.values()
    for name, value_type in subject_columns.items()
}
TEXT_POOL = ("vp", "VP", "US", "software", "/pricing", "/docs/faq", "o'neil", "%", "_", "", "a%b")
NUMBER_POOL = ("0", "1", "50", "200", "999", "1000", "2.5", "50000000")


def rule_input_rows() -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    texts = [*TEXT_POOL, "Vice President", "Director of Ops", None]
    for index in range(12):
        row: dict[str, object] = {}
        for offset, (name, value_type) in enumerate(sorted(ALL_COLUMNS.items())):
            pick = (index * 7 + offset * 3) % 13
            if pick == 12:
                row[name] = None
            elif value_type == "string":
                row[name] = texts[pick % len(texts)]
            elif value_type == "number":
                row[name] = float(NUMBER_POOL[pick % len(NUMBER_POOL)])
            else:
                row[name] = pick % 2 == 0
        row["row_id"] = index
        rows.append(row)
    return rows


def rule_input_table() -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect(":memory:")
    columns = ", ".join(f"{name} {SQL_TYPES[kind]}" for name, kind in sorted(ALL_COLUMNS.items()))
    connection.execute(f"create table rule_input (row_id integer, {columns})")
    names = ["row_id", *sorted(ALL_COLUMNS)]
    placeholders = ", ".join("?" for _ in names)
    connection.executemany(
        f"insert into rule_input ({', '.join(names)}) values ({placeholders})",
        [[row[name] for name in names] for row in rule_input_rows()],
    )
    return connection


def _keyword(rng: random.Random, word: str) -> str:
    return rng.choice((word, word.upper(), word.capitalize()))


def _space(rng: random.Random) -> str:
    return rng.choice((" ", " ", " ", "  ", "\t", "\n "))


def _text_literal(rng: random.Random) -> str:
    if rng.random() < 0.7:
        value = rng.choice(TEXT_POOL)
    else:
        value = "".join(rng.choice("abcXYZ %_'-/.,;()=é") for _ in range(rng.randint(0, 8)))
    return "'" + value.replace("'", "''") + "'"


def _literal(rng: random.Random, value_type: str) -> str:
    if value_type == "string":
        return _text_literal(rng)
    if value_type == "number":
        return rng.choice(NUMBER_POOL)
    return _keyword(rng, rng.choice(("true", "false")))


def _value(rng: random.Random, columns: Mapping[str, str], value_type: str, depth: int) -> str:
    """A value of one type that reads a column: a column, or a function over one."""
    candidates = [name for name, kind in columns.items() if kind == value_type]
    functions = [spec for spec in LANGUAGE.functions.values() if spec.returns == value_type]
    string_columns = [name for name, kind in columns.items() if kind == "string"]
    if functions and string_columns and depth < 3 and (not candidates or rng.random() < 0.3):
        spec = rng.choice(functions)
        return f"{spec.name}({_value(rng, columns, spec.argument, depth + 1)})"
    if not candidates:
        raise LookupError(value_type)
    name = rng.choice(candidates)
    return rng.choice((name, name.upper())) if rng.random() < 0.2 else name


def _predicate(rng: random.Random, columns: Mapping[str, str], depth: int) -> str:
    value_type = rng.choice(sorted({kind for kind in columns.values()}))
    left = _value(rng, columns, value_type, depth)
    choice = rng.random()
    if value_type == "boolean" and choice < 0.3:
        return left
    if choice < 0.45:
        operator = rng.choice(("=", "<>", "!=", "<", "<=", ">", ">="))
        right = _literal(rng, value_type)
        return (
            f"{right}{_space(rng)}{operator}{_space(rng)}{left}"
            if rng.random() < 0.2
            else (f"{left}{_space(rng)}{operator}{_space(rng)}{right}")
        )
    if choice < 0.6 and value_type != "boolean":
        items = ", ".join(_literal(rng, value_type) for _ in range(rng.randint(1, 4)))
        negate = _keyword(rng, "not") + " " if rng.random() < 0.3 else ""
        return f"{left} {negate}{_keyword(rng, 'in')} ({items})"
    if choice < 0.75 and value_type == "string":
        keyword = _keyword(rng, rng.choice(("like", "ilike")))
        negate = _keyword(rng, "not") + " " if rng.random() < 0.3 else ""
        return f"{left} {negate}{keyword} {_text_literal(rng)}"
    if choice < 0.85 and value_type != "boolean":
        negate = _keyword(rng, "not") + " " if rng.random() < 0.3 else ""
        low, high = _literal(rng, value_type), _literal(rng, value_type)
        return f"{left} {negate}{_keyword(rng, 'between')} {low} {_keyword(rng, 'and')} {high}"
    test = _keyword(rng, "is") + (" " + _keyword(rng, "not") if rng.random() < 0.5 else "")
    return f"{left} {test} {_keyword(rng, 'null')}"


def random_condition(rng: random.Random, subject: str, depth: int = 0) -> str:
    """A condition in the language (so the checker must accept it), of random shape."""
    columns = LANGUAGE.columns[subject]
    roll = rng.random()
    if depth >= 3 or roll < 0.4:
        return _predicate(rng, columns, depth)
    if roll < 0.75:
        joiner = _keyword(rng, rng.choice(("and", "or")))
        left = random_condition(rng, subject, depth + 1)
        right = random_condition(rng, subject, depth + 1)
        return f"{left}{_space(rng)}{joiner}{_space(rng)}{right}"
    if roll < 0.87:
        return f"{_keyword(rng, 'not')} ({random_condition(rng, subject, depth + 1)})"
    return f"({_space(rng)}{random_condition(rng, subject, depth + 1)}{_space(rng)})"


SOUP = (
    "seniority", "employee_count", "is_unsubscribed", "page_path", "job_title", "lower", "length",
    "trim", "upper", "and", "or", "not", "in", "like", "ilike", "between", "is", "null", "true",
    "false", "=", "<>", "!=", "<", ">=", "(", ")", ",", "'vp'", "'%x%'", "200", "2.5", "0",
    ";", "--", "/*", "select", "drop", "::", "$1", "?", '"x"', "*", "-", ".", "||", "x", "e5",
    "'", "cast", "exists", "case", "#", "[", "]", "..", "1e5", ".5",
)  # fmt: skip


def random_soup(rng: random.Random) -> str:
    """Random tokens of the language and of SQL around it; mostly not a condition."""
    return " ".join(rng.choice(SOUP) for _ in range(rng.randint(1, 9)))


def random_mutant(rng: random.Random, subject: str) -> str:
    """A condition of the language with a random cut, insertion or swap: often still valid."""
    text = random_condition(rng, subject)
    start = rng.randrange(len(text) + 1)
    end = min(len(text), start + rng.randint(0, 12))
    roll = rng.random()
    if roll < 0.4:
        return text[:start] + text[end:]
    if roll < 0.8:
        return f"{text[:start]} {rng.choice(SOUP)} {text[start:]}"
    return text[end:] + text[start:end] + text[:start]


def compile_or_none(text: str, subject: str) -> rules.CompiledCondition | None:
    try:
        return compile_condition(text, subject, LANGUAGE)
    except ConditionError as error:
        assert str(error), "every refusal has a reason"
        return None


def matching_rows(connection: duckdb.DuckDBPyConnection, where: str) -> list[int]:
    rows = connection.execute(f"select row_id from rule_input where {where} order by 1").fetchall()
    return [row_id for (row_id,) in rows]


@pytest.fixture(scope="module")
def rule_input() -> Iterator[duckdb.DuckDBPyConnection]:
    connection = rule_input_table()
    yield connection
    connection.close()


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rng=st.randoms(use_true_random=False), subject=st.sampled_from(sorted(LANGUAGE.columns)))
def test_property_conditions_of_the_language_compile_and_run(
    rule_input: duckdb.DuckDBPyConnection, rng: random.Random, subject: str
) -> None:
    text = random_condition(rng, subject)
    compiled = compile_condition(text, subject, LANGUAGE)
    # It runs on DuckDB and selects exactly the rows DuckDB selects for the text as written
    # (the language is a subset of DuckDB's SQL, so the text itself is a valid where clause).
    assert matching_rows(rule_input, compiled.sql("duckdb")) == matching_rows(rule_input, text)
    for dialect in DIALECTS:
        sqlglot.parse(compiled.sql(dialect), read=dialect, error_level=ErrorLevel.RAISE)


@settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rng=st.randoms(use_true_random=False), subject=st.sampled_from(sorted(LANGUAGE.columns)))
def test_property_anything_accepted_runs_on_duckdb(
    rule_input: duckdb.DuckDBPyConnection, rng: random.Random, subject: str
) -> None:
    text = random_soup(rng) if rng.random() < 0.5 else random_mutant(rng, subject)
    compiled = compile_or_none(text, subject)  # never raises anything but ConditionError
    if compiled is not None:
        matching_rows(rule_input, compiled.sql("duckdb"))
        for dialect in DIALECTS:
            compiled.sql(dialect)


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=60))
def test_property_arbitrary_text_never_crashes_the_checker(text: str) -> None:
    compiled = compile_or_none(text, "lead")
    if compiled is not None:
        rule_input_table().execute(f"select count(*) from rule_input where {compiled.sql()}")


# --------------------------------------------------------------------------------------------
# docs/rules.md: every condition error example gives the message the docs print
# --------------------------------------------------------------------------------------------


def documented_condition_errors() -> list[tuple[str, str, str]]:
    """(subject, condition, message) from the `subject: condition` / `→ message` block."""
    text = (PROJECT_ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    block = text.split("### Conditions", 1)[1].split("```text\n", 1)[1].split("```", 1)[0]
    lines = block.splitlines()
    examples = []
    for condition_line, message_line in zip(lines[::2], lines[1::2], strict=True):
        subject, _, condition = condition_line.partition(":")
        assert message_line.startswith("  → "), message_line
        examples.append((subject, condition.strip(), message_line.removeprefix("  → ")))
    return examples


def test_documented_condition_errors_are_the_real_messages() -> None:
    examples = documented_condition_errors()
    assert len(examples) >= 40
    for subject, condition, message in examples:
        if "..." in condition:  # an abbreviated example (the over-long condition)
            condition = "seniority in (" + ", ".join(["'vp'"] * 100) + ")"
        with pytest.raises(ConditionError) as refused:
            compile_condition(condition, subject, LANGUAGE)
        assert str(refused.value) == message, condition

"""The demo generator's vocabulary against the seeds that score it (no warehouse needed).

The scoring seeds name event types, lead sources, email domains, industries, countries,
page paths, content titles, job-title words and seniorities; the generator
(leadscore/demo/vocabulary.py) has to produce exactly those values, or rules silently stop
firing on the demo data. Renaming a value on one side only fails here.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Collection

import numpy as np
import sqlglot
from sqlglot import exp

from leadscore.demo import entities, events, names, vocabulary
from leadscore.paths import PROJECT_ROOT

SEEDS = PROJECT_ROOT / "seeds"
# The characters macros/cross_db/normalized_title.sql turns into spaces before matching
# seeds/title_seniority_patterns.csv.
TITLE_PUNCTUATION = ",.-/&()|:;"
# Values a seed names that the generator does not produce, on purpose or until fixed; each
# entry must still be a gap (the test fails once the generator produces the value).
KNOWN_GAPS = {
    # No routing guide among CONTENT_ASSETS: "routing" is only in a webinar title, and this
    # rule scores content_download events.
    ("scoring_rules automation.auto_eng_automation_content", "asset_name", "ilike", "%routing%"),
}


def _seed(name: str) -> list[dict[str, str]]:
    with (SEEDS / f"{name}.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _like(pattern: str, value: str, *, case_insensitive: bool = False) -> bool:
    """SQL `like` (or `ilike`): % is any run of characters, _ any one character."""
    regex = "".join(
        ".*" if char == "%" else "." if char == "_" else re.escape(char) for char in pattern
    )
    flags = re.DOTALL | (re.IGNORECASE if case_insensitive else 0)
    return re.fullmatch(regex, value, flags) is not None


def _string_comparisons(condition: str) -> list[tuple[str, str, str]]:
    """(column, operator, value) for every string literal in a rule-language condition.

    The operator is '=' (also for <> and in), 'like' or 'ilike'. A literal anywhere else
    (in a function call, compared with an expression) raises, so none goes unchecked.
    """
    found = []
    tree = sqlglot.parse_one(condition, dialect="duckdb")
    for literal in tree.find_all(exp.Literal, bfs=False):
        if not literal.is_string:
            continue
        predicate = literal.parent
        unchecked = AssertionError(f"cannot check {literal.sql()} in {condition!r}")
        if not isinstance(predicate, exp.EQ | exp.NEQ | exp.In | exp.Like | exp.ILike):
            raise unchecked
        columns = list(predicate.find_all(exp.Column))
        if len(columns) != 1 or columns[0] not in (predicate.this, predicate.expression):
            raise unchecked
        operator = {exp.Like: "like", exp.ILike: "ilike"}.get(type(predicate), "=")
        found.append((columns[0].name, operator, literal.this))
    return found


def _seniority(title: str, patterns: list[dict[str, str]]) -> str:
    """The seniority int_leads_enriched gives a title: the first matching pattern, else other."""
    normalized = title.strip().lower()
    for char in TITLE_PUNCTUATION:
        normalized = normalized.replace(char, " ")
    normalized = f" {normalized} "
    for pattern in sorted(patterns, key=lambda row: int(row["match_order"])):
        if _like(pattern["title_pattern"], normalized):
            return pattern["seniority"]
    return "other"


def _generated(column: str, event_type: str) -> Collection[str] | None:
    """The values the generator writes to a column (for asset_name: of that event type)."""
    titles = {t for title in vocabulary.TITLES for t in (title, title.lower(), title.upper())}
    patterns = _seed("title_seniority_patterns")
    assets = {
        "content_download": vocabulary.CONTENT_ASSETS,
        "webinar_registered": vocabulary.WEBINAR_TITLES,
        "webinar_attended": vocabulary.WEBINAR_TITLES,
    }
    return {
        "industry": vocabulary.INDUSTRIES,
        "country": vocabulary.COUNTRY_CODES,
        "product_interest": vocabulary.PRODUCTS,
        "lead_source": vocabulary.LEAD_SOURCES,
        "page_path": vocabulary.PAGES,
        "asset_name": assets.get(event_type, vocabulary.ASSETS),
        "job_title": titles,
        "seniority": {_seniority(title, patterns) for title in vocabulary.TITLES},
    }.get(column)


def _conditions() -> list[tuple[str, str, str]]:
    """(where, event type, condition) of every scoring-rule and model-assignment condition."""
    rules = [
        (f"scoring_rules {row['model_id']}.{row['rule_id']}", row["event_type"], row["condition"])
        for row in _seed("scoring_rules")
    ]
    models = [
        (f"scoring_models {row['model_id']}", "", row["assignment_condition"])
        for row in _seed("scoring_models")
    ]
    return [(where, etype, cond) for where, etype, cond in rules + models if cond.strip()]


def test_clean_event_types_are_in_the_seed_and_dirty_ones_are_not() -> None:
    # Clean events are written as codes into EVENT_TYPES, dirty ones into DIRTY_EVENT_TYPES.
    known = {row["event_type"] for row in _seed("event_types")}
    assert set(vocabulary.EVENT_TYPES) <= known, set(vocabulary.EVENT_TYPES) - known
    # The dirty rows must stay unknown, or the quality checks have nothing to find.
    assert not set(vocabulary.DIRTY_EVENT_TYPES) & known
    # Every event type a rule scores is one the generator emits.
    named = {row["event_type"] for row in _seed("scoring_rules") if row["event_type"]}
    assert named <= set(vocabulary.EVENT_TYPES), named - set(vocabulary.EVENT_TYPES)


def test_lead_sources_are_in_the_seed_with_their_direction() -> None:
    direction = {row["lead_source"]: row["direction"] for row in _seed("lead_sources")}
    expected = {source: "inbound" for source in vocabulary.INBOUND_SOURCES}
    expected |= {source: "outbound" for source in vocabulary.OUTBOUND_SOURCES}
    assert {source: direction.get(source) for source in expected} == expected
    assert not set(vocabulary.INBOUND_SOURCES) & set(vocabulary.OUTBOUND_SOURCES)


def test_free_email_and_competitor_domains_are_in_the_seed() -> None:
    domain_type = {row["email_domain"]: row["domain_type"] for row in _seed("email_domains")}
    expected = {domain: "free_email" for domain in vocabulary.FREE_EMAIL_DOMAINS}
    expected |= {domain: "competitor" for _, domain, _, _, _ in vocabulary.COMPETITORS}
    assert {domain: domain_type.get(domain) for domain in expected} == expected


def test_values_named_in_seed_conditions_are_generated() -> None:
    unknown_columns = []
    missing = set()
    checked = 0
    for where, event_type, condition in _conditions():
        for column, operator, value in _string_comparisons(condition):
            values = _generated(column, event_type)
            if values is None:
                unknown_columns.append(f"{where}: {column} (extend _generated)")
                continue
            checked += 1
            if operator == "=":
                found = value in values
            else:
                found = any(_like(value, v, case_insensitive=operator == "ilike") for v in values)
            if not found:
                missing.add((where, column, operator, value))
    assert not unknown_columns, "\n".join(unknown_columns)
    assert checked >= 20  # the seeds name many values; none went unexamined
    assert not missing - KNOWN_GAPS, "the generator never writes:\n" + "\n".join(
        f"  {where}: {column} {operator} {value!r}"
        for where, column, operator, value in sorted(missing - KNOWN_GAPS)
    )
    assert not KNOWN_GAPS - missing, f"no longer gaps, drop from KNOWN_GAPS: {KNOWN_GAPS - missing}"


def test_condition_parsing_finds_every_string_value() -> None:
    condition = (
        "industry in ('software', 'retail') and employee_count >= 50"
        " or page_path like '/blog/%' or job_title ilike '%ops%' or country <> 'US'"
    )
    assert _string_comparisons(condition) == [
        ("industry", "=", "software"),
        ("industry", "=", "retail"),
        ("page_path", "like", "/blog/%"),
        ("job_title", "ilike", "%ops%"),
        ("country", "=", "US"),
    ]
    assert _seniority("Sr. Director, Revenue Operations", _seed("title_seniority_patterns")) == (
        "director"
    )
    assert _like("/careers%", "/careers/sdr-team-lead")
    assert not _like("/careers_", "/careers")


def test_parallel_tables_line_up_with_their_vocabulary() -> None:
    n_industries = len(vocabulary.INDUSTRIES)
    for table in (
        entities.INDUSTRY_WEIGHTS,
        entities.INDUSTRY_SIZE_FACTOR,
        entities.INDUSTRY_REVENUE_PER_EMPLOYEE,
        entities.INDUSTRY_EFFECT,
    ):
        assert len(table) == n_industries
    assert len(names.NAME_SECOND_BY_INDUSTRY) == n_industries + 1  # + unmatched signups
    n_levels = len(vocabulary.SENIORITY_LEVELS)
    assert len(vocabulary.TITLES_BY_LEVEL) == len(entities.SENIORITY_EFFECT) == n_levels
    for probs in (
        entities.LEVEL_PROBS_BY_SIZE,
        entities.LEVEL_PROBS_FREE[None, :],
        entities.LEVEL_PROBS_UNMATCHED[None, :],
    ):
        assert probs.shape[1] == n_levels
        assert np.allclose(probs.sum(axis=1), 1.0)
    assert len(entities.FREE_EMAIL_WEIGHTS) == len(vocabulary.FREE_EMAIL_DOMAINS)
    assert set(names.LEGAL_SUFFIX_BY_COUNTRY) <= set(vocabulary.COUNTRY_CODES)
    assert len(entities.STREAM_SHARE) == len(events.STREAM_TYPE) == entities.N_STREAMS
    assert len(events.GENERAL_PAGE_WEIGHTS) == len(vocabulary.PAGES_GENERAL) + 1  # + docs
    assert set(vocabulary.TITLES) >= vocabulary.STUDENT_TITLES

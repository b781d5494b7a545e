"""Tests of the demo-warehouse generator (small sizes, fixed seeds: nothing can flake)."""

from __future__ import annotations

import argparse
import datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest

from leadscore import demo
from leadscore.demo import (
    GenerationSummary,
    GeneratorConfig,
    generate,
    sampling,
    vocabulary,
    writer,
)

END = datetime.date(2026, 11, 20)
END_TS = datetime.datetime(2026, 11, 20, 23, 59, 59)
TABLES = ("accounts", "leads", "events", "opportunities")
CONTRACT = {
    "accounts": [
        ("account_id", "VARCHAR"),
        ("name", "VARCHAR"),
        ("domain", "VARCHAR"),
        ("industry", "VARCHAR"),
        ("employee_count", "INTEGER"),
        ("annual_revenue", "DOUBLE"),
        ("country", "VARCHAR"),
    ],
    "leads": [
        ("lead_id", "VARCHAR"),
        ("account_id", "VARCHAR"),
        ("email", "VARCHAR"),
        ("job_title", "VARCHAR"),
        ("lead_source", "VARCHAR"),
        ("created_at", "TIMESTAMP"),
        ("unsubscribed_at", "TIMESTAMP"),
        ("product_interest", "VARCHAR"),
    ],
    "events": [
        ("event_id", "VARCHAR"),
        ("lead_id", "VARCHAR"),
        ("event_type", "VARCHAR"),
        ("occurred_at", "TIMESTAMP"),
        ("page_path", "VARCHAR"),
        ("asset_name", "VARCHAR"),
        ("campaign_id", "VARCHAR"),
    ],
    "opportunities": [
        ("opportunity_id", "VARCHAR"),
        ("account_id", "VARCHAR"),
        ("lead_id", "VARCHAR"),
        ("product_line", "VARCHAR"),
        ("created_at", "TIMESTAMP"),
        ("closed_at", "TIMESTAMP"),
        ("stage", "VARCHAR"),
        ("amount", "DOUBLE"),
    ],
}
CLEAN_TYPES = (
    "('email_open', 'email_click', 'page_view', 'content_download', 'webinar_registered', "
    "'webinar_attended', 'demo_request', 'form_submit', 'unsubscribe')"
)


def _make(path: Path, **overrides: Any) -> tuple[Path, GenerationSummary]:
    settings: dict[str, Any] = {"leads": 1500, "seed": 11, "end_date": END, "database": path}
    settings.update(overrides)
    return path, generate(GeneratorConfig(**settings))


def _rows(path: Path, sql: str) -> list[tuple[Any, ...]]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _one(path: Path, sql: str) -> Any:
    return _rows(path, sql)[0][0]


@pytest.fixture(scope="module")
def dirty_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, GenerationSummary]:
    return _make(tmp_path_factory.mktemp("dirty") / "w.duckdb", dirty_rate=0.01)


@pytest.fixture(scope="module")
def clean_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, GenerationSummary]:
    return _make(tmp_path_factory.mktemp("clean") / "w.duckdb", dirty_rate=0.0)


@pytest.fixture(scope="module")
def signal_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Big enough (about 1M events) for outcome statistics; still about 2 s."""
    path, _ = _make(tmp_path_factory.mktemp("signal") / "w.duckdb", leads=20_000, seed=3)
    return path


# ---------------------------------------------------------------------------- contract


@pytest.mark.parametrize("table", TABLES)
def test_tables_match_the_contract(clean_db: tuple[Path, GenerationSummary], table: str) -> None:
    path, _ = clean_db
    described = _rows(path, f"describe raw.{table}")
    assert [(r[0], r[1]) for r in described] == CONTRACT[table]


def test_summary_counts_match_the_tables(dirty_db: tuple[Path, GenerationSummary]) -> None:
    path, summary = dirty_db
    for table, count in summary.tables.items():
        assert _one(path, f"select count(*) from raw.{table}") == count
    assert summary.leads == 1500
    text = summary.format()
    assert "raw.events" in text and f"{summary.events:,}" in text


def test_ids_and_vocabulary(clean_db: tuple[Path, GenerationSummary]) -> None:
    path, _ = clean_db
    assert (
        _one(path, "select count(*) from raw.accounts where account_id not similar to 'A[0-9]{7}'")
        == 0
    )
    assert (
        _one(path, "select count(*) from raw.leads where lead_id not similar to 'L[0-9]{8}'") == 0
    )
    assert _one(path, "select count(*) - count(distinct lead_id) from raw.leads") == 0
    assert _one(path, "select count(*) - count(distinct event_id) from raw.events") == 0
    assert _one(path, "select count(*) - count(distinct domain) from raw.accounts") == 0
    sources = {r[0] for r in _rows(path, "select distinct lead_source from raw.leads")}
    assert sources == set(demo.LEAD_SOURCES)
    types = {r[0] for r in _rows(path, "select distinct event_type from raw.events")}
    assert types == set(demo.EVENT_TYPES)
    pages = {r[0] for r in _rows(path, "select distinct page_path from raw.events")}
    assert None in pages and {"/", "/pricing", "/careers"} <= pages
    prefixes = ("/product/", "/case-studies/", "/blog/", "/docs/", "/careers/")
    for page in pages - {None}:
        assert (
            page in vocabulary.PAGES_GENERAL
            or page in ("/pricing", "/careers")
            or page.startswith(prefixes)
        )
    # Optional columns are filled exactly for the event types that have them.
    assert (
        _one(
            path,
            """select count(*) from raw.events where
                (page_path is not null) <> (event_type = 'page_view')
                or (asset_name is not null) <> (event_type in
                    ('content_download', 'webinar_registered', 'webinar_attended'))
                or (campaign_id is not null)
                    <> (event_type like 'email_%' or event_type like 'webinar_%')""",
        )
        == 0
    )
    interests = {r[0] for r in _rows(path, "select distinct product_interest from raw.leads")}
    assert interests == {"analytics", "automation", None}
    lines = {r[0] for r in _rows(path, "select distinct product_line from raw.opportunities")}
    assert lines <= {"analytics", "automation"}
    assert {r[0] for r in _rows(path, "select distinct stage from raw.opportunities")} == {
        "open",
        "won",
        "lost",
    }
    industries = {r[0] for r in _rows(path, "select distinct industry from raw.accounts")}
    assert industries <= set(vocabulary.INDUSTRIES) and len(industries) >= 8
    assert (
        _one(path, "select count(*) from raw.accounts where country not similar to '[A-Z]{2}'") == 0
    )
    assert _one(path, "select mode(country) from raw.accounts") == "US"


def test_titles_cover_every_seniority(clean_db: tuple[Path, GenerationSummary]) -> None:
    path, _ = clean_db
    titles = {r[0].lower() for r in _rows(path, "select distinct job_title from raw.leads")}
    for needle in ("chief", "vp", "director", "head of", "manager", "analyst", "intern", "student"):
        assert any(needle in t for t in titles), needle
    assert _one(path, "select count(*) from raw.leads where job_title = lower(job_title)") > 0


# ------------------------------------------------------------------------- determinism


def test_same_seed_gives_identical_tables_and_other_seed_differs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sampling, "LEADS_PER_CHUNK", 250)  # several chunks through the pipeline
    assert len(sampling.lead_chunks(600)) == 3
    first, _ = _make(tmp_path / "a.duckdb", leads=600)
    second, _ = _make(tmp_path / "b.duckdb", leads=600)
    other, _ = _make(tmp_path / "c.duckdb", leads=600, seed=12)
    for table in TABLES:
        sql = f"select * from raw.{table}"  # physical order, no order by
        assert _rows(first, sql) == _rows(second, sql), table
    assert _rows(first, "select * from raw.events") != _rows(other, "select * from raw.events")
    assert _rows(first, "select * from raw.leads") != _rows(other, "select * from raw.leads")


def test_event_ids_run_on_across_chunks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sampling, "LEADS_PER_CHUNK", 100)
    assert len(sampling.lead_chunks(450)) == 5
    path, summary = _make(tmp_path / "w.duckdb", leads=450, dirty_rate=0.0)
    ids = [r[0] for r in _rows(path, "select event_id from raw.events order by event_id")]
    assert ids == [f"E{i:010d}" for i in range(1, summary.events + 1)]
    by_id = _rows(path, "select lead_id, occurred_at from raw.events order by event_id")
    assert by_id == sorted(by_id)  # numbered lead by lead, each lead's events in time order


def test_events_are_stored_in_time_order(tmp_path: Path) -> None:
    path, _ = _make(tmp_path / "w.duckdb", leads=300)
    stored = [r[0] for r in _rows(path, "select occurred_at from raw.events")]  # physical order
    assert len(stored) > 1000
    assert stored == sorted(stored)


def test_regenerating_replaces_tables(tmp_path: Path) -> None:
    path, _ = _make(tmp_path / "w.duckdb", leads=300, seed=1)
    _, summary = _make(path, leads=200, seed=2)
    assert _one(path, "select count(*) from raw.leads") == 200
    assert _one(path, "select count(*) from raw.events") == summary.events


def test_failed_generation_keeps_the_old_tables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, _ = _make(tmp_path / "w.duckdb", leads=300)
    before = {t: _rows(path, f"select count(*), min(rowid) from raw.{t}") for t in TABLES}
    accounts_before = _rows(path, "select * from raw.accounts")

    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(writer, "event_frame", explode)  # fails after accounts/leads were written
    with pytest.raises(RuntimeError, match="boom"):
        _make(path, leads=500, seed=99)
    assert {t: _rows(path, f"select count(*), min(rowid) from raw.{t}") for t in TABLES} == before
    assert _rows(path, "select * from raw.accounts") == accounts_before
    duckdb.connect(str(path)).close()  # the generator released the file


def test_custom_schema(tmp_path: Path) -> None:
    path, summary = _make(tmp_path / "w.duckdb", leads=200, schema="raw_demo")
    assert _one(path, "select count(*) from raw_demo.leads") == 200
    assert "raw_demo.events" in summary.format()


# --------------------------------------------------------------------- time and dirt


def test_clean_events_respect_end_date_and_are_fresh(
    clean_db: tuple[Path, GenerationSummary],
) -> None:
    path, _ = clean_db
    assert _one(path, "select max(occurred_at) from raw.events") <= END_TS
    assert _one(path, "select max(occurred_at)::date from raw.events") == END
    start = datetime.datetime(2026, 11, 20) - datetime.timedelta(days=400)
    assert _one(path, "select min(occurred_at) from raw.events") >= start
    # Activity spans the whole window: every month has events.
    assert (
        _one(path, "select count(distinct date_trunc('month', occurred_at)) from raw.events") >= 13
    )
    assert (
        _one(
            path,
            """select count(*) from raw.events e join raw.leads l using (lead_id)
               where e.occurred_at <= l.created_at""",
        )
        == 0
    )
    assert _one(path, "select max(created_at) from raw.leads") <= END_TS


def test_unsubscribes_match_events(clean_db: tuple[Path, GenerationSummary]) -> None:
    path, _ = clean_db
    mismatched = _one(
        path,
        """select count(*) from raw.leads l full join
               (select lead_id, occurred_at from raw.events where event_type = 'unsubscribe') u
               using (lead_id)
           where (l.unsubscribed_at is not null or u.lead_id is not null)
             and l.unsubscribed_at is distinct from u.occurred_at""",
    )
    assert mismatched == 0
    emails_after, emails = _rows(
        path,
        """select count(*) filter (where e.occurred_at > l.unsubscribed_at), count(*)
           from raw.events e join raw.leads l using (lead_id)
           where e.event_type like 'email_%' and l.unsubscribed_at is not null""",
    )[0]
    assert emails > 0 and emails_after < 0.15 * emails


def test_no_dirty_rows_when_dirty_rate_is_zero(clean_db: tuple[Path, GenerationSummary]) -> None:
    path, _ = clean_db
    assert _one(path, "select count(*) from raw.events where lead_id is null") == 0
    assert (
        _one(
            path,
            "select count(*) from raw.events where lead_id not in (select lead_id from raw.leads)",
        )
        == 0
    )
    assert _one(path, f"select count(*) from raw.events where event_type not in {CLEAN_TYPES}") == 0
    assert (
        _one(
            path,
            """select count(*) from raw.leads where email is null or email in ('', 'no-email')
               or email like '%@' or job_title is null or job_title in ('', 'n/a', '-')""",
        )
        == 0
    )
    assert (
        _one(
            path,
            "select count(*) from raw.accounts where employee_count is null or employee_count < 1",
        )
        == 0
    )


def test_dirty_kinds_are_present(dirty_db: tuple[Path, GenerationSummary]) -> None:
    path, summary = dirty_db
    n_events = summary.events
    checks = {
        "null lead": "select count(*) from raw.events where lead_id is null",
        "orphan lead": """select count(*) from raw.events
                          where lead_id not in (select lead_id from raw.leads)""",
        "duplicate": """select count(*) from (select * from raw.events group by all
                        having count(*) > 1)""",
        "future": f"select count(*) from raw.events where occurred_at > '{END_TS}'",
        "unknown type": f"select count(*) from raw.events where event_type not in {CLEAN_TYPES}",
    }
    for kind, sql in checks.items():
        count = _one(path, sql)
        assert 0.004 * n_events < count < 0.02 * n_events, (kind, count)
    latest = _one(path, "select max(occurred_at) from raw.events")
    assert END_TS < latest <= END_TS + datetime.timedelta(days=30)
    # Duplicates are exact: same event_id, same everything.
    assert _one(path, "select count(*) - count(distinct event_id) from raw.events") == _one(
        path, checks["duplicate"]
    )
    assert _one(
        path, "select count(*) from raw.events where event_type in ('Page View', 'chat_started')"
    )
    bad_emails = _rows(
        path,
        """select count(*) filter (where email is null),
                  count(*) filter (where email = ''),
                  count(*) filter (where email like '%@'),
                  count(*) filter (where email = 'no-email')
           from raw.leads""",
    )[0]
    assert all(c > 0 for c in bad_emails)
    bad_titles = _rows(
        path,
        """select count(*) filter (where job_title is null), count(*) filter (where job_title = ''),
                  count(*) filter (where job_title = 'n/a'), count(*) filter (where job_title = '-')
           from raw.leads""",
    )[0]
    assert all(c > 0 for c in bad_titles)
    assert _one(path, "select count(*) from raw.accounts where employee_count < 0") > 0
    assert _one(path, "select count(*) from raw.accounts where employee_count is null") > 0


# ----------------------------------------------------------------- entities and truth


def test_referential_facts(dirty_db: tuple[Path, GenerationSummary]) -> None:
    path, _ = dirty_db
    assert (
        _one(
            path,
            """select count(*) from raw.opportunities o left join raw.leads l using (lead_id)
               where l.lead_id is null or l.account_id is distinct from o.account_id""",
        )
        == 0
    )
    assert (
        _one(
            path,
            """select count(*) from raw.leads l left join raw.accounts a using (account_id)
               where l.account_id is not null and a.account_id is null""",
        )
        == 0
    )
    assert (
        _one(
            path,
            """select count(*) from raw.opportunities where closed_at <= created_at
               or (stage = 'open') <> (closed_at is null)
               or closed_at > created_at + interval 150 day
               or created_at > timestamp '2026-11-20 23:59:59'""",
        )
        == 0
    )
    # An account's second opportunity is for the other product line.
    assert (
        _one(
            path,
            """select count(*) from (select account_id from raw.opportunities group by 1
               having count(*) > 2 or count(*) > count(distinct product_line))""",
        )
        == 0
    )
    # Every opportunity follows at least one of its lead's intent events.
    assert (
        _one(
            path,
            """select count(*) from raw.opportunities o where not exists (
                 select 1 from raw.events e
                 where e.lead_id = o.lead_id and e.occurred_at < o.created_at
                   and (e.event_type in ('demo_request', 'form_submit')
                        or e.page_path = '/pricing'))""",
        )
        == 0
    )


def test_lead_mix(signal_db: Path) -> None:
    path = signal_db
    share_without_account = _one(path, "select avg((account_id is null)::int) from raw.leads")
    assert 0.06 < share_without_account < 0.10
    free, with_account = _rows(
        path,
        """select count(*), count(account_id) from raw.leads
           where split_part(email, '@', 2)
                 in ('gmail.com', 'yahoo.com', 'hotmail.com', 'outlook.com')""",
    )[0]
    assert free > 0 and with_account == 0
    competitors = _rows(
        path,
        """select domain, count(l.lead_id) from raw.accounts a join raw.leads l using (account_id)
           where domain in ('rivalscore.io', 'leadlytics.com', 'pipelinepro.ai') group by 1""",
    )
    assert len(competitors) == 3
    on_opps = _one(
        path,
        """select count(*) from raw.opportunities o join raw.leads l using (lead_id)
           where split_part(l.email, '@', 2) in ('rivalscore.io', 'leadlytics.com',
                 'pipelinepro.ai', 'gmail.com', 'yahoo.com', 'hotmail.com', 'outlook.com')""",
    )
    assert on_opps == 0
    # Most email addresses are first.last at the account's domain.
    at_domain = _one(
        path,
        """select avg((split_part(l.email, '@', 2) = a.domain)::int)
           from raw.leads l join raw.accounts a using (account_id) where l.email like '%@%.%'""",
    )
    assert at_domain > 0.99
    # Contacts per account are skewed; company sizes are heavy-tailed.
    sizes = _rows(
        path,
        """select quantile_cont(n, 0.5), max(n) from
           (select account_id, count(*) as n from raw.leads
            where account_id is not null group by 1)""",
    )[0]
    assert sizes[0] <= 3 and sizes[1] >= 30
    small, huge = _rows(
        path,
        """select avg((employee_count between 10 and 200)::int),
                  count(*) filter (where employee_count >= 10000)
           from raw.accounts""",
    )[0]
    assert small > 0.4 and huge >= 5


def test_opportunity_volume_and_win_rate(signal_db: Path) -> None:
    path = signal_db
    share_on_opps = _one(
        path,
        "select count(distinct lead_id) / (select count(*) from raw.leads) from raw.opportunities",
    )
    assert 0.04 <= share_on_opps <= 0.08
    win_rate = _one(
        path, "select avg((stage = 'won')::int) from raw.opportunities where stage <> 'open'"
    )
    assert 0.25 <= win_rate <= 0.40


_CLOSED_OPPS_WITH_COUNTS = """
    with counts as (
        select lead_id,
            count(*) filter (where event_type = 'demo_request') as demos,
            count(*) filter (where event_type = 'email_open') as opens,
            count(*) filter (where page_path like '/blog/%') as blog_views
        from raw.events group by 1
    )
    select (o.stage = 'won')::int as won, coalesce(demos, 0) as demos, coalesce(opens, 0) as opens,
        coalesce(blog_views, 0) as blog_views
    from raw.opportunities o left join counts using (lead_id)
    where o.stage <> 'open'
"""


def test_demo_requests_carry_the_hidden_signal(signal_db: Path) -> None:
    rows = _rows(
        signal_db,
        f"""select avg(won) filter (where demos >= 2), avg(won) filter (where demos < 2)
            from ({_CLOSED_OPPS_WITH_COUNTS})""",
    )[0]
    with_demos, without = rows
    assert with_demos > without + 0.08


@pytest.mark.parametrize("column", ["opens", "blog_views"])
def test_noise_signals_do_not_predict_wins(signal_db: Path, column: str) -> None:
    above, below = _rows(
        signal_db,
        f"""with c as ({_CLOSED_OPPS_WITH_COUNTS})
            select avg(won) filter (where {column} > (select median({column}) from c)),
                   avg(won) filter (where {column} <= (select median({column}) from c))
            from c""",
    )[0]
    assert abs(above - below) < 0.10  # about 3 standard errors at this size


def test_a_simple_fit_and_intent_score_ranks_leads(signal_db: Path) -> None:
    """A crude stand-in for the default model: won rate of the top decile is several
    times that of the bottom half (which is close to zero)."""
    top, bottom = _rows(
        signal_db,
        """with counts as (
               select lead_id,
                   least(count(*) filter (where event_type = 'demo_request'), 2) * 25
                   + least(count(*) filter (where page_path = '/pricing'), 3) * 4
                   + least(count(*) filter (where event_type = 'email_click'), 3) * 3 as intent
               from raw.events group by 1),
           scored as (
               select l.lead_id,
                   case when regexp_matches(lower(l.job_title),
                                            'chief|ceo|founder|owner|vp|vice|director|head') then 15
                        when lower(l.job_title) like '%manager%' then 7
                        when regexp_matches(lower(l.job_title),
                                            'intern|student|junior|assistant') then -15
                        else 0 end
                   + case when a.employee_count >= 200 then 12
                          when a.employee_count >= 50 then 6 else 0 end
                   + case when a.industry in ('software', 'financial_services') then 8 else 0 end
                   + case when a.account_id is null then -20 else 0 end
                   + coalesce(c.intent, 0) as score,
                   coalesce(o.won, false)::int as won
               from raw.leads l
               left join raw.accounts a using (account_id)
               left join counts c using (lead_id)
               left join (select lead_id, bool_or(stage = 'won') as won from raw.opportunities
                          group by 1) o using (lead_id)
               where l.created_at < timestamp '2026-11-20' - interval 150 day),
           ranked as (select *, ntile(10) over (order by score, lead_id) as decile from scored)
           select avg(won) filter (where decile = 10), avg(won) filter (where decile <= 5)
           from ranked""",
    )[0]
    assert top > 0.03
    assert top > 5 * bottom


def test_careers_visitors_rarely_win(signal_db: Path) -> None:
    seekers, others = _rows(
        signal_db,
        """with c as (select lead_id, count(*) as n from raw.events where page_path like '/careers%'
                      group by 1),
                w as (select distinct lead_id from raw.opportunities where stage = 'won')
           select avg((w.lead_id is not null)::int) filter (where c.n >= 3),
                  avg((w.lead_id is not null)::int) filter (where c.n is null)
           from raw.leads l left join c using (lead_id) left join w using (lead_id)""",
    )[0]
    assert seekers < others / 3


# ------------------------------------------------------------------ config and CLI


def test_arguments_build_a_config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("LEADSCORE_DUCKDB_PATH", str(tmp_path / "env.duckdb"))
    parser = argparse.ArgumentParser()
    demo.add_arguments(parser)
    config = demo.config_from_args(parser.parse_args([]))
    assert config.leads == 10_000 and config.seed == 7 and config.schema == "raw"
    assert config.end_date == datetime.date.today()
    assert config.database == (tmp_path / "env.duckdb").resolve()
    args = parser.parse_args(
        [
            *("--leads", "42", "--seed", "5", "--end-date", "2026-01-31"),
            *("--history-days", "90", "--events-per-lead", "7.5", "--dirty-rate", "0"),
            *("--database", "x.duckdb", "--schema", "raw2"),
        ]
    )
    config = demo.config_from_args(args)
    assert config == GeneratorConfig(
        leads=42,
        seed=5,
        end_date=datetime.date(2026, 1, 31),
        history_days=90,
        events_per_lead=7.5,
        dirty_rate=0.0,
        database=Path("x.duckdb"),
        schema="raw2",
    )
    with pytest.raises(SystemExit):
        parser.parse_args(["--end-date", "31/01/2026"])


@pytest.mark.parametrize(
    "overrides",
    [
        {"leads": 0},
        {"history_days": 10},
        {"dirty_rate": 0.5},
        {"schema": "raw; drop"},
        {"seed": -1},
    ],
)
def test_invalid_configs_are_rejected(overrides: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        GeneratorConfig(**overrides)

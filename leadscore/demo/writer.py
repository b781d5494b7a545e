"""Writing the tables into DuckDB: `generate()`, `GenerationSummary` and the SQL behind them.

All four raw tables are replaced in one transaction; ids, names, domains and emails are
built by DuckDB in SQL from the integer codes and categoricals numpy drew.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from leadscore.demo.config import GeneratorConfig
from leadscore.demo.entities import World, build_world
from leadscore.demo.events import event_frame
from leadscore.demo.names import (
    FIRST_NAMES,
    LAST_NAMES,
    LEGAL_SUFFIXES,
    NAME_FIRST,
    NAME_QUALIFIERS,
    NAME_SECOND,
    TLDS,
)
from leadscore.demo.sampling import Columns, lead_chunks
from leadscore.demo.vocabulary import (
    COMPETITORS,
    COUNTRY_CODES,
    FIXED_DOMAINS,
    INDUSTRIES,
    LEAD_SOURCES,
    PRODUCTS,
    TITLES,
)
from leadscore.warehouse_lock import open_warehouse

DUCKDB_MEMORY_LIMIT = "2GB"


@dataclass(frozen=True)
class GenerationSummary:
    """Row counts of the generated tables and the time it took."""

    accounts: int
    leads: int
    events: int
    opportunities: int
    seconds: float
    database: Path
    schema: str

    @property
    def tables(self) -> dict[str, int]:
        return {
            "accounts": self.accounts,
            "leads": self.leads,
            "events": self.events,
            "opportunities": self.opportunities,
        }

    def format(self) -> str:
        lines = [f"Generated demo warehouse {self.database} (schema {self.schema})"]
        lines += [
            f"  {self.schema}.{name:<14} {rows:>12,} rows" for name, rows in self.tables.items()
        ]
        lines.append(f"  in {self.seconds:.1f} s")
        return "\n".join(lines)


def generate(config: GeneratorConfig) -> GenerationSummary:
    """Generate the demo warehouse and swap its four raw tables in atomically."""
    started = time.perf_counter()
    world = build_world(config)
    path = config.database
    path.parent.mkdir(parents=True, exist_ok=True)
    con = open_warehouse(path, read_only=False)
    try:
        n_events = _write(con, config, world)
    finally:
        con.close()
    return GenerationSummary(
        accounts=len(world.accounts["industry"]),
        leads=len(world.leads["created"]),
        events=n_events,
        opportunities=len(world.opps["lead"]),
        seconds=time.perf_counter() - started,
        database=path,
        schema=config.schema,
    )


_EVENT_COLUMNS = """(
        event_id varchar, lead_id varchar, event_type varchar, occurred_at timestamp,
        page_path varchar, asset_name varchar, campaign_id varchar)"""

_DDL = (
    """create or replace table {s}.accounts (
        account_id varchar, name varchar, domain varchar, industry varchar,
        employee_count integer, annual_revenue double, country varchar)""",
    """create or replace table {s}.leads (
        lead_id varchar, account_id varchar, email varchar, job_title varchar,
        lead_source varchar, created_at timestamp, unsubscribed_at timestamp,
        product_interest varchar)""",
    "create or replace table {s}.events " + _EVENT_COLUMNS,
    """create or replace table {s}.opportunities (
        opportunity_id varchar, account_id varchar, lead_id varchar, product_line varchar,
        created_at timestamp, closed_at timestamp, stage varchar, amount double)""",
)

_DOMAIN_SQL = """coalesce(fixed_domain::varchar,
    lower(w1::varchar) || '-' || lower(w2::varchar)
    || coalesce('-' || lower(qualifier::varchar), '')
    || case when cycle > 0 then '-' || (cycle + 1)::varchar else '' end
    || tld::varchar)"""

_ACCOUNTS_SQL = f"""
insert into {{s}}.accounts
select
    printf('A%07d', account_no),
    coalesce(
        fixed_name::varchar,
        w1::varchar || ' ' || w2::varchar || coalesce(' ' || qualifier::varchar, '')
        || coalesce(legal::varchar, '')
    ),
    {_DOMAIN_SQL},
    industry::varchar,
    case employees_dirty when 1 then -employees when 2 then null else employees end,
    revenue,
    country::varchar
from ls_frame
"""

_LOCAL_PART_SQL = """case email_format
        when 0 then first_name || '.' || last_name
        when 1 then left(first_name, 1) || last_name
        when 2 then first_name
        when 3 then first_name || '_' || last_name
        when 4 then first_name || left(last_name, 1)
        when 10 then first_name || '.' || last_name
        when 11 then first_name || last_name || email_number::varchar
        when 12 then first_name || '.' || last_name || email_number::varchar
        else first_name || '_' || last_name
    end"""

_LEADS_SQL = f"""
insert into {{s}}.leads
select
    printf('L%08d', lead_no),
    case when account_no > 0 then printf('A%07d', account_no) end,
    case email_dirty
        when 1 then null
        when 2 then ''
        when 3 then local_part || '@'
        when 4 then 'no-email'
        else local_part || '@' || {_DOMAIN_SQL}
    end,
    case title_dirty
        when 1 then null
        when 2 then ''
        when 3 then 'n/a'
        when 4 then '-'
        else case title_case when 1 then lower(title::varchar) when 2 then upper(title::varchar)
            else title::varchar end
    end,
    lead_source::varchar,
    created_at,
    unsubscribed_at,
    product_interest::varchar
from (select *, {_LOCAL_PART_SQL} as local_part from ls_frame)
"""

_EVENTS_SQL = """
insert into events_by_lead
select
    printf('E%010d', event_no + ?),
    case when lead_no > 0 then printf('L%08d', lead_no) end,
    event_type::varchar,
    occurred_at,
    page_path::varchar,
    asset_name::varchar,
    campaign_id::varchar
from ls_frame
"""

_OPPORTUNITIES_SQL = """
insert into {s}.opportunities
select
    printf('O%07d', opportunity_no),
    printf('A%07d', account_no),
    printf('L%08d', lead_no),
    product_line::varchar,
    created_at,
    closed_at,
    stage::varchar,
    amount
from ls_frame
"""


def _cat(codes: np.ndarray, categories: Sequence[str]) -> pd.Categorical:
    return pd.Categorical.from_codes(np.asarray(codes, dtype=np.int64), categories=list(categories))


def _timestamps(ts: np.ndarray, missing: np.ndarray | None = None) -> np.ndarray:
    out = ts.astype("datetime64[s]")
    if missing is not None:
        out[missing] = np.datetime64("NaT")
    return out


def _name_frame(cols: Columns) -> dict[str, object]:
    qualifier = cols["name_qualifier"] - 1  # code 0 means "no qualifier"
    return {
        "w1": _cat(cols["name_first"], NAME_FIRST),
        "w2": _cat(cols["name_second"], NAME_SECOND),
        "qualifier": _cat(qualifier, NAME_QUALIFIERS[1:]),
        "cycle": cols["name_cycle"],
        "tld": _cat(cols["tld"], TLDS),
        "fixed_domain": _cat(cols["fixed_domain"], FIXED_DOMAINS),
    }


def _accounts_frame(world: World) -> pd.DataFrame:
    a = world.accounts
    n = len(a["industry"])
    comp = np.where(a["is_competitor"], np.cumsum(a["is_competitor"]) - 1, -1)
    return pd.DataFrame(
        {
            "account_no": np.arange(1, n + 1),
            **_name_frame(a),
            "fixed_name": _cat(comp, [c[0] for c in COMPETITORS]),
            "legal": _cat(a["legal_suffix"], LEGAL_SUFFIXES),
            "industry": _cat(a["industry"], INDUSTRIES),
            "employees": a["employees"].astype(np.int32),
            "employees_dirty": a["employees_dirty"],
            "revenue": a["revenue"].astype(np.float64),
            "country": _cat(a["country"], COUNTRY_CODES),
        }
    )


def _leads_frame(world: World) -> pd.DataFrame:
    ld = world.leads
    n = len(ld["created"])
    return pd.DataFrame(
        {
            "lead_no": np.arange(1, n + 1),
            "account_no": ld["account"] + 1,
            "first_name": _cat(ld["first_name"], FIRST_NAMES),
            "last_name": _cat(ld["last_name"], LAST_NAMES),
            "email_format": ld["email_format"],
            "email_number": ld["email_number"],
            **_name_frame(ld),
            "email_dirty": ld["email_dirty"],
            "title": _cat(ld["title"], TITLES),
            "title_case": ld["title_case"],
            "title_dirty": ld["title_dirty"],
            "lead_source": _cat(ld["source"], LEAD_SOURCES),
            "created_at": _timestamps(ld["created"]),
            "unsubscribed_at": _timestamps(ld["unsubscribed"], ld["unsubscribed"] < 0),
            "product_interest": _cat(ld["interest"], PRODUCTS),
        }
    )


def _opportunities_frame(world: World) -> pd.DataFrame:
    o = world.opps
    m = len(o["lead"])
    is_open = o["closed"] > world.cal.end_ts
    stage = np.where(is_open, 0, np.where(o["won"], 1, 2))
    return pd.DataFrame(
        {
            "opportunity_no": np.arange(1, m + 1),
            "account_no": o["account"] + 1,
            "lead_no": o["lead"] + 1,
            "product_line": _cat(o["product"], PRODUCTS),
            "created_at": _timestamps(o["created"]),
            "closed_at": _timestamps(o["closed"], is_open),
            "stage": _cat(stage, ["open", "won", "lost"]),
            "amount": o["amount"].astype(np.float64),
        }
    )


def _insert(
    con: duckdb.DuckDBPyConnection, sql: str, frame: pd.DataFrame, params: list[int] | None = None
) -> None:
    con.register("ls_frame", frame)
    try:
        con.execute(sql, params)
    finally:
        con.unregister("ls_frame")


def _write_events(con: duckdb.DuckDBPyConnection, sql: str, world: World) -> int:
    """Insert the events chunk by chunk; numpy builds the next chunk in a worker thread
    while DuckDB (which releases the GIL) inserts the current one."""
    chunks = lead_chunks(world.config.leads)
    n_events = 0
    next_no = 1
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="leadscore-events") as pool:
        pending = pool.submit(event_frame, world, *chunks[0])
        for i in range(len(chunks)):
            frame, numbers_used = pending.result()
            if i + 1 < len(chunks):
                pending = pool.submit(event_frame, world, *chunks[i + 1])
            _insert(con, sql, frame, [next_no])
            next_no += numbers_used
            n_events += len(frame)
            del frame
    return n_events


def _write(con: duckdb.DuckDBPyConnection, config: GeneratorConfig, world: World) -> int:
    """Replace the four raw tables in one transaction; returns the number of events."""
    s = f'"{config.schema}"'
    con.execute("set preserve_insertion_order = true")  # deterministic physical row order
    con.execute("set enable_progress_bar = false")  # the time-ordering insert would draw one
    # Bound DuckDB's buffer whatever the host's RAM (it flushes uncommitted rows to the
    # file as it goes; a lower limit did not slow generation down).
    con.execute(f"set memory_limit = '{DUCKDB_MEMORY_LIMIT}'")
    con.execute("begin transaction")
    try:
        con.execute(f"create schema if not exists {s}")
        for ddl in _DDL:
            con.execute(ddl.format(s=s))
        _insert(con, _ACCOUNTS_SQL.format(s=s), _accounts_frame(world))
        _insert(con, _LEADS_SQL.format(s=s), _leads_frame(world))
        _insert(con, _OPPORTUNITIES_SQL.format(s=s), _opportunities_frame(world))
        # Events are drawn lead by lead; they are stored by time, ordered on every column so
        # that ties keep one reproducible order. (The staging table is declared, not created
        # with `as select ... with no data`: DuckDB 2.0.0 then inserted no rows from it here.)
        con.execute("create temporary table events_by_lead " + _EVENT_COLUMNS)
        n_events = _write_events(con, _EVENTS_SQL, world)
        stored = con.execute(
            f"insert into {s}.events select * from events_by_lead order by occurred_at, "
            "event_id, lead_id, event_type, page_path, asset_name, campaign_id"
        ).fetchone()
        if stored is None or stored[0] != n_events:
            raise RuntimeError(f"stored {stored} of the {n_events} generated events")
        con.execute("drop table events_by_lead")
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    con.execute("checkpoint")
    return n_events

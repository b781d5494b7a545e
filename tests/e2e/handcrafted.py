"""Leads with known histories, added to a generated warehouse to check their scores by hand.

Score date 2026-06-30. The expected scores in test_scoring_e2e.py are worked out from the default
model in seeds/scoring_rules.csv; keep the two in step.

Some rows are broken on purpose (the QUARANTINE_* ones and the non-finite firmographics): they
must be quarantined or treated as unknown and counted, while every other row is scored and
published as usual (tests/e2e/test_quarantine.py).
"""

from __future__ import annotations

import math
from pathlib import Path

import duckdb

ACCOUNTS = [
    # account_id, name, domain, industry, employee_count, annual_revenue, country
    ("HAND-A1", "Handcrafted Example Inc", "handcrafted-example.com", "software", 450, 80e6, "US"),
    # Non-finite firmographics: NaN compares above every number, so unchecked it would earn the
    # size and revenue points of the biggest accounts.
    ("HAND-A2", "Not A Number Ltd", "nan-example.com", "software", math.inf, math.nan, "US"),
    # One id, two differing rows: which one is right is unknown, so both are quarantined.
    ("HAND-A3", "Twin One", "twin-one.com", "software", 300, 60e6, "US"),
    ("HAND-A3", "Twin Two", "twin-two.com", "retail", 20, 1e6, "FR"),
]

LEADS = [
    # lead_id, account_id, email, job_title, lead_source, created_at, unsubscribed_at, interest
    (
        "HAND-1",
        "HAND-A1",
        "jane.doe@handcrafted-example.com",
        "VP Marketing",
        "demo_form",
        "2026-01-05 10:00:00",
        None,
        None,
    ),
    (
        "HAND-2",
        "HAND-A1",
        "sam.intern@gmail.com",
        "Marketing Intern",
        "outbound_list",
        "2026-02-01 10:00:00",
        None,
        None,
    ),
    (
        "HAND-3",
        None,
        "alex.rival@rivalscore.io",
        "Director of Marketing",
        "organic_search",
        "2026-03-01 10:00:00",
        None,
        None,
    ),
]

# Leads the quarantine must handle: no id, no creation time, an identical extra copy (scored once)
# and an id with two differing rows (both left out, and so are its events). No account, so the
# account roll-up of HAND-A1 stays as test_scoring_e2e works it out.
QUARANTINE_LEADS = [
    (None, None, "no.id@handcrafted-example.com", "CFO", "demo_form", "2026-02-01 10:00:00"),
    ("HAND-Q1", None, "no.date@handcrafted-example.com", "CFO", "demo_form", None),
    ("HAND-Q2", None, "twice@handcrafted-example.com", "CTO", "webinar", "2026-02-01 10:00"),
    ("HAND-Q2", None, "twice@handcrafted-example.com", "CTO", "webinar", "2026-02-01 10:00"),
    ("HAND-Q3", None, "one@handcrafted-example.com", "CEO", "demo_form", "2026-02-01 10:00"),
    ("HAND-Q3", None, "other@handcrafted-example.com", "Intern", "referral", "2026-02-01"),
    # Scored with unknown firmographics (HAND-A2) and without an account (HAND-A3, quarantined).
    ("HAND-4", "HAND-A2", "nan.vp@nan-example.com", "VP Sales", "demo_form", "2026-02-01 10:00:00"),
    ("HAND-5", "HAND-A3", "twin.vp@twin-one.com", "VP Sales", "demo_form", "2026-02-01 10:00:00"),
]

QUARANTINE_OPPORTUNITIES = [
    # opportunity_id, account_id, lead_id, product_line, created_at, closed_at, stage, amount
    ("HAND-O1", "HAND-A1", "HAND-1", "analytics", "2026-06-01", None, "maybe", 1.0),
    (None, "HAND-A1", "HAND-1", "analytics", "2026-06-01", None, "open", 1.0),
]

EVENTS = [
    # event_id, lead_id, event_type, occurred_at, page_path, asset_name, campaign_id
    ("HAND-E1", "HAND-1", "demo_request", "2026-06-20 15:00:00", None, None, None),
    ("HAND-E2", "HAND-1", "demo_request", "2026-03-02 15:00:00", None, None, None),
    ("HAND-E3", "HAND-1", "page_view", "2026-06-29 09:00:00", "/pricing", None, None),
    ("HAND-E4", "HAND-1", "page_view", "2026-06-29 09:05:00", "/pricing", None, None),
    ("HAND-E5", "HAND-1", "email_open", "2026-06-25 08:00:00", None, None, "HAND-C1"),
    ("HAND-E6", "HAND-1", "email_open", "2026-05-01 08:00:00", None, None, "HAND-C1"),
    # An exact duplicate export row: must be counted once.
    ("HAND-E3", "HAND-1", "page_view", "2026-06-29 09:00:00", "/pricing", None, None),
    # After the score date: ignored when scoring as of 2026-06-30.
    ("HAND-E7", "HAND-1", "demo_request", "2026-07-02 15:00:00", None, None, None),
    ("HAND-E8", "HAND-2", "content_download", "2026-06-10 12:00:00", None, "roi-guide", None),
    ("HAND-E9", "HAND-2", "webinar_attended", "2026-05-31 17:00:00", None, "webinar-q2", None),
    ("HAND-E10", "HAND-2", "page_view", "2026-06-30 11:00:00", "/careers", None, None),
    ("HAND-E11", "HAND-3", "demo_request", "2026-06-29 10:00:00", None, None, None),
    # Events of a quarantined lead (conflicting copies): not scored, counted as lead_quarantined.
    ("HAND-E12", "HAND-Q3", "demo_request", "2026-06-29 10:00:00", None, None, None),
    ("HAND-E13", "HAND-Q2", "demo_request", "2026-06-29 10:00:00", None, None, None),
]


def insert_handcrafted_rows(database: Path, schema: str = "raw") -> None:
    connection = duckdb.connect(str(database))
    try:
        # Real exports deliver counts as numbers that can be NaN or infinite.
        connection.execute(f"alter table {schema}.accounts alter employee_count type double")
        connection.executemany(
            f"insert into {schema}.accounts "
            "(account_id, name, domain, industry, employee_count, annual_revenue, country) "
            "values (?, ?, ?, ?, ?, ?, ?)",
            ACCOUNTS,
        )
        connection.executemany(
            f"insert into {schema}.leads (lead_id, account_id, email, job_title, lead_source, "
            "created_at, unsubscribed_at, product_interest) values (?, ?, ?, ?, ?, ?, ?, ?)",
            LEADS,
        )
        connection.executemany(
            f"insert into {schema}.leads (lead_id, account_id, email, job_title, lead_source, "
            "created_at) values (?, ?, ?, ?, ?, ?)",
            QUARANTINE_LEADS,
        )
        connection.executemany(
            f"insert into {schema}.opportunities (opportunity_id, account_id, lead_id, "
            "product_line, created_at, closed_at, stage, amount) values (?, ?, ?, ?, ?, ?, ?, ?)",
            QUARANTINE_OPPORTUNITIES,
        )
        connection.executemany(
            f"insert into {schema}.events (event_id, lead_id, event_type, occurred_at, "
            "page_path, asset_name, campaign_id) values (?, ?, ?, ?, ?, ?, ?)",
            EVENTS,
        )
    finally:
        connection.close()

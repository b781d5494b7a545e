"""Leads with known histories, added to a generated warehouse to check their scores by hand.

Score date 2026-06-30. The expected scores in test_scoring_e2e.py are worked out from the default
model in seeds/scoring_rules.csv; keep the two in step.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

ACCOUNTS = [
    # account_id, name, domain, industry, employee_count, annual_revenue, country
    ("HAND-A1", "Handcrafted Example Inc", "handcrafted-example.com", "software", 450, 80e6, "US"),
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
]


def insert_handcrafted_rows(database: Path, schema: str = "raw") -> None:
    connection = duckdb.connect(str(database))
    try:
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
            f"insert into {schema}.events (event_id, lead_id, event_type, occurred_at, "
            "page_path, asset_name, campaign_id) values (?, ?, ?, ?, ?, ?, ?)",
            EVENTS,
        )
    finally:
        connection.close()

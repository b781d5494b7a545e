"""Deterministic, seeded generator for a realistic demo B2B marketing warehouse.

`generate(GeneratorConfig(...))` writes four raw tables (``accounts``, ``leads``,
``events``, ``opportunities``) into a DuckDB file. The same configuration always gives
identical tables, row for row and in the same physical order.

How the data is made
--------------------
Everything random comes from numpy ``Generator`` streams seeded with ``(seed, purpose,
chunk)``, so the output does not depend on thread scheduling. Entities (accounts, leads,
opportunities) are drawn for all leads at once with vectorised numpy; events are drawn in
fixed-size chunks of leads (so memory stays flat however many leads are asked for) and
handed to DuckDB as integer codes and categoricals, which DuckDB turns into strings in
SQL while numpy builds the next chunk in a worker thread. All four tables are replaced
inside one transaction: readers see either the old tables or the new ones, never a mix,
and a failed run leaves the old tables intact. The connection is closed at the end.

The hidden truth the scoring project can try to recover
-------------------------------------------------------
Each lead has a latent *buying intent* (shared in part by colleagues at the same account)
and a hidden *propensity* logit built from seniority, company size, industry, intent,
job-seeker/student flags and noise, with coefficients of this package's own (not a copy of
any scoring-rule seed). Intent persistently raises the rates of ``demo_request``,
``form_submit``, ``email_click``, ``/pricing`` and ``/case-studies/*`` views. Opportunities
go to accounts whose most intent-driven lead has a high propensity, and are won with a
probability that rises with that propensity. About 5-6% of leads are the primary contact
of an opportunity (an account's most intent-driven eligible lead; some larger accounts get
a second opportunity, for the other product line, with their second lead). Each
opportunity is preceded by a demo request or form submit and a pricing-page visit of its
lead, closes 20-150 days after creation, and is ``open`` (null ``closed_at``) when that
date is after ``end_date``; about a third of closed opportunities are won.

Some plausible-looking signals carry no information about outcomes: ``email_open``
counts, ``/blog/*`` views, webinar registrations/attendance (all driven by a separate
"content affinity" factor) and the account's country. Careers-page visitors (job seekers)
and students have low propensity; competitor and free-email leads never get an
opportunity.

Representation choices
----------------------
* Competitors are *accounts* (``rivalscore.io``, ``leadlytics.com``, ``pipelinepro.ai``,
  industry ``software``) with leads at those domains. They never get opportunities.
* Account-less leads (``account_id`` null, about 8%): free-email signups (gmail.com,
  yahoo.com, hotmail.com, outlook.com) and "unmatched" signups whose corporate-looking
  domain matches no account.
* Lead ids are numbered in ``created_at`` order; event ids are numbered per lead in time
  order (``E`` + 10 digits); opportunity ids in ``created_at`` order. Events are stored in
  time order, as a warehouse that appends them as they arrive holds them (so a scan of the
  last few days can skip the older storage blocks).
* Timestamps are naive ``TIMESTAMP`` values in UTC, with one-second resolution. Events
  fall between ``end_date - history_days`` and the end of ``end_date``. A quarter of the
  leads were created in the year before that window (older CRM records: their activity
  is only recorded from the window start); every event is after its lead's
  ``created_at``. An inbound lead created in the window gets the event that created it
  seconds after ``created_at`` (``demo_form``: a demo request; ``contact_form``: a form
  submit; ``webinar``: a registration; ``content_download``: a download;
  ``organic_search``/``referral``: a page view); outbound leads get none.
* ``events_per_lead`` is the mean number of clean events per lead (creation and
  pre-opportunity events included, dirty copies not).
* Emails are not guaranteed unique (a few namesakes share an address, as in a real CRM);
  ``lead_id`` is the key.
* Dirty rows, each kind about ``dirty_rate`` of its table: extra event rows with a null
  ``lead_id``, with a ``lead_id`` of no lead, exact duplicates (same ``event_id``), with
  ``occurred_at`` up to 30 days after ``end_date``, and with unknown event types; leads
  whose email is null, ``''``, ``'first.last@'`` or ``'no-email'``; leads whose title is
  null, ``''``, ``'n/a'`` or ``'-'``; accounts with a negative or null ``employee_count``.
  Dirty event rows are *added* copies of clean events, so the clean history is unchanged.

Modules
-------
* ``vocabulary``: lead sources, event types, industries, countries, domains, titles, page
  paths and content titles (the values the scoring seeds match on).
* ``names``: company, domain and person name words and the drawing of unique names.
* ``config``: `GeneratorConfig` and the command-line options.
* ``sampling``: the seeded random streams, chunks of leads and draw helpers.
* ``timeline``: the activity window and its email-campaign and webinar calendar.
* ``entities``: accounts, leads, opportunities and the hidden truth behind them.
* ``events``: each chunk's event histories and dirty event rows.
* ``writer``: writing the tables into DuckDB, `generate()` and `GenerationSummary`.
"""

from leadscore.demo.config import GeneratorConfig, add_arguments, config_from_args
from leadscore.demo.vocabulary import EVENT_TYPES, INBOUND_SOURCES, LEAD_SOURCES, OUTBOUND_SOURCES
from leadscore.demo.writer import GenerationSummary, generate

__all__ = [
    "EVENT_TYPES",
    "INBOUND_SOURCES",
    "LEAD_SOURCES",
    "OUTBOUND_SOURCES",
    "GenerationSummary",
    "GeneratorConfig",
    "add_arguments",
    "config_from_args",
    "generate",
]

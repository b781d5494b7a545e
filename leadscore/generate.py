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
job-seeker/student flags and noise, with coefficients of this module's own (not a copy of
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
"""

from __future__ import annotations

import argparse
import datetime
import math
import re
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from leadscore.paths import RAW_SCHEMA, duckdb_path
from leadscore.warehouse_lock import open_warehouse

__all__ = [
    "EVENT_TYPES",
    "INBOUND_SOURCES",
    "OUTBOUND_SOURCES",
    "GenerationSummary",
    "GeneratorConfig",
    "add_arguments",
    "config_from_args",
    "generate",
]

# --------------------------------------------------------------------------------------
# Vocabulary (the scoring seeds rely on these exact values)
# --------------------------------------------------------------------------------------


def _words(text: str) -> tuple[str, ...]:
    """Whitespace-separated words, duplicates dropped, order kept."""
    return tuple(dict.fromkeys(text.split()))


INBOUND_SOURCES = (
    "demo_form",
    "contact_form",
    "webinar",
    "organic_search",
    "content_download",
    "referral",
)
OUTBOUND_SOURCES = ("outbound_list", "sdr_prospecting", "content_syndication", "trade_show")
LEAD_SOURCES = INBOUND_SOURCES + OUTBOUND_SOURCES

EVENT_TYPES = (
    "email_open",
    "email_click",
    "page_view",
    "content_download",
    "webinar_registered",
    "webinar_attended",
    "demo_request",
    "form_submit",
    "unsubscribe",
)
DIRTY_EVENT_TYPES = ("Page View", "chat_started", "EMAIL_OPEN", "pageview", "video_played")
ALL_EVENT_TYPES = EVENT_TYPES + DIRTY_EVENT_TYPES
(
    T_EMAIL_OPEN,
    T_EMAIL_CLICK,
    T_PAGE_VIEW,
    T_DOWNLOAD,
    T_WEBINAR_REGISTERED,
    T_WEBINAR_ATTENDED,
    T_DEMO_REQUEST,
    T_FORM_SUBMIT,
    T_UNSUBSCRIBE,
) = range(len(EVENT_TYPES))

PRODUCTS = ("analytics", "automation")

INDUSTRIES = (
    "software",
    "financial_services",
    "healthcare",
    "manufacturing",
    "retail",
    "education",
    "government",
    "media",
    "professional_services",
    "nonprofit",
)
INDUSTRY_WEIGHTS = (0.24, 0.12, 0.10, 0.11, 0.09, 0.07, 0.04, 0.06, 0.12, 0.05)
# Median-size multiplier, revenue per employee (USD) and hidden propensity effect.
INDUSTRY_SIZE_FACTOR = (1.0, 1.5, 1.5, 1.8, 1.3, 2.0, 3.0, 0.8, 0.8, 0.6)
INDUSTRY_REVENUE_PER_EMPLOYEE = (
    210e3,
    320e3,
    160e3,
    230e3,
    180e3,
    90e3,
    120e3,
    170e3,
    150e3,
    70e3,
)
INDUSTRY_EFFECT = (0.5, 0.35, 0.1, 0.0, -0.15, -0.7, -0.55, -0.2, 0.25, -0.95)

# (ISO 3166 alpha-2, weight, local top-level domain)
COUNTRIES = (
    ("US", 0.50, ".com"),
    ("GB", 0.09, ".co.uk"),
    ("DE", 0.07, ".de"),
    ("CA", 0.06, ".ca"),
    ("FR", 0.04, ".fr"),
    ("NL", 0.03, ".nl"),
    ("AU", 0.04, ".com.au"),
    ("IN", 0.04, ".in"),
    ("BR", 0.025, ".com.br"),
    ("SG", 0.015, ".sg"),
    ("SE", 0.015, ".se"),
    ("ES", 0.015, ".es"),
    ("IT", 0.012, ".it"),
    ("JP", 0.01, ".jp"),
    ("MX", 0.01, ".mx"),
    ("IE", 0.01, ".ie"),
    ("CH", 0.008, ".ch"),
    ("PL", 0.008, ".pl"),
    ("DK", 0.006, ".dk"),
    ("NZ", 0.006, ".co.nz"),
    ("ZA", 0.005, ".co.za"),
    ("IL", 0.005, ".co.il"),
    ("AE", 0.004, ".ae"),
    ("BE", 0.006, ".be"),
    ("NO", 0.005, ".no"),
)
COUNTRY_CODES = tuple(c for c, _, _ in COUNTRIES)
LEGAL_SUFFIX_BY_COUNTRY = {
    "US": (" Inc.", " LLC", " Corp."),
    "CA": (" Inc.", " Ltd."),
    "GB": (" Ltd",),
    "IE": (" Ltd",),
    "DE": (" GmbH", " AG"),
    "CH": (" AG", " GmbH"),
    "FR": (" SAS", " SA"),
    "NL": (" B.V.",),
    "BE": (" NV",),
    "AU": (" Pty Ltd",),
    "NZ": (" Ltd",),
    "IN": (" Pvt Ltd",),
    "BR": (" Ltda.",),
    "SE": (" AB",),
    "DK": (" A/S",),
    "NO": (" AS",),
}
LEGAL_SUFFIXES = tuple(sorted({s for v in LEGAL_SUFFIX_BY_COUNTRY.values() for s in v}))
TLDS = tuple(
    dict.fromkeys(
        (".com", ".io", ".ai", ".co", ".net", ".org", ".gov", ".edu", *(t for _, _, t in COUNTRIES))
    )
)

FREE_EMAIL_DOMAINS = ("gmail.com", "yahoo.com", "hotmail.com", "outlook.com")
FREE_EMAIL_WEIGHTS = (0.55, 0.15, 0.12, 0.18)
COMPETITORS = (
    # (name, domain, country, employee_count, annual_revenue)
    ("RivalScore", "rivalscore.io", "US", 85, 14_500_000.0),
    ("Leadlytics", "leadlytics.com", "GB", 240, 38_000_000.0),
    ("PipelinePro", "pipelinepro.ai", "US", 40, 6_200_000.0),
)
FIXED_DOMAINS = FREE_EMAIL_DOMAINS + tuple(d for _, d, _, _, _ in COMPETITORS)

# Company-name parts. The second word depends on the industry; the word lists of different
# industries are disjoint, so (industry, first, second, qualifier, cycle) gives a unique
# hyphenated domain such as "northwind-analytics.com".
NAME_FIRST = _words(
    """Northwind Bluepeak Ironwood Brightline Cedar Summit Harbor Granite Silverline
    Redwood Evergreen Keystone Lighthouse Meridian Pinnacle Riverstone Sterling Trident
    Vanguard Willow Apex Atlas Aurora Beacon Boulder Cascade Cobalt Copper Crescent Crimson
    Delta Eagle Echo Ember Falcon Fjord Foxglove Frontier Galaxy Garnet Glacier Golden
    Harvest Hawthorn Horizon Indigo Iris Jasper Juniper Kestrel Lakeside Lark Linden Lumen
    Maple Marble Meadow Mesa Monarch Nimbus Noble Nova Oakridge Onyx Orchid Osprey Pacific
    Paragon Pebble Peregrine Pinecrest Pioneer Polaris Prairie Quarry Quartz Radiant Raven
    Ridgeline Rook Sable Saffron Sage Sapphire Sequoia Shoreline Sierra Solstice Sparrow
    Spruce Starling Stonebridge Sunrise Tamarack Tidewater Timber Topaz Tundra Twinbrook
    Umber Upland Valleyview Vertex Violet Vista Westbrook Whitestone Wildflower Windmill
    Zenith Acorn Alder Amber Anchor Arbor Argent Ashford Aspen Azure Basalt Bayside Birch
    Blackstone Bramble Brookside Canyon Cardinal Carbonite Castlerock Chestnut Cinder
    Clover Coral Covepoint Crestview Cypress Daybreak Driftwood Dune Elmstead Emerald Fern
    Fieldstone Firefly Flint Forgeworth Foxhall Gale Greenleaf Grove Halcyon Heron Highland
    Hollow Ivory Jetstream Kingfisher Lantern Larkspur Laurel Lodestar Magnolia Mariner
    Marlow Moonstone Mosaic Mulberry Nautilus Nightingale Northstar Oakmont Obsidian Orion
    Palisade Pathfinder Pelican Pemberton Quill Rainier Rampart Redstone Riverbend
    Rosewood Saltmarsh Sandstone Seabright Shepherd Skyline Slate Snowcap Sorrel Stillwater
    Stonehaven Sundial Sycamore Talon Thistle Thornbury Torrent Trailhead Truenorth Tupelo
    Verdant Waverly Wayfarer Wescott Whitfield Wildwood Windward Wren Yarrow Yellowstone
    Alpine Beaumont Blueridge Brightwater Calder Caraway Clearwater Coldspring Corbel
    Darrow Eastgate Elmhurst Fairhaven Fallbrook Glenmore Hadley Hartwell Kenwood Kingsley
    Lockwood Millbrook Newhaven Oakhurst Parkside Prescott Quayside Ravenwood Rockport"""
)
NAME_SECOND_BY_INDUSTRY = (
    ("Analytics", "Software", "Cloud", "Data", "Labs", "Systems", "Digital", "Logic",
     "Stack", "Apps", "AI", "Metrics"),
    ("Capital", "Financial", "Payments", "Bank", "Wealth", "Lending", "Insurance", "Credit",
     "Finance", "Assurance"),
    ("Health", "Medical", "Care", "Clinics", "Diagnostics", "Therapeutics", "Biotech",
     "Pharma", "Dental", "Genomics"),
    ("Manufacturing", "Industries", "Metals", "Machines", "Components", "Robotics",
     "Materials", "Fabrication", "Tools", "Plastics"),
    ("Retail", "Goods", "Outfitters", "Markets", "Brands", "Apparel", "Stores", "Supply",
     "Grocers", "Home"),
    ("Learning", "Academy", "Education", "Schools", "Institute", "Tutors", "Training",
     "College"),
    ("County", "City", "Authority", "Agency", "Department", "Council", "Commission",
     "Services"),
    ("Media", "Studios", "Press", "Publishing", "Broadcasting", "Films", "Radio", "Games",
     "News", "Records"),
    ("Consulting", "Advisory", "Partners", "Legal", "Accounting", "Associates", "Strategy",
     "Recruiting", "Consultants", "Staffing"),
    ("Foundation", "Trust", "Alliance", "Society", "Fund", "Coalition", "Initiative",
     "Relief", "Association", "Charities"),
    # Namespace 10: domains of unmatched signups (no account).
    ("Ventures", "Collective", "Company", "Hub", "Studio", "Works", "Enterprises", "Concepts",
     "Dynamics", "Innovations"),
)  # fmt: skip
UNMATCHED_NAMESPACE = len(INDUSTRIES)
NAME_QUALIFIERS = (  # index 0: no qualifier
    "", "Group", "Global", "International", "Holdings", "North", "West", "East", "South",
    "One", "Plus", "Pro", "Direct", "United", "America", "Europe", "Worldwide", "Central",
)  # fmt: skip
NAME_SECOND = tuple(w for ws in NAME_SECOND_BY_INDUSTRY for w in ws)
NAME_SECOND_OFFSET = np.cumsum([0] + [len(ws) for ws in NAME_SECOND_BY_INDUSTRY])

FIRST_NAMES = _words(
    """james mary john patricia robert jennifer michael linda william elizabeth david
    barbara richard susan joseph jessica thomas sarah charles karen christopher lisa daniel
    nancy matthew betty anthony sandra mark ashley donald kimberly steven emily paul donna
    andrew michelle joshua carol kevin amanda brian melissa george deborah timothy
    stephanie ryan rebecca jason laura jeffrey sharon gary cynthia nicholas kathleen eric
    amy jonathan angela stephen anna larry brenda justin emma scott olivia brandon ava
    benjamin sophia samuel isabella gregory mia alexander charlotte frank amelia patrick
    harper raymond evelyn jack abigail dennis ella jerry chloe tyler grace aaron zoe jose
    maria luis ana carlos sofia juan lucia diego valentina priya arjun ananya rahul wei
    li jun mei hiroshi yuki kenji sakura lukas lena felix hannah jonas lea noah mila liam
    freya oliver ingrid lars astrid pierre camille louis chloe mohammed fatima omar aisha
    ahmed leila kwame amara tunde ngozi ivan olga dmitri katya marco giulia luca chiara"""
)
LAST_NAMES = _words(
    """smith johnson williams brown jones garcia miller davis rodriguez martinez hernandez
    lopez gonzalez wilson anderson thomas taylor moore jackson martin lee perez thompson
    white harris sanchez clark ramirez lewis robinson walker young allen king wright scott
    torres nguyen hill flores green adams nelson baker hall rivera campbell mitchell carter
    roberts gomez phillips evans turner diaz parker cruz edwards collins reyes stewart
    morris morales murphy cook rogers gutierrez ortiz morgan cooper peterson bailey reed
    kelly howard ramos kim cox ward richardson watson brooks chavez wood james bennett gray
    mendoza ruiz hughes price alvarez castillo sanders patel myers long ross foster jimenez
    powell jenkins perry russell sullivan bell coleman butler henderson barnes fisher
    vasquez simmons romero jordan patterson alexander hamilton graham reynolds griffin
    wallace west cole hayes bryant gibson ellis stevens murray ford marshall owens mcdonald
    harrison kennedy wells schmidt mueller schneider fischer weber meyer wagner becker
    schulz hoffmann dubois durand lefebvre moreau laurent rossi russo ferrari esposito
    bianchi romano colombo silva santos oliveira souza costa pereira sharma singh kumar
    gupta shah mehta iyer reddy wang zhang liu chen yang huang zhao wu zhou tanaka suzuki
    takahashi watanabe yamamoto nakamura kobayashi jansen devries bakker visser smit
    andersson johansson karlsson nilsson eriksson larsen hansen nielsen okafor mensah
    adeyemi okeke kowalski nowak wisniewski ivanov petrov smirnov obrien murphyjones
    byrne walsh ryan oconnor doyle mccarthy"""
)

# Job titles by seniority level; the level drives the hidden propensity, the wording
# (and, in the data, the casing) varies.
SENIORITY_LEVELS = ("c_level", "vp", "director", "manager", "individual", "entry")
SENIORITY_EFFECT = (0.65, 1.0, 0.85, 0.3, -0.35, -1.4)
TITLES_BY_LEVEL = (
    ("CEO", "Chief Executive Officer", "Chief Marketing Officer", "CMO", "CFO",
     "Chief Financial Officer", "COO", "Chief Operating Officer", "CTO",
     "Chief Revenue Officer", "CRO", "Co-Founder", "Founder", "Founder & CEO", "Owner",
     "President", "Managing Director", "Chief Data Officer", "Co-founder & CTO",
     "Owner/Operator"),
    ("VP Marketing", "VP of Marketing", "Vice President, Sales", "Vice President of Marketing",
     "SVP Revenue", "SVP, Sales", "EVP Operations", "VP Sales", "VP, Demand Generation",
     "VP Revenue Operations", "VP of Growth", "AVP Marketing Operations",
     "Vice President Business Development", "VP Data & Analytics", "VP, Sales Operations",
     "SVP Marketing"),
    ("Director of Demand Generation", "Head of Growth", "Marketing Director",
     "Director, Sales Operations", "Head of Marketing", "Sr. Director, Revenue Operations",
     "Director of Analytics", "Head of Sales", "Director of Marketing Operations",
     "Head of Data", "Director, Business Intelligence", "Global Head of Demand Gen",
     "Director of Sales", "Senior Director of Marketing", "Head of RevOps",
     "Director of IT"),
    ("Marketing Manager", "Sr. Sales Operations Manager", "Demand Generation Manager",
     "Marketing Operations Manager", "Sales Manager", "Product Marketing Manager",
     "Senior Manager, Analytics", "Revenue Operations Manager", "CRM Manager",
     "Growth Marketing Manager", "Account Manager", "Campaign Manager",
     "Manager, Data Engineering", "Digital Marketing Manager", "Sales Enablement Manager",
     "IT Manager", "Office Manager"),
    ("Marketing Specialist", "Data Analyst", "Sales Development Representative",
     "Coordinator", "Marketing Coordinator", "Account Executive",
     "Business Development Representative", "SDR", "BDR",
     "Marketing Operations Specialist", "Data Engineer", "Analytics Engineer",
     "Content Writer", "Sales Operations Analyst", "Software Engineer",
     "Customer Success Specialist", "Senior Data Analyst", "Email Marketing Specialist",
     "Consultant", "Associate", "Team Lead, Sales Development", "Executive Assistant",
     "Senior Account Executive", "Growth Hacker"),
    ("Marketing Intern", "Student", "Graduate Assistant", "Junior Analyst", "Intern",
     "Sales Intern", "MBA Candidate", "Research Assistant", "Junior Marketing Associate",
     "Trainee", "PhD Student", "Undergraduate Student", "Jr. Data Analyst",
     "Marketing Apprentice"),
)  # fmt: skip
TITLES = tuple(t for ts in TITLES_BY_LEVEL for t in ts)
TITLE_OFFSET = np.cumsum([0] + [len(ts) for ts in TITLES_BY_LEVEL])
STUDENT_TITLES = frozenset(
    {
        "Student",
        "Graduate Assistant",
        "MBA Candidate",
        "Research Assistant",
        "PhD Student",
        "Undergraduate Student",
    }
)
# Probability of each seniority level by company-size band (<=20, <=200, <=2000, more),
# for free-email signups and for unmatched signups.
LEVEL_PROBS_BY_SIZE = np.array(
    [
        [0.32, 0.05, 0.08, 0.16, 0.31, 0.08],
        [0.08, 0.09, 0.15, 0.26, 0.34, 0.08],
        [0.03, 0.08, 0.16, 0.28, 0.37, 0.08],
        [0.015, 0.07, 0.15, 0.29, 0.39, 0.085],
    ]
)
LEVEL_PROBS_FREE = np.array([0.06, 0.03, 0.05, 0.14, 0.42, 0.30])
LEVEL_PROBS_UNMATCHED = np.array([0.12, 0.07, 0.13, 0.25, 0.35, 0.08])

BLOG_SLUGS = (
    "what-is-lead-scoring", "mql-vs-sql", "intent-data-101", "b2b-funnel-benchmarks",
    "email-subject-lines-that-work", "abm-playbook", "attribution-models-explained",
    "sales-and-marketing-alignment", "customer-data-platforms", "predictive-scoring-myths",
    "dbt-for-marketers", "warehouse-native-marketing", "ideal-customer-profile",
    "webinar-promotion-checklist", "content-syndication-roi", "reverse-etl-guide",
    "lead-routing-rules", "pipeline-velocity", "nurture-campaign-ideas", "gdpr-for-b2b",
    "buyer-personas", "demand-gen-in-2026", "data-quality-checklist", "churn-signals",
    "product-led-growth", "sdr-cadences", "trade-show-follow-up", "marketing-ops-stack",
    "cohort-analysis-basics", "conversion-rate-optimization", "landing-page-teardown",
    "seo-for-saas", "the-state-of-b2b-email", "closing-the-loop-with-crm",
    "why-scores-decay", "scoring-without-a-data-team", "hiring-your-first-revops",
    "year-in-review", "release-notes-roundup", "customer-story-roundup",
)  # fmt: skip
CASE_STUDY_SLUGS = (
    "northwind-analytics", "bluepeak-capital", "ironwood-health", "summit-retail",
    "meridian-manufacturing", "harbor-media", "keystone-insurance", "lumen-software",
    "atlas-logistics", "granite-bank", "evergreen-learning", "sterling-consulting",
)  # fmt: skip
DOCS_SLUGS = (
    "getting-started", "installation", "connect-your-warehouse", "scoring-rules",
    "decay", "api-reference", "integrations/salesforce", "integrations/hubspot",
    "sso", "faq", "release-notes", "data-model",
)  # fmt: skip
CAREERS_SLUGS = (
    "senior-data-engineer", "account-executive", "sdr-team-lead", "product-designer",
    "marketing-intern", "customer-success-manager", "solutions-engineer", "analytics-engineer",
)  # fmt: skip
PAGES_GENERAL = (
    "/",
    "/product/analytics",
    "/product/automation",
    "/integrations",
    "/about",
    "/contact",
    "/demo",
)
PAGES = (
    *PAGES_GENERAL,
    "/pricing",
    "/careers",
    *(f"/case-studies/{s}" for s in CASE_STUDY_SLUGS),
    *(f"/blog/{s}" for s in BLOG_SLUGS),
    *(f"/docs/{s}" for s in DOCS_SLUGS),
    *(f"/careers/{s}" for s in CAREERS_SLUGS),
)
P_HOME, P_ANALYTICS, P_AUTOMATION = 0, 1, 2
P_PRICING = len(PAGES_GENERAL)
P_CAREERS = P_PRICING + 1
P_CASE = P_CAREERS + 1
P_BLOG = P_CASE + len(CASE_STUDY_SLUGS)
P_DOCS = P_BLOG + len(BLOG_SLUGS)
P_CAREERS_SLUG = P_DOCS + len(DOCS_SLUGS)
# General-page mix: the seven pages above, then "docs" (one of the doc pages).
GENERAL_PAGE_WEIGHTS = np.array([0.30, 0.13, 0.11, 0.08, 0.07, 0.05, 0.08, 0.18])

CONTENT_ASSETS = (
    "Ebook: The B2B Lead Scoring Playbook",
    "Whitepaper: Warehouse-Native Marketing",
    "Report: 2026 Demand Generation Benchmarks",
    "Template: Ideal Customer Profile Worksheet",
    "Guide: From MQL to Revenue",
    "Checklist: Marketing Data Quality",
    "Ebook: Account-Based Marketing for Small Teams",
    "Report: State of Marketing Operations",
    "Toolkit: Webinar Promotion",
    "Guide: Attribution Without Tears",
    "Whitepaper: Predictive vs Rule-Based Scoring",
    "Template: Nurture Email Sequences",
    "Case Study Pack: Scoring in Production",
    "ROI Calculator: Sales Automation",
)
WEBINAR_TITLES = (
    "Webinar: Scoring Leads in the Warehouse",
    "Webinar: Building an MQL Definition Sales Trusts",
    "Webinar: Intent Signals That Actually Predict Revenue",
    "Webinar: dbt for Marketing Operations",
    "Webinar: Automating Lead Routing",
    "Webinar: Analytics for Revenue Teams",
    "Webinar: Customer Panel - Scaling Demand Gen",
    "Webinar: Product Tour and Live Q&A",
    "Webinar: Data Quality for Go-To-Market",
    "Webinar: Ask Me Anything with Our CEO",
)
ASSETS = CONTENT_ASSETS + WEBINAR_TITLES
EMAIL_CAMPAIGN_KINDS = ("newsletter", "product-update", "nurture", "event-invite", "promo")

# Event "streams": each has its own per-lead rate; several streams map to one event type.
(
    S_OPEN,
    S_CLICK,
    S_PV_GENERAL,
    S_PV_PRICING,
    S_PV_CASE,
    S_PV_BLOG,
    S_PV_CAREERS,
    S_DOWNLOAD,
    S_WEBINAR,
    S_DEMO,
    S_FORM,
) = range(11)
N_STREAMS = 11
STREAM_SHARE = np.array([0.36, 0.045, 0.27, 0.03, 0.025, 0.12, 0.012, 0.04, 0.022, 0.006, 0.015])
STREAM_TYPE = np.array(
    [
        T_EMAIL_OPEN,
        T_EMAIL_CLICK,
        T_PAGE_VIEW,
        T_PAGE_VIEW,
        T_PAGE_VIEW,
        T_PAGE_VIEW,
        T_PAGE_VIEW,
        T_DOWNLOAD,
        T_WEBINAR_REGISTERED,
        T_DEMO_REQUEST,
        T_FORM_SUBMIT,
    ],
    dtype=np.int16,
)
SESSION_STREAMS = np.array([s not in (S_OPEN, S_CLICK, S_WEBINAR) for s in range(N_STREAMS)])

# Lead kinds.
K_ACCOUNT, K_FREE, K_UNMATCHED, K_COMPETITOR = 0, 1, 2, 3

DAY = 86_400
PRE_WINDOW_SHARE = 0.25  # leads created in the year before the activity window
DUCKDB_MEMORY_LIMIT = "2GB"
LEADS_PER_CHUNK = 20_000  # fixed: the chunking is part of what makes output reproducible
_SCHEMA_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

# Random-stream identifiers (one numpy Generator per purpose and chunk).
_RNG_ACCOUNTS, _RNG_LEADS, _RNG_OPPS, _RNG_CALENDAR, _RNG_EVENTS, _RNG_DIRTY = range(6)

# --------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GeneratorConfig:
    """What to generate. Equal configurations give identical tables.

    leads: number of leads (accounts, events and opportunities scale with it).
    seed: random seed. ``end_date`` defaults to today, so pass it too to reproduce a
        warehouse on another day.
    end_date: last day of activity (inclusive); history_days: days of activity before it.
    events_per_lead: mean number of clean events per lead (heavily skewed per lead).
    dirty_rate: share of injected dirty rows of each kind (0 disables them).
    database: the DuckDB file (created with its folder if missing); schema: where the four
        raw tables go.
    """

    leads: int = 10_000
    seed: int = 7
    end_date: datetime.date = field(default_factory=datetime.date.today)
    history_days: int = 400
    events_per_lead: float = 50.0
    dirty_rate: float = 0.005
    database: Path = field(default_factory=duckdb_path)
    schema: str = RAW_SCHEMA

    def __post_init__(self) -> None:
        object.__setattr__(self, "database", Path(self.database))
        if isinstance(self.end_date, datetime.datetime):
            object.__setattr__(self, "end_date", self.end_date.date())
        if self.leads < 1:
            raise ValueError(f"leads must be at least 1, got {self.leads}")
        if not 0 <= self.seed < 2**63:
            raise ValueError(f"seed must be a non-negative 63-bit integer, got {self.seed}")
        if self.history_days < 30:
            raise ValueError(f"history_days must be at least 30, got {self.history_days}")
        if not 0 < self.events_per_lead <= 10_000:
            raise ValueError(f"events_per_lead must be in (0, 10000], got {self.events_per_lead}")
        if not 0 <= self.dirty_rate <= 0.2:
            raise ValueError(f"dirty_rate must be in [0, 0.2], got {self.dirty_rate}")
        if not _SCHEMA_RE.match(self.schema):
            raise ValueError(f"schema must be a plain SQL identifier, got {self.schema!r}")


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
    world = _build_world(config)
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


def _parse_date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {text!r}") from exc


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the generator's options to an argparse (sub)parser."""
    defaults = GeneratorConfig.__dataclass_fields__
    parser.add_argument(
        "--leads", type=int, default=defaults["leads"].default, help="number of leads"
    )
    parser.add_argument("--seed", type=int, default=defaults["seed"].default, help="random seed")
    parser.add_argument(
        "--end-date",
        type=_parse_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="last day of activity, inclusive (default: today)",
    )
    parser.add_argument(
        "--history-days",
        type=int,
        default=defaults["history_days"].default,
        help="days of history before the end date",
    )
    parser.add_argument(
        "--events-per-lead",
        type=float,
        default=defaults["events_per_lead"].default,
        help="mean events per lead (heavily skewed per lead)",
    )
    parser.add_argument(
        "--dirty-rate",
        type=float,
        default=defaults["dirty_rate"].default,
        help="share of injected dirty rows of each kind (0 disables)",
    )
    parser.add_argument(
        "--database",
        type=Path,
        default=None,
        help="DuckDB file (default: $LEADSCORE_DUCKDB_PATH or warehouse/leadscore.duckdb)",
    )
    parser.add_argument(
        "--schema", default=defaults["schema"].default, help="schema of the raw tables"
    )


def config_from_args(args: argparse.Namespace) -> GeneratorConfig:
    """Build a GeneratorConfig from arguments added by `add_arguments`."""
    config = GeneratorConfig(
        leads=args.leads,
        seed=args.seed,
        history_days=args.history_days,
        events_per_lead=args.events_per_lead,
        dirty_rate=args.dirty_rate,
        schema=args.schema,
    )
    if args.end_date is not None:
        config = replace(config, end_date=args.end_date)
    if args.database is not None:
        config = replace(config, database=Path(args.database))
    return config


# --------------------------------------------------------------------------------------
# Entities: accounts, leads, opportunities (vectorised numpy, all leads at once)
# --------------------------------------------------------------------------------------

Columns = dict[str, np.ndarray]


@dataclass
class _Calendar:
    start_ts: int  # first second of the window
    end_ts: int  # last second of end_date
    email_send: np.ndarray  # sorted send times of email campaigns
    webinar_at: np.ndarray  # sorted webinar start times (some after end_date)
    campaign_ids: tuple[str, ...]  # email campaigns, then webinars


@dataclass
class _World:
    config: GeneratorConfig
    cal: _Calendar
    accounts: Columns
    leads: Columns
    opps: Columns
    injected: Columns  # intent events that lead up to each opportunity, sorted by lead
    rate_scale: float


def _rng(config: GeneratorConfig, purpose: int, chunk: int = 0) -> np.random.Generator:
    return np.random.Generator(
        np.random.PCG64(np.random.SeedSequence([config.seed, purpose, chunk]))
    )


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _choose(rng: np.random.Generator, probs: np.ndarray, size: int | None = None) -> np.ndarray:
    """Draw category codes: `probs` is one weight vector, or one row of weights per draw."""
    probs = np.asarray(probs, dtype=np.float64)
    if probs.ndim == 1:
        n = 0 if size is None else size
        cum = np.cumsum(probs / probs.sum())
        return np.minimum(np.searchsorted(cum, rng.random(n), side="right"), len(probs) - 1)
    cum = np.cumsum(probs, axis=1)
    cum /= cum[:, -1:]
    u = rng.random(len(probs))[:, None]
    return np.minimum((u >= cum).sum(axis=1), probs.shape[1] - 1)


def _solve_intercept(logits: np.ndarray, target: float) -> float:
    """The c with sum(sigmoid(logits + c)) == target (bisection; deterministic)."""
    if len(logits) == 0:
        return 0.0
    target = min(max(target, 1e-9), len(logits) * (1 - 1e-9))
    lo, hi = -40.0, 40.0
    for _ in range(80):
        mid = (lo + hi) / 2
        if _sigmoid(logits + mid).sum() < target:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def _epoch_seconds(day: datetime.date) -> int:
    return (day - datetime.date(1970, 1, 1)).days * DAY


def _build_calendar(config: GeneratorConfig) -> _Calendar:
    rng = _rng(config, _RNG_CALENDAR)
    end_ts = _epoch_seconds(config.end_date) + DAY - 1
    start_ts = _epoch_seconds(config.end_date - datetime.timedelta(days=config.history_days))
    days = np.arange(start_ts // DAY, end_ts // DAY + 1)
    weekday = (days + 3) % 7  # 1970-01-01 was a Thursday; Monday == 0
    # Email campaigns on Tuesdays and Thursdays around 14:00 UTC.
    send_days = days[(weekday == 1) | (weekday == 3)]
    email_send = send_days * DAY + 13 * 3600 + rng.integers(0, 7200, len(send_days))
    # A webinar every three weeks on Wednesdays at 16:00 UTC, scheduled up to 5 weeks ahead.
    first_wed = start_ts // DAY + 7 + (2 - (start_ts // DAY + 7 + 3) % 7) % 7
    webinar_days = np.arange(first_wed, end_ts // DAY + 36, 21)
    webinar_at = webinar_days * DAY + 16 * 3600
    epoch = datetime.date(1970, 1, 1)
    ids = [
        f"em-{(epoch + datetime.timedelta(days=int(d))):%Y%m%d}-"
        f"{EMAIL_CAMPAIGN_KINDS[i % len(EMAIL_CAMPAIGN_KINDS)]}"
        for i, d in enumerate(send_days)
    ]
    ids += [f"wb-{(epoch + datetime.timedelta(days=int(d))):%Y%m%d}" for d in webinar_days]
    return _Calendar(
        start_ts=start_ts,
        end_ts=end_ts,
        email_send=email_send.astype(np.int64),
        webinar_at=webinar_at.astype(np.int64),
        campaign_ids=tuple(ids),
    )


def _lead_mix(n_leads: int) -> tuple[int, int, int, int]:
    """Leads at (matched accounts, free email, unmatched domains, competitors)."""
    n_comp = max(len(COMPETITORS), round(0.003 * n_leads)) if n_leads >= 200 else 0
    n_free = round(0.05 * n_leads)
    n_unmatched = round(0.03 * n_leads)
    n_account = n_leads - n_comp - n_free - n_unmatched
    return n_account, n_free, n_unmatched, n_comp


def _build_accounts(config: GeneratorConfig, n_account_leads: int, n_comp_leads: int) -> Columns:
    rng = _rng(config, _RNG_ACCOUNTS)
    m = max(n_account_leads, 1)  # candidates; every account has at least one lead
    industry = _choose(rng, np.array(INDUSTRY_WEIGHTS), m)
    country = _choose(rng, np.array([w for _, w, _ in COUNTRIES]), m)
    size_factor = np.array(INDUSTRY_SIZE_FACTOR)[industry]
    employees = np.exp(rng.normal(math.log(45.0), 1.9, m)) * size_factor
    employees = np.clip(np.round(employees), 1, 450_000).astype(np.int64)
    revenue = employees * np.array(INDUSTRY_REVENUE_PER_EMPLOYEE)[industry]
    revenue = np.maximum(np.round(revenue * rng.lognormal(0.0, 0.45, m), -3), 10_000.0)
    intent = rng.normal(0.0, 1.0, m)
    # Contacts per account: heavy-tailed and growing with company size.
    lam = 0.5 * employees**0.33 * rng.gamma(0.6, 1 / 0.6, m)
    contacts = 1 + rng.poisson(lam)
    cum = np.cumsum(contacts)
    n = int(np.searchsorted(cum, n_account_leads)) + 1 if n_account_leads > 0 else 0
    n = min(n, m)
    cols: Columns = {
        "industry": industry[:n],
        "country": country[:n],
        "employees": employees[:n],
        "revenue": revenue[:n],
        "intent": intent[:n],
        "contacts": contacts[:n].copy(),
    }
    if n:
        cols["contacts"][-1] -= int(cum[n - 1]) - n_account_leads
    # Competitors: three extra accounts at the end.
    if n_comp_leads:
        k = len(COMPETITORS)
        comp_contacts = np.full(k, n_comp_leads // k)
        comp_contacts[: n_comp_leads % k] += 1
        extra = {
            "industry": np.zeros(k, dtype=np.int64),
            "country": np.array([COUNTRY_CODES.index(c) for _, _, c, _, _ in COMPETITORS]),
            "employees": np.array([e for _, _, _, e, _ in COMPETITORS], dtype=np.int64),
            "revenue": np.array([r for _, _, _, _, r in COMPETITORS]),
            "intent": np.zeros(k),
            "contacts": comp_contacts,
        }
        cols = {key: np.concatenate([cols[key], extra[key]]) for key in cols}
    n_all = len(cols["industry"])
    cols["is_competitor"] = np.arange(n_all) >= n
    cols["fixed_domain"] = np.where(
        cols["is_competitor"], np.arange(n_all) - n + len(FREE_EMAIL_DOMAINS), -1
    )
    cols.update(_company_names(rng, cols["industry"], cols["country"], n, n_all))
    # Dirty sizes: negative or missing employee counts.
    cols["employees_dirty"] = _dirty_kinds(rng, n_all, config.dirty_rate, 2)
    return cols


def _name_codes(
    rng: np.random.Generator, namespace: np.ndarray, rank: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Unique (first word, second word, qualifier, cycle) per (namespace, rank)."""
    n = len(namespace)
    first = np.zeros(n, dtype=np.int64)
    second = np.zeros(n, dtype=np.int64)
    tier = np.zeros(n, dtype=np.int64)
    for ns in range(len(NAME_SECOND_BY_INDUSTRY)):
        mask = namespace == ns
        n_second = len(NAME_SECOND_BY_INDUSTRY[ns])
        capacity = len(NAME_FIRST) * n_second
        perm = rng.permutation(capacity)
        combo = perm[rank[mask] % capacity]
        first[mask] = combo // n_second
        second[mask] = NAME_SECOND_OFFSET[ns] + combo % n_second
        tier[mask] = rank[mask] // capacity
    return first, second, tier % len(NAME_QUALIFIERS), tier // len(NAME_QUALIFIERS)


def _rank_within(groups: np.ndarray, start: np.ndarray | None = None) -> np.ndarray:
    """0-based position of each row among earlier rows of the same group."""
    order = np.argsort(groups, kind="stable")
    sorted_groups = groups[order]
    first_of_group = np.searchsorted(sorted_groups, sorted_groups, side="left")
    rank = np.empty(len(groups), dtype=np.int64)
    rank[order] = np.arange(len(groups)) - first_of_group
    if start is not None:
        rank += start[groups]
    return rank


def _company_names(
    rng: np.random.Generator, industry: np.ndarray, country: np.ndarray, n_real: int, n_all: int
) -> Columns:
    first, second, qualifier, cycle = _name_codes(rng, industry, _rank_within(industry))
    tld = np.full(n_all, TLDS.index(".com"))
    u = rng.random(n_all)
    local_tld = np.array([TLDS.index(t) for _, _, t in COUNTRIES])[country]
    tld = np.where((country != 0) & (u < 0.55), local_tld, tld)
    software = industry == INDUSTRIES.index("software")
    tld = np.where(software & (u >= 0.55) & (u < 0.72), TLDS.index(".io"), tld)
    tld = np.where(software & (u >= 0.72) & (u < 0.77), TLDS.index(".ai"), tld)
    tld = np.where((industry == INDUSTRIES.index("nonprofit")) & (u < 0.8), TLDS.index(".org"), tld)
    us = country == 0
    tld = np.where((industry == INDUSTRIES.index("government")) & us, TLDS.index(".gov"), tld)
    tld = np.where(
        (industry == INDUSTRIES.index("education")) & us & (u < 0.7), TLDS.index(".edu"), tld
    )
    # Legal suffixes in the display name only (not for public-sector or nonprofit accounts).
    suffix = np.full(n_all, -1)
    commercial = ~np.isin(
        industry, [INDUSTRIES.index(i) for i in ("government", "education", "nonprofit")]
    )
    pick = rng.random(n_all)
    for c, options in LEGAL_SUFFIX_BY_COUNTRY.items():
        mask = (country == COUNTRY_CODES.index(c)) & commercial & (pick < 0.35)
        choice = np.minimum((pick[mask] / 0.35 * len(options)).astype(np.int64), len(options) - 1)
        suffix[mask] = np.array([LEGAL_SUFFIXES.index(s) for s in options])[choice]
    qualifier = qualifier.copy()
    # Competitors (rows n_real..) have fixed names and domains.
    for arr in (first, second, cycle, tld, suffix):
        arr[n_real:] = -1
    qualifier[n_real:] = 0
    return {
        "name_first": first,
        "name_second": second,
        "name_qualifier": qualifier,
        "name_cycle": cycle,
        "tld": tld,
        "legal_suffix": suffix,
    }


def _dirty_kinds(rng: np.random.Generator, n: int, rate: float, kinds: int) -> np.ndarray:
    """0 for clean rows; 1..kinds for about rate*n dirty rows (spread over the kinds)."""
    out = np.zeros(n, dtype=np.int8)
    if rate <= 0 or n == 0:
        return out
    dirty = rng.random(n) < rate
    out[dirty] = 1 + rng.integers(0, kinds, int(dirty.sum()))
    return out


def _build_leads(config: GeneratorConfig, cal: _Calendar, accounts: Columns) -> Columns:
    rng = _rng(config, _RNG_LEADS)
    n_account, n_free, n_unmatched, n_comp = _lead_mix(config.leads)
    n = config.leads
    n_acc = len(accounts["industry"])
    account = np.concatenate(
        [
            np.repeat(np.arange(n_acc), accounts["contacts"]),
            np.full(n_free + n_unmatched, -1),
        ]
    )
    kind = np.concatenate(
        [
            np.where(accounts["is_competitor"], K_COMPETITOR, K_ACCOUNT).repeat(
                accounts["contacts"]
            ),
            np.full(n_free, K_FREE),
            np.full(n_unmatched, K_UNMATCHED),
        ]
    ).astype(np.int8)
    assert len(account) == n == n_account + n_free + n_unmatched + n_comp
    has_account = account >= 0
    acc = np.where(has_account, account, 0)
    employees = np.where(has_account, accounts["employees"][acc] if n_acc else 1, 0)

    # Latent buying intent, shared in part by colleagues at the same account.
    own = rng.normal(0.0, 1.0, n)
    acc_intent = accounts["intent"][acc] if n_acc else np.zeros(n)
    intent = np.where(has_account, 0.55 * acc_intent + 0.835 * own, own)
    intent = np.where(kind == K_COMPETITOR, own + 1.0, intent)  # curious rivals look hot

    # Seniority and title.
    band = np.searchsorted([20, 200, 2000], employees, side="left")
    level_probs = LEVEL_PROBS_BY_SIZE[band]
    level_probs[kind == K_FREE] = LEVEL_PROBS_FREE
    level_probs[kind == K_UNMATCHED] = LEVEL_PROBS_UNMATCHED
    level = _choose(rng, level_probs)
    n_titles = np.diff(TITLE_OFFSET)
    # Within a level, earlier titles in the list are more common.
    title = TITLE_OFFSET[level] + (rng.random(n) ** 1.4 * n_titles[level]).astype(np.int64)
    is_student = np.isin(title, [TITLES.index(t) for t in STUDENT_TITLES])
    title_case = _choose(rng, np.array([0.88, 0.08, 0.04]), n)  # as written, lower, UPPER
    seeker_p = np.select(
        [kind == K_FREE, kind == K_UNMATCHED, kind == K_COMPETITOR], [0.12, 0.05, 0.0], 0.03
    )
    jobseeker = rng.random(n) < seeker_p

    interest = _choose(rng, np.array([0.45, 0.35, 0.20]), n)
    interest = np.where(interest == 2, -1, interest)

    # A quarter of the leads were created in the year before the window (CRM history; their
    # activity is recorded from the window start), the rest inside it, growing over time.
    before = rng.random(n) < PRE_WINDOW_SHARE
    created = np.where(
        before,
        cal.start_ts - 365 * DAY * rng.random(n),
        cal.start_ts + (cal.end_ts - 3600 - cal.start_ts) * rng.random(n) ** 0.8,
    ).astype(np.int64)
    active = np.maximum(created, cal.start_ts)

    # Lead source: webinar signups first (independent of intent), then hand-raisers
    # (demo/contact forms, driven by intent), then everything else with fixed weights.
    source = np.full(n, -1)
    webinar = rng.random(n) < 0.08
    source[webinar] = LEAD_SOURCES.index("webinar")
    hand = ~webinar & (rng.random(n) < _sigmoid(-2.2 + 1.0 * intent))
    demo = rng.random(n) < _sigmoid(-0.2 + 0.8 * intent)
    source[hand & demo] = LEAD_SOURCES.index("demo_form")
    source[hand & ~demo] = LEAD_SOURCES.index("contact_form")
    rest = source < 0
    other = ("organic_search", "content_download", "referral", *OUTBOUND_SOURCES)
    other_w = np.array([0.22, 0.14, 0.06, 0.24, 0.14, 0.12, 0.08])
    source[rest] = np.array([LEAD_SOURCES.index(s) for s in other])[
        _choose(rng, other_w, int(rest.sum()))
    ]
    seeker_organic = jobseeker & (rng.random(n) < 0.6) & ~webinar & ~hand
    source[seeker_organic] = LEAD_SOURCES.index("organic_search")
    inbound = source < len(INBOUND_SOURCES)

    activity = rng.lognormal(-0.72, 1.2, n) * np.where(inbound, 1.5, 1.0)
    affinity = rng.lognormal(-0.5, 1.0, n)

    unsubscribed = np.full(n, -1, dtype=np.int64)
    unsub = rng.random(n) < 0.06
    unsubscribed[unsub] = (
        active[unsub] + 600 + (cal.end_ts - active[unsub] - 600) * rng.random(int(unsub.sum()))
    ).astype(np.int64)

    # Hidden propensity (logit, up to an intercept calibrated later).
    log_emp = np.log10(np.maximum(employees, 1))
    size_effect = 0.45 * np.clip(log_emp - 1.0, 0, 3.0) - 0.3 * np.clip(log_emp - 4.0, 0, 2.0)
    industry_effect = np.where(
        has_account, np.array(INDUSTRY_EFFECT)[accounts["industry"][acc]] if n_acc else 0, 0.0
    )
    propensity = (
        np.array(SENIORITY_EFFECT)[level]
        + np.where(has_account, size_effect, 0.3)
        + industry_effect
        + 1.2 * intent
        - 2.5 * jobseeker
        - 1.2 * is_student
        - np.where(kind == K_FREE, 3.0, 0.0)
        - np.where(kind == K_COMPETITOR, 9.0, 0.0)
        + rng.normal(0.0, 0.8, n)
    )

    # Email address parts.
    first_name = rng.integers(0, len(FIRST_NAMES), n)
    last_name = rng.integers(0, len(LAST_NAMES), n)
    email_format = np.where(
        kind == K_FREE,
        _choose(rng, np.array([0.45, 0.25, 0.2, 0.1]), n) + 10,
        _choose(rng, np.array([0.72, 0.12, 0.04, 0.06, 0.06]), n),
    )
    email_number = rng.integers(1, 100, n)
    email_number = np.where(rng.random(n) < 0.3, rng.integers(1965, 2006, n), email_number)
    fixed_domain = np.where(
        kind == K_FREE,
        _choose(rng, np.array(FREE_EMAIL_WEIGHTS), n),
        accounts["fixed_domain"][acc] if n_acc else -1,
    )
    fixed_domain = np.where(kind == K_UNMATCHED, -1, fixed_domain)
    fixed_domain = np.where(kind == K_ACCOUNT, -1, fixed_domain)
    dom: dict[str, np.ndarray] = {}
    for key in ("name_first", "name_second", "name_qualifier", "name_cycle", "tld"):
        dom[key] = np.where(has_account, accounts[key][acc] if n_acc else -1, -1)
    unmatched = kind == K_UNMATCHED
    uf, us_, uq, uc = _name_codes(
        rng, np.full(int(unmatched.sum()), UNMATCHED_NAMESPACE), np.arange(int(unmatched.sum()))
    )
    dom["name_first"][unmatched] = uf
    dom["name_second"][unmatched] = us_
    dom["name_qualifier"][unmatched] = uq
    dom["name_cycle"][unmatched] = uc
    dom["tld"][unmatched] = TLDS.index(".com")
    dom["name_qualifier"][~has_account & ~unmatched] = 0

    cols: Columns = {
        "account": account,
        "kind": kind,
        "intent": intent,
        "propensity": propensity,
        "level": level,
        "title": title,
        "title_case": title_case,
        "jobseeker": jobseeker,
        "interest": interest,
        "created": created,
        "source": source,
        "inbound": inbound,
        "activity": activity,
        "affinity": affinity,
        "unsubscribed": unsubscribed,
        "first_name": first_name,
        "last_name": last_name,
        "email_format": email_format,
        "email_number": email_number,
        "fixed_domain": fixed_domain,
        **dom,
        "email_dirty": _dirty_kinds(rng, n, config.dirty_rate, 4),
        "title_dirty": _dirty_kinds(rng, n, config.dirty_rate, 4),
    }
    # Lead ids follow creation time, as in a CRM.
    order = np.argsort(created, kind="stable")
    return {key: value[order] for key, value in cols.items()}


def _build_opportunities(
    config: GeneratorConfig, cal: _Calendar, accounts: Columns, leads: Columns
) -> tuple[Columns, Columns]:
    rng = _rng(config, _RNG_OPPS)
    n = len(leads["created"])
    eligible = (leads["kind"] == K_ACCOUNT) & (leads["created"] <= cal.end_ts - 14 * DAY)
    idx = np.nonzero(eligible)[0]
    empty: Columns = {
        k: np.zeros(0, dtype=np.int64)
        for k in ("lead", "account", "product", "created", "closed", "won", "amount")
    }
    empty_inj: Columns = {k: np.zeros(0, dtype=np.int64) for k in ("lead", "type", "ts", "page")}
    if len(idx) == 0:
        return empty, empty_inj
    # Rank each account's eligible leads by intent; the top one is the primary contact.
    order = np.lexsort((-leads["intent"][idx], leads["account"][idx]))
    idx = idx[order]
    acc = leads["account"][idx]
    rank = np.arange(len(idx)) - np.searchsorted(acc, acc, side="left")
    primary = idx[rank == 0]
    second = idx[rank == 1]
    second_acc = leads["account"][second]

    prop = leads["propensity"]
    c = _solve_intercept(0.85 * prop[primary], 0.05 * n)
    has_opp = rng.random(len(primary)) < _sigmoid(0.85 * prop[primary] + c)
    first_leads = primary[has_opp]
    opp_accounts = leads["account"][first_leads]
    # A second opportunity (the other product line) for some larger accounts.
    log_emp = np.log10(accounts["employees"][second_acc])
    second_ok = np.isin(second_acc, opp_accounts) & (
        rng.random(len(second)) < _sigmoid(-2.8 + 0.6 * (log_emp - 2.0) + 0.5 * prop[second])
    )
    second_leads = second[second_ok]
    opp_lead = np.concatenate([first_leads, second_leads])
    is_second = np.concatenate([np.zeros(len(first_leads), bool), np.ones(len(second_leads), bool)])
    m = len(opp_lead)

    interest = leads["interest"][opp_lead]
    product = np.where(interest >= 0, interest, (rng.random(m) < 0.45).astype(np.int64))
    # The second opportunity is for the product line the account does not have yet.
    acc_of = leads["account"][opp_lead]
    by_account = np.argsort(opp_accounts)  # first opportunities: one per account
    first_of = by_account[np.searchsorted(opp_accounts[by_account], acc_of[is_second])]
    product[is_second] = 1 - product[first_of]

    lead_created = leads["created"][opp_lead]
    lead_active = np.maximum(lead_created, cal.start_ts)
    lo = lead_active + 3 * DAY
    hi = cal.end_ts - DAY
    created = (lo + (hi - lo) * rng.random(m) ** 2.5).astype(np.int64)
    employees = accounts["employees"][acc_of]
    cycle_days = rng.uniform(20, 150, m) * (0.8 + 0.1 * np.log10(employees))
    closed = created + (np.clip(cycle_days, 20, 150) * DAY).astype(np.int64)
    logit_won = 1.0 * prop[opp_lead]
    d = _solve_intercept(logit_won, 0.33 * m)
    won = rng.random(m) < _sigmoid(logit_won + d)
    base = np.where(product == 0, 15_000.0, 24_000.0)
    amount = base * (np.maximum(employees, 1) / 50.0) ** 0.35 * rng.lognormal(0.0, 0.35, m)
    amount = np.maximum(np.round(amount, -2), 3_000.0)

    # Intent events leading up to each opportunity: a demo request (more likely with
    # higher intent) or a contact form, with a pricing-page visit or two just before.
    t_int = created - (rng.uniform(0.5, 12.0, m) * DAY).astype(np.int64)
    t_int = np.maximum(t_int, lead_active + 600)
    demo = rng.random(m) < _sigmoid(0.5 + leads["intent"][opp_lead])
    n_pricing = 1 + (rng.random(m) < 0.5)
    pricing_lead = np.repeat(opp_lead, n_pricing)
    pricing_ts = np.repeat(t_int, n_pricing) - rng.integers(60, 1800, int(n_pricing.sum()))
    pricing_ts = np.maximum(pricing_ts, np.repeat(lead_active, n_pricing) + 1)
    injected: Columns = {
        "lead": np.concatenate([opp_lead, pricing_lead]),
        "type": np.concatenate(
            [np.where(demo, T_DEMO_REQUEST, T_FORM_SUBMIT), np.full(len(pricing_lead), T_PAGE_VIEW)]
        ),
        "ts": np.concatenate([t_int, pricing_ts]),
        "page": np.concatenate([np.full(m, -1), np.full(len(pricing_lead), P_PRICING)]),
    }
    inj_order = np.argsort(injected["lead"], kind="stable")
    injected = {k: v[inj_order] for k, v in injected.items()}

    order = np.argsort(created, kind="stable")
    opps: Columns = {
        "lead": opp_lead,
        "account": acc_of,
        "product": product,
        "created": created,
        "closed": closed,
        "won": won,
        "amount": amount,
    }
    return {k: v[order] for k, v in opps.items()}, injected


def _stream_factors(leads: Columns, sl: slice) -> np.ndarray:
    """Relative per-lead rates of each event stream (before lifetime and global scaling)."""
    intent = leads["intent"][sl]
    a = leads["activity"][sl]
    c = leads["affinity"][sl]
    comp = leads["kind"][sl] == K_COMPETITOR
    f = np.empty((len(intent), N_STREAMS))
    sqrt_a = np.sqrt(a)
    f[:, S_OPEN] = c
    f[:, S_CLICK] = np.sqrt(c) * np.exp(0.7 * intent - 0.245)
    f[:, S_PV_GENERAL] = a * np.exp(0.3 * intent - 0.045) * np.where(comp, 3.0, 1.0)
    f[:, S_PV_PRICING] = a * np.exp(0.9 * intent - 0.405) * np.where(comp, 4.0, 1.0)
    f[:, S_PV_CASE] = a * np.exp(0.8 * intent - 0.32) * np.where(comp, 2.0, 1.0)
    f[:, S_PV_BLOG] = c
    f[:, S_PV_CAREERS] = 0.03 + 30.0 * leads["jobseeker"][sl]
    f[:, S_DOWNLOAD] = a * np.exp(0.4 * intent - 0.08)
    f[:, S_WEBINAR] = c
    f[:, S_DEMO] = sqrt_a * np.exp(1.3 * intent - 0.845)
    f[:, S_FORM] = sqrt_a * np.exp(0.9 * intent - 0.405)
    return f


def _lifetime_weight(cal: _Calendar, created: np.ndarray) -> np.ndarray:
    """Events grow less than linearly with the days a lead is active in the window."""
    return ((cal.end_ts - np.maximum(created, cal.start_ts)) / DAY) ** 0.7


def _build_world(config: GeneratorConfig) -> _World:
    cal = _build_calendar(config)
    n_account, _, _, n_comp = _lead_mix(config.leads)
    accounts = _build_accounts(config, n_account, n_comp)
    leads = _build_leads(config, cal, accounts)
    opps, injected = _build_opportunities(config, cal, accounts, leads)
    # One global scale so the mean number of events per lead is about events_per_lead
    # (before dirty copies; the drops of emails after an unsubscribe roughly offset the
    # events that open an inbound lead and those that lead up to an opportunity).
    raw = 0.0
    for lo in range(0, config.leads, LEADS_PER_CHUNK):
        sl = slice(lo, min(lo + LEADS_PER_CHUNK, config.leads))
        weight = _lifetime_weight(cal, leads["created"][sl])
        raw += float((_stream_factors(leads, sl) * STREAM_SHARE).sum(axis=1) @ weight)
    target = config.events_per_lead * config.leads
    return _World(config, cal, accounts, leads, opps, injected, target / max(raw, 1e-9))


# --------------------------------------------------------------------------------------
# Events (chunks of leads, vectorised numpy)
# --------------------------------------------------------------------------------------


def _zipf_weights(n: int, exponent: float = 0.8) -> np.ndarray:
    return 1.0 / np.arange(1, n + 1) ** exponent


def _session_times(
    rng: np.random.Generator, cal: _Calendar, created: np.ndarray, lead: np.ndarray
) -> np.ndarray:
    """Bursty times: each lead has a few bursts of activity; events fall in sessions
    (same time of day, a few days running) around the burst starts. `created` is when
    each lead's recorded activity may start; `lead` indexes it for every event."""
    n = len(created)
    life = cal.end_ts - created
    n_bursts = 1 + rng.poisson(life / DAY / 45)
    offset = np.cumsum(n_bursts) - n_bursts
    burst_lead = np.repeat(np.arange(n), n_bursts)
    total = len(burst_lead)
    start = created[burst_lead] + (rng.random(total) * life[burst_lead]).astype(np.int64)
    day = start // DAY
    time_of_day = np.clip(rng.normal(15.5 * 3600, 3.5 * 3600, total), 0, DAY - 1).astype(np.int64)
    weekday = (day + 3) % 7
    to_monday = np.where((weekday >= 5) & (rng.random(total) < 0.75), 7 - weekday, 0)
    start = (day + to_monday) * DAY + time_of_day
    at_signup = (np.arange(total) == offset[burst_lead]) & (rng.random(total) < 0.6)
    start = np.where(at_signup, created[burst_lead] + rng.integers(0, 7200, total), start)
    start = np.clip(start, created[burst_lead] + 1, cal.end_ts)
    k = len(lead)
    burst = offset[lead] + (rng.random(k) * n_bursts[lead]).astype(np.int64)
    t = (
        start[burst]
        + (rng.geometric(0.55, k) - 1) * DAY
        + rng.exponential(900.0, k).astype(np.int64)
        + rng.integers(1, 120, k)
    )
    t = np.where(t > cal.end_ts, 2 * cal.end_ts - t, t)
    return np.maximum(t, created[lead] + 1)


def _webinar_registrations(
    rng: np.random.Generator, cal: _Calendar, created: np.ndarray, next_one: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(registration time, webinar index, valid) for registrations by leads created at
    `created`: a random later webinar, or the next one (signups from a webinar)."""
    k = len(created)
    n_web = len(cal.webinar_at)
    first = np.searchsorted(cal.webinar_at, created + DAY, side="right")
    n_eligible = n_web - first
    pick = first if next_one else first + (rng.random(k) * n_eligible).astype(np.int64)
    webinar = np.clip(pick, 0, max(n_web - 1, 0))
    at = cal.webinar_at[webinar] if n_web else np.zeros(k, dtype=np.int64)
    if next_one:
        lo = created + rng.integers(5, 600, k)
        hi = lo + 1
    else:
        lo = np.maximum(created + 60, at - 21 * DAY)
        hi = np.minimum(at - 3600, cal.end_ts)
    valid = (n_eligible > 0) & (hi > lo) & (lo <= cal.end_ts)
    t = lo + (rng.random(k) * np.maximum(hi - lo, 0)).astype(np.int64)
    return t, webinar, valid


class _Parts:
    """Accumulates event rows (lead index within the chunk, type, time, codes)."""

    def __init__(self) -> None:
        self.parts: list[tuple[np.ndarray, ...]] = []

    def add(
        self,
        lead: np.ndarray,
        etype: np.ndarray | int,
        ts: np.ndarray,
        page: np.ndarray | int = -1,
        asset: np.ndarray | int = -1,
        campaign: np.ndarray | int = -1,
    ) -> None:
        k = len(lead)

        def full(value: np.ndarray | int, dtype: type) -> np.ndarray:
            return np.broadcast_to(np.asarray(value, dtype=dtype), (k,))

        self.parts.append(
            (
                lead.astype(np.int64),
                full(etype, np.int16),
                ts.astype(np.int64),
                full(page, np.int16),
                full(asset, np.int16),
                full(campaign, np.int32),
            )
        )

    def columns(self) -> Columns:
        names = ("lead", "type", "ts", "page", "asset", "campaign")
        if not self.parts:
            dtypes = (np.int64, np.int16, np.int64, np.int16, np.int16, np.int32)
            return {nm: np.zeros(0, dtype=dt) for nm, dt in zip(names, dtypes, strict=True)}
        return {nm: np.concatenate([p[i] for p in self.parts]) for i, nm in enumerate(names)}


def _clean_events(world: _World, lo: int, hi: int, rng: np.random.Generator) -> Columns:
    """All clean events of leads lo..hi-1 (lead = index within the chunk)."""
    leads, cal = world.leads, world.cal
    sl = slice(lo, hi)
    n = hi - lo
    created = leads["created"][sl]
    active = np.maximum(created, cal.start_ts)  # activity is recorded from the window start
    interest = leads["interest"][sl]
    unsubscribed = leads["unsubscribed"][sl]
    n_email = len(cal.email_send)
    parts = _Parts()

    rates = (
        world.rate_scale
        * _stream_factors(leads, sl)
        * STREAM_SHARE
        * _lifetime_weight(cal, created)[:, None]
    )
    cell = np.repeat(np.arange(n * N_STREAMS), rng.poisson(rates).ravel())
    lead = cell // N_STREAMS
    stream = cell % N_STREAMS
    del cell

    # Web sessions: page views, downloads, demo requests and forms.
    sess = SESSION_STREAMS[stream]
    s_lead, s_stream = lead[sess], stream[sess]
    s_ts = _session_times(rng, cal, active, s_lead)
    k = len(s_lead)
    page = np.full(k, -1, dtype=np.int64)
    general = _choose(rng, GENERAL_PAGE_WEIGHTS, k)
    p_analytics = np.select([interest[s_lead] == 0, interest[s_lead] == 1], [0.75, 0.25], 0.5)
    product_page = np.where(rng.random(k) < p_analytics, P_ANALYTICS, P_AUTOMATION)
    general = np.where((general == P_ANALYTICS) | (general == P_AUTOMATION), product_page, general)
    general = np.where(
        general == len(PAGES_GENERAL), P_DOCS + rng.integers(0, len(DOCS_SLUGS), k), general
    )
    page = np.where(s_stream == S_PV_GENERAL, general, page)
    page = np.where(s_stream == S_PV_PRICING, P_PRICING, page)
    case = P_CASE + _choose(rng, _zipf_weights(len(CASE_STUDY_SLUGS)), k)
    page = np.where(s_stream == S_PV_CASE, case, page)
    blog = P_BLOG + _choose(rng, _zipf_weights(len(BLOG_SLUGS), 0.6), k)
    page = np.where(s_stream == S_PV_BLOG, blog, page)
    careers = np.where(
        rng.random(k) < 0.45, P_CAREERS, P_CAREERS_SLUG + rng.integers(0, len(CAREERS_SLUGS), k)
    )
    page = np.where(s_stream == S_PV_CAREERS, careers, page)
    asset = np.where(
        s_stream == S_DOWNLOAD, _choose(rng, _zipf_weights(len(CONTENT_ASSETS)), k), -1
    )
    parts.add(s_lead, STREAM_TYPE[s_stream], s_ts, page, asset)
    del s_lead, s_stream, s_ts, page, general, product_page, case, blog, careers, asset

    # Emails: opens and clicks of campaigns sent after the lead was created.
    em = (stream == S_OPEN) | (stream == S_CLICK)
    e_lead, is_click = lead[em], stream[em] == S_CLICK
    k = len(e_lead)
    first = np.searchsorted(cal.email_send, active[e_lead], side="right")
    n_eligible = n_email - first
    campaign = np.minimum(first + (rng.random(k) * n_eligible).astype(np.int64), n_email - 1)
    delay = np.where(is_click, rng.exponential(3 * 3600.0, k), rng.exponential(6 * 3600.0, k))
    e_ts = cal.email_send[campaign] + delay.astype(np.int64) + rng.integers(30, 600, k)
    unsub = unsubscribed[e_lead]
    ok = (n_eligible > 0) & (e_ts <= cal.end_ts)
    ok &= ~((unsub >= 0) & (e_ts > unsub) & (rng.random(k) < 0.95))
    parts.add(
        e_lead[ok],
        np.where(is_click[ok], T_EMAIL_CLICK, T_EMAIL_OPEN),
        e_ts[ok],
        campaign=campaign[ok],
    )

    # Webinars: registrations (random later webinar) and, for some, attendance.
    w_lead = lead[stream == S_WEBINAR]
    w_ts, webinar, ok = _webinar_registrations(rng, cal, active[w_lead], next_one=False)
    _add_webinar(parts, rng, cal, w_lead[ok], w_ts[ok], webinar[ok])

    # The event that created an inbound lead, seconds after created_at (inside the window).
    source = np.where(created >= cal.start_ts, leads["source"][sl], -1)
    t0 = created + rng.integers(5, 600, n)
    idx = np.arange(n)
    for name, etype in (("demo_form", T_DEMO_REQUEST), ("contact_form", T_FORM_SUBMIT)):
        m = source == LEAD_SOURCES.index(name)
        parts.add(idx[m], etype, t0[m])
    m = source == LEAD_SOURCES.index("content_download")
    assets = _choose(rng, _zipf_weights(len(CONTENT_ASSETS)), int(m.sum()))
    parts.add(idx[m], T_DOWNLOAD, t0[m], asset=assets)
    m = source == LEAD_SOURCES.index("organic_search")
    landing = np.where(
        rng.random(int(m.sum())) < 0.5,
        P_HOME,
        np.where(interest[m] == 1, P_AUTOMATION, P_ANALYTICS),
    )
    parts.add(idx[m], T_PAGE_VIEW, t0[m], page=landing)
    m = source == LEAD_SOURCES.index("referral")
    parts.add(idx[m], T_PAGE_VIEW, t0[m], page=P_HOME)
    m = source == LEAD_SOURCES.index("webinar")
    w_ts, webinar, ok = _webinar_registrations(rng, cal, created[m], next_one=True)
    _add_webinar(parts, rng, cal, idx[m][ok], w_ts[ok], webinar[ok])

    # Unsubscribes.
    m = unsubscribed >= 0
    parts.add(idx[m], T_UNSUBSCRIBE, unsubscribed[m])

    # Intent events leading up to opportunities.
    inj = world.injected
    a, b = np.searchsorted(inj["lead"], [lo, hi])
    parts.add(inj["lead"][a:b] - lo, inj["type"][a:b], inj["ts"][a:b], inj["page"][a:b])
    return parts.columns()


def _add_webinar(
    parts: _Parts,
    rng: np.random.Generator,
    cal: _Calendar,
    lead: np.ndarray,
    ts: np.ndarray,
    webinar: np.ndarray,
) -> None:
    n_email = len(cal.email_send)
    asset = len(CONTENT_ASSETS) + webinar % len(WEBINAR_TITLES)
    parts.add(lead, T_WEBINAR_REGISTERED, ts, asset=asset, campaign=n_email + webinar)
    at = cal.webinar_at[webinar]
    went = (at <= cal.end_ts - 3600) & (rng.random(len(lead)) < 0.45)
    parts.add(
        lead[went],
        T_WEBINAR_ATTENDED,
        at[went] + rng.integers(0, 1200, int(went.sum())),
        asset=asset[went],
        campaign=n_email + webinar[went],
    )


def _event_frame(world: _World, chunk: int, lo: int, hi: int) -> tuple[pd.DataFrame, int]:
    """The events of leads lo..hi-1 (clean plus dirty copies), in (lead, time) order.

    Events are numbered from 0 within the chunk (the writer adds the chunk's offset), so
    chunks can be generated independently. Returns the frame and how many numbers it used.
    """
    config, cal = world.config, world.cal
    ev = _clean_events(world, lo, hi, _rng(config, _RNG_EVENTS, chunk))
    n_clean = len(ev["lead"])
    lead_no = ev["lead"] + lo + 1
    rate = config.dirty_rate
    if rate > 0 and n_clean:
        rng = _rng(config, _RNG_DIRTY, chunk)
        copies = []
        for kind in range(4):  # null lead, unknown lead, future, unknown type
            src = rng.integers(0, n_clean, rng.binomial(n_clean, rate))
            copy = {key: value[src].copy() for key, value in ev.items()}
            copy["lead_no"] = lead_no[src].copy()
            if kind == 0:
                copy["lead_no"][:] = -1
            elif kind == 1:
                n_leads = config.leads
                copy["lead_no"] = n_leads + 1 + rng.integers(0, max(n_leads, 1000), len(src))
            elif kind == 2:
                copy["ts"] = cal.end_ts + rng.integers(1, 30 * DAY + 1, len(src))
            else:
                copy["type"] = (
                    len(EVENT_TYPES) + rng.integers(0, len(DIRTY_EVENT_TYPES), len(src))
                ).astype(np.int16)
            copies.append(copy)
        ev["lead_no"] = lead_no
        ev = {key: np.concatenate([ev[key]] + [c[key] for c in copies]) for key in ev}
    else:
        ev["lead_no"] = lead_no
    order = np.argsort((ev["lead"] << 36) | (ev["ts"] - cal.start_ts), kind="stable")
    ev = {key: value[order] for key, value in ev.items()}
    n_rows = len(order)
    event_no = np.arange(n_rows, dtype=np.int64)
    if rate > 0 and n_rows:
        # Exact duplicates, right after their original.
        rng = _rng(config, _RNG_DIRTY, chunk + 1_000_000)
        reps = np.ones(n_rows, dtype=np.int64)
        k = min(int(rng.binomial(n_rows, rate)), n_rows)
        reps[rng.choice(n_rows, k, replace=False)] = 2
        ev = {key: np.repeat(value, reps) for key, value in ev.items()}
        event_no = np.repeat(event_no, reps)
    frame = pd.DataFrame(
        {
            "event_no": event_no,
            "lead_no": ev["lead_no"],
            "event_type": pd.Categorical.from_codes(ev["type"], categories=list(ALL_EVENT_TYPES)),
            "occurred_at": ev["ts"].astype("datetime64[s]"),
            "page_path": pd.Categorical.from_codes(ev["page"], categories=list(PAGES)),
            "asset_name": pd.Categorical.from_codes(ev["asset"], categories=list(ASSETS)),
            "campaign_id": pd.Categorical.from_codes(
                ev["campaign"], categories=list(cal.campaign_ids)
            ),
        }
    )
    return frame, n_rows


# --------------------------------------------------------------------------------------
# Writing (one transaction; strings built by DuckDB from integer codes)
# --------------------------------------------------------------------------------------

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


def _accounts_frame(world: _World) -> pd.DataFrame:
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


def _leads_frame(world: _World) -> pd.DataFrame:
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


def _opportunities_frame(world: _World) -> pd.DataFrame:
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


def _write_events(con: duckdb.DuckDBPyConnection, sql: str, world: _World) -> int:
    """Insert the events chunk by chunk; numpy builds the next chunk in a worker thread
    while DuckDB (which releases the GIL) inserts the current one."""
    n_leads = world.config.leads
    chunks = [
        (chunk, lo, min(lo + LEADS_PER_CHUNK, n_leads))
        for chunk, lo in enumerate(range(0, n_leads, LEADS_PER_CHUNK))
    ]
    n_events = 0
    next_no = 1
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="leadscore-events") as pool:
        pending = pool.submit(_event_frame, world, *chunks[0])
        for i in range(len(chunks)):
            frame, numbers_used = pending.result()
            if i + 1 < len(chunks):
                pending = pool.submit(_event_frame, world, *chunks[i + 1])
            _insert(con, sql, frame, [next_no])
            next_no += numbers_used
            n_events += len(frame)
            del frame
    return n_events


def _write(con: duckdb.DuckDBPyConnection, config: GeneratorConfig, world: _World) -> int:
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

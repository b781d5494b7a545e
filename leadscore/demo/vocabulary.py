"""The fixed vocabularies the generator draws from and the scoring seeds match on.

Lead sources, event types, products, industries, countries, free-email and competitor
domains, job titles, page paths and content titles: the seeds in ``seeds/`` (lead sources,
event types, email domains, scoring rules and models) rely on these exact values, so
``tests/unit/test_demo_vocabulary.py`` checks the two sides against each other. The integer
codes (``T_*``, ``P_*``, offsets) index these tuples; the raw tables get the strings.
"""

from __future__ import annotations

import numpy as np

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
# Event-type codes (indexes into EVENT_TYPES).
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

FREE_EMAIL_DOMAINS = ("gmail.com", "yahoo.com", "hotmail.com", "outlook.com")
COMPETITORS = (
    # (name, domain, country, employee_count, annual_revenue)
    ("RivalScore", "rivalscore.io", "US", 85, 14_500_000.0),
    ("Leadlytics", "leadlytics.com", "GB", 240, 38_000_000.0),
    ("PipelinePro", "pipelinepro.ai", "US", 40, 6_200_000.0),
)
# Domains not made up from name words (the fixed_domain codes index them).
FIXED_DOMAINS = FREE_EMAIL_DOMAINS + tuple(d for _, d, _, _, _ in COMPETITORS)

# Job titles by seniority level; the level drives the hidden propensity, the wording
# (and, in the data, the casing) varies.
SENIORITY_LEVELS = ("c_level", "vp", "director", "manager", "individual", "entry")
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
# Page codes (indexes into PAGES); P_CASE, P_BLOG, P_DOCS and P_CAREERS_SLUG are the first
# page of their kind.
P_HOME, P_ANALYTICS, P_AUTOMATION = 0, 1, 2
P_PRICING = len(PAGES_GENERAL)
P_CAREERS = P_PRICING + 1
P_CASE = P_CAREERS + 1
P_BLOG = P_CASE + len(CASE_STUDY_SLUGS)
P_DOCS = P_BLOG + len(BLOG_SLUGS)
P_CAREERS_SLUG = P_DOCS + len(DOCS_SLUGS)

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
ASSETS = CONTENT_ASSETS + WEBINAR_TITLES  # asset_name of downloads and webinars
EMAIL_CAMPAIGN_KINDS = ("newsletter", "product-update", "nurture", "event-invite", "promo")

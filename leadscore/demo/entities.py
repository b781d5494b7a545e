"""The world behind the data: accounts, leads and opportunities, and their hidden truth.

Entities are drawn for all leads at once with vectorised numpy. Each lead gets a latent
buying intent, a hidden propensity and per-lead rates of each event stream (which
``leadscore/demo/events.py`` turns into event histories); opportunities go to the accounts
whose most intent-driven lead has a high propensity.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from leadscore.demo.config import GeneratorConfig
from leadscore.demo.names import (
    FIRST_NAMES,
    LAST_NAMES,
    TLDS,
    UNMATCHED_NAMESPACE,
    company_names,
    name_codes,
)
from leadscore.demo.sampling import (
    RNG_ACCOUNTS,
    RNG_LEADS,
    RNG_OPPS,
    Columns,
    choose,
    lead_chunks,
    make_rng,
    sigmoid,
)
from leadscore.demo.timeline import DAY, Calendar, build_calendar
from leadscore.demo.vocabulary import (
    COMPETITORS,
    COUNTRIES,
    COUNTRY_CODES,
    FREE_EMAIL_DOMAINS,
    INBOUND_SOURCES,
    LEAD_SOURCES,
    OUTBOUND_SOURCES,
    P_PRICING,
    STUDENT_TITLES,
    T_DEMO_REQUEST,
    T_FORM_SUBMIT,
    T_PAGE_VIEW,
    TITLE_OFFSET,
    TITLES,
)

# The world's own coefficients (not a copy of any scoring-rule seed).
# Per industry, one value per INDUSTRIES entry in order: share of accounts, median-size
# multiplier, revenue per employee (USD) and hidden propensity effect.
INDUSTRY_WEIGHTS = (0.24, 0.12, 0.10, 0.11, 0.09, 0.07, 0.04, 0.06, 0.12, 0.05)
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
# Hidden propensity effect of each seniority level (one per SENIORITY_LEVELS entry).
SENIORITY_EFFECT = (0.65, 1.0, 0.85, 0.3, -0.35, -1.4)
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
FREE_EMAIL_WEIGHTS = (0.55, 0.15, 0.12, 0.18)  # one per FREE_EMAIL_DOMAINS entry
PRE_WINDOW_SHARE = 0.25  # leads created in the year before the activity window

# Lead kinds.
K_ACCOUNT, K_FREE, K_UNMATCHED, K_COMPETITOR = 0, 1, 2, 3

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


@dataclass
class World:
    """Everything drawn before the events: the calendar, the entities and the event scale."""

    config: GeneratorConfig
    cal: Calendar
    accounts: Columns
    leads: Columns
    opps: Columns
    injected: Columns  # intent events that lead up to each opportunity, sorted by lead
    rate_scale: float


def build_world(config: GeneratorConfig) -> World:
    """Draw the calendar, accounts, leads and opportunities (all leads at once)."""
    cal = build_calendar(config)
    n_account, _, _, n_comp = _lead_mix(config.leads)
    accounts = _build_accounts(config, n_account, n_comp)
    leads = _build_leads(config, cal, accounts)
    opps, injected = _build_opportunities(config, cal, accounts, leads)
    # One global scale so the mean number of events per lead is about events_per_lead
    # (before dirty copies; the drops of emails after an unsubscribe roughly offset the
    # events that open an inbound lead and those that lead up to an opportunity).
    raw = 0.0
    for _, lo, hi in lead_chunks(config.leads):
        sl = slice(lo, hi)
        weight = lifetime_weight(cal, leads["created"][sl])
        raw += float((stream_factors(leads, sl) * STREAM_SHARE).sum(axis=1) @ weight)
    target = config.events_per_lead * config.leads
    return World(config, cal, accounts, leads, opps, injected, target / max(raw, 1e-9))


def _solve_intercept(logits: np.ndarray, target: float) -> float:
    """The c with sum(sigmoid(logits + c)) == target (bisection; deterministic)."""
    if len(logits) == 0:
        return 0.0
    target = min(max(target, 1e-9), len(logits) * (1 - 1e-9))
    lo, hi = -40.0, 40.0
    for _ in range(80):
        mid = (lo + hi) / 2
        if sigmoid(logits + mid).sum() < target:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def _lead_mix(n_leads: int) -> tuple[int, int, int, int]:
    """Leads at (matched accounts, free email, unmatched domains, competitors)."""
    n_comp = max(len(COMPETITORS), round(0.003 * n_leads)) if n_leads >= 200 else 0
    n_free = round(0.05 * n_leads)
    n_unmatched = round(0.03 * n_leads)
    n_account = n_leads - n_comp - n_free - n_unmatched
    return n_account, n_free, n_unmatched, n_comp


def _build_accounts(config: GeneratorConfig, n_account_leads: int, n_comp_leads: int) -> Columns:
    rng = make_rng(config, RNG_ACCOUNTS)
    m = max(n_account_leads, 1)  # candidates; every account has at least one lead
    industry = choose(rng, np.array(INDUSTRY_WEIGHTS), m)
    country = choose(rng, np.array([w for _, w, _ in COUNTRIES]), m)
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
    cols.update(company_names(rng, cols["industry"], cols["country"], n, n_all))
    # Dirty sizes: negative or missing employee counts.
    cols["employees_dirty"] = _dirty_kinds(rng, n_all, config.dirty_rate, 2)
    return cols


def _dirty_kinds(rng: np.random.Generator, n: int, rate: float, kinds: int) -> np.ndarray:
    """0 for clean rows; 1..kinds for about rate*n dirty rows (spread over the kinds)."""
    out = np.zeros(n, dtype=np.int8)
    if rate <= 0 or n == 0:
        return out
    dirty = rng.random(n) < rate
    out[dirty] = 1 + rng.integers(0, kinds, int(dirty.sum()))
    return out


def _build_leads(config: GeneratorConfig, cal: Calendar, accounts: Columns) -> Columns:
    rng = make_rng(config, RNG_LEADS)
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
    level = choose(rng, level_probs)
    n_titles = np.diff(TITLE_OFFSET)
    # Within a level, earlier titles in the list are more common.
    title = TITLE_OFFSET[level] + (rng.random(n) ** 1.4 * n_titles[level]).astype(np.int64)
    is_student = np.isin(title, [TITLES.index(t) for t in STUDENT_TITLES])
    title_case = choose(rng, np.array([0.88, 0.08, 0.04]), n)  # as written, lower, UPPER
    seeker_p = np.select(
        [kind == K_FREE, kind == K_UNMATCHED, kind == K_COMPETITOR], [0.12, 0.05, 0.0], 0.03
    )
    jobseeker = rng.random(n) < seeker_p

    interest = choose(rng, np.array([0.45, 0.35, 0.20]), n)
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
    hand = ~webinar & (rng.random(n) < sigmoid(-2.2 + 1.0 * intent))
    demo = rng.random(n) < sigmoid(-0.2 + 0.8 * intent)
    source[hand & demo] = LEAD_SOURCES.index("demo_form")
    source[hand & ~demo] = LEAD_SOURCES.index("contact_form")
    rest = source < 0
    other = ("organic_search", "content_download", "referral", *OUTBOUND_SOURCES)
    other_w = np.array([0.22, 0.14, 0.06, 0.24, 0.14, 0.12, 0.08])
    source[rest] = np.array([LEAD_SOURCES.index(s) for s in other])[
        choose(rng, other_w, int(rest.sum()))
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
        choose(rng, np.array([0.45, 0.25, 0.2, 0.1]), n) + 10,
        choose(rng, np.array([0.72, 0.12, 0.04, 0.06, 0.06]), n),
    )
    email_number = rng.integers(1, 100, n)
    email_number = np.where(rng.random(n) < 0.3, rng.integers(1965, 2006, n), email_number)
    fixed_domain = np.where(
        kind == K_FREE,
        choose(rng, np.array(FREE_EMAIL_WEIGHTS), n),
        accounts["fixed_domain"][acc] if n_acc else -1,
    )
    fixed_domain = np.where(kind == K_UNMATCHED, -1, fixed_domain)
    fixed_domain = np.where(kind == K_ACCOUNT, -1, fixed_domain)
    dom: dict[str, np.ndarray] = {}
    for key in ("name_first", "name_second", "name_qualifier", "name_cycle", "tld"):
        dom[key] = np.where(has_account, accounts[key][acc] if n_acc else -1, -1)
    unmatched = kind == K_UNMATCHED
    uf, us_, uq, uc = name_codes(
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
    config: GeneratorConfig, cal: Calendar, accounts: Columns, leads: Columns
) -> tuple[Columns, Columns]:
    rng = make_rng(config, RNG_OPPS)
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
    has_opp = rng.random(len(primary)) < sigmoid(0.85 * prop[primary] + c)
    first_leads = primary[has_opp]
    opp_accounts = leads["account"][first_leads]
    # A second opportunity (the other product line) for some larger accounts.
    log_emp = np.log10(accounts["employees"][second_acc])
    second_ok = np.isin(second_acc, opp_accounts) & (
        rng.random(len(second)) < sigmoid(-2.8 + 0.6 * (log_emp - 2.0) + 0.5 * prop[second])
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
    won = rng.random(m) < sigmoid(logit_won + d)
    base = np.where(product == 0, 15_000.0, 24_000.0)
    amount = base * (np.maximum(employees, 1) / 50.0) ** 0.35 * rng.lognormal(0.0, 0.35, m)
    amount = np.maximum(np.round(amount, -2), 3_000.0)

    # Intent events leading up to each opportunity: a demo request (more likely with
    # higher intent) or a contact form, with a pricing-page visit or two just before.
    t_int = created - (rng.uniform(0.5, 12.0, m) * DAY).astype(np.int64)
    t_int = np.maximum(t_int, lead_active + 600)
    demo = rng.random(m) < sigmoid(0.5 + leads["intent"][opp_lead])
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


def stream_factors(leads: Columns, sl: slice) -> np.ndarray:
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


def lifetime_weight(cal: Calendar, created: np.ndarray) -> np.ndarray:
    """Events grow less than linearly with the days a lead is active in the window."""
    return ((cal.end_ts - np.maximum(created, cal.start_ts)) / DAY) ** 0.7

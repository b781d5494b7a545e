"""Event histories of chunks of leads, and the dirty event rows added to them."""

from __future__ import annotations

import numpy as np
import pandas as pd

from leadscore.demo.entities import (
    N_STREAMS,
    S_CLICK,
    S_DOWNLOAD,
    S_OPEN,
    S_PV_BLOG,
    S_PV_CAREERS,
    S_PV_CASE,
    S_PV_GENERAL,
    S_PV_PRICING,
    S_WEBINAR,
    STREAM_SHARE,
    World,
    lifetime_weight,
    stream_factors,
)
from leadscore.demo.sampling import RNG_DIRTY, RNG_EVENTS, Columns, choose, make_rng
from leadscore.demo.timeline import DAY, Calendar
from leadscore.demo.vocabulary import (
    ALL_EVENT_TYPES,
    ASSETS,
    BLOG_SLUGS,
    CAREERS_SLUGS,
    CASE_STUDY_SLUGS,
    CONTENT_ASSETS,
    DIRTY_EVENT_TYPES,
    DOCS_SLUGS,
    EVENT_TYPES,
    LEAD_SOURCES,
    P_ANALYTICS,
    P_AUTOMATION,
    P_BLOG,
    P_CAREERS,
    P_CAREERS_SLUG,
    P_CASE,
    P_DOCS,
    P_HOME,
    P_PRICING,
    PAGES,
    PAGES_GENERAL,
    T_DEMO_REQUEST,
    T_DOWNLOAD,
    T_EMAIL_CLICK,
    T_EMAIL_OPEN,
    T_FORM_SUBMIT,
    T_PAGE_VIEW,
    T_UNSUBSCRIBE,
    T_WEBINAR_ATTENDED,
    T_WEBINAR_REGISTERED,
    WEBINAR_TITLES,
)

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
# General-page mix: the seven PAGES_GENERAL pages, then "docs" (one of the doc pages).
GENERAL_PAGE_WEIGHTS = np.array([0.30, 0.13, 0.11, 0.08, 0.07, 0.05, 0.08, 0.18])


def _zipf_weights(n: int, exponent: float = 0.8) -> np.ndarray:
    return 1.0 / np.arange(1, n + 1) ** exponent


def _session_times(
    rng: np.random.Generator, cal: Calendar, created: np.ndarray, lead: np.ndarray
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
    rng: np.random.Generator, cal: Calendar, created: np.ndarray, next_one: bool
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


def _clean_events(world: World, lo: int, hi: int, rng: np.random.Generator) -> Columns:
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
        * stream_factors(leads, sl)
        * STREAM_SHARE
        * lifetime_weight(cal, created)[:, None]
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
    general = choose(rng, GENERAL_PAGE_WEIGHTS, k)
    p_analytics = np.select([interest[s_lead] == 0, interest[s_lead] == 1], [0.75, 0.25], 0.5)
    product_page = np.where(rng.random(k) < p_analytics, P_ANALYTICS, P_AUTOMATION)
    general = np.where((general == P_ANALYTICS) | (general == P_AUTOMATION), product_page, general)
    general = np.where(
        general == len(PAGES_GENERAL), P_DOCS + rng.integers(0, len(DOCS_SLUGS), k), general
    )
    page = np.where(s_stream == S_PV_GENERAL, general, page)
    page = np.where(s_stream == S_PV_PRICING, P_PRICING, page)
    case = P_CASE + choose(rng, _zipf_weights(len(CASE_STUDY_SLUGS)), k)
    page = np.where(s_stream == S_PV_CASE, case, page)
    blog = P_BLOG + choose(rng, _zipf_weights(len(BLOG_SLUGS), 0.6), k)
    page = np.where(s_stream == S_PV_BLOG, blog, page)
    careers = np.where(
        rng.random(k) < 0.45, P_CAREERS, P_CAREERS_SLUG + rng.integers(0, len(CAREERS_SLUGS), k)
    )
    page = np.where(s_stream == S_PV_CAREERS, careers, page)
    asset = np.where(s_stream == S_DOWNLOAD, choose(rng, _zipf_weights(len(CONTENT_ASSETS)), k), -1)
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
    assets = choose(rng, _zipf_weights(len(CONTENT_ASSETS)), int(m.sum()))
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
    cal: Calendar,
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


def event_frame(world: World, chunk: int, lo: int, hi: int) -> tuple[pd.DataFrame, int]:
    """The events of leads lo..hi-1 (clean plus dirty copies), in (lead, time) order.

    Events are numbered from 0 within the chunk (the writer adds the chunk's offset), so
    chunks can be generated independently. Returns the frame and how many numbers it used.
    """
    config, cal = world.config, world.cal
    ev = _clean_events(world, lo, hi, make_rng(config, RNG_EVENTS, chunk))
    n_clean = len(ev["lead"])
    lead_no = ev["lead"] + lo + 1
    rate = config.dirty_rate
    if rate > 0 and n_clean:
        rng = make_rng(config, RNG_DIRTY, chunk)
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
        rng = make_rng(config, RNG_DIRTY, chunk + 1_000_000)
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

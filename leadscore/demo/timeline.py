"""The activity window and its calendar of email campaigns and webinars."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import numpy as np

from leadscore.demo.config import GeneratorConfig
from leadscore.demo.sampling import RNG_CALENDAR, make_rng
from leadscore.demo.vocabulary import EMAIL_CAMPAIGN_KINDS

DAY = 86_400  # seconds


@dataclass
class Calendar:
    """The activity window and the campaign and webinar schedule, in epoch seconds (UTC)."""

    start_ts: int  # first second of the window
    end_ts: int  # last second of end_date
    email_send: np.ndarray  # sorted send times of email campaigns
    webinar_at: np.ndarray  # sorted webinar start times (some after end_date)
    campaign_ids: tuple[str, ...]  # email campaigns, then webinars


def _epoch_seconds(day: datetime.date) -> int:
    return (day - datetime.date(1970, 1, 1)).days * DAY


def build_calendar(config: GeneratorConfig) -> Calendar:
    rng = make_rng(config, RNG_CALENDAR)
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
    return Calendar(
        start_ts=start_ts,
        end_ts=end_ts,
        email_send=email_send.astype(np.int64),
        webinar_at=webinar_at.astype(np.int64),
        campaign_ids=tuple(ids),
    )

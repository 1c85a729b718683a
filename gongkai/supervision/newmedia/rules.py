"""Freshness of an account, plain Python: 国办秘函〔2019〕19号 (REGULATIONS.md §5) notices a new-media
account with "监测时间点前2周内无更新" — no update in the two weeks before the monitoring point.

Content on ``today - days`` is still inside the window; one day earlier is not. An unknown date
counts as stale: nobody can show the account was updated.
"""

from __future__ import annotations

import datetime as dt

from gongkai.supervision.newmedia.lifecycle import LIVE

DEFAULT_STALE_AFTER_DAYS = 14


def window_start(today: dt.date, days: int = DEFAULT_STALE_AFTER_DAYS) -> dt.date:
    """The earliest content date that keeps an account fresh on ``today``."""
    return today - dt.timedelta(days=days)


def is_stale(state: str, last_content_on: dt.date | None, today: dt.date, days: int = DEFAULT_STALE_AFTER_DAYS) -> bool:
    """Is a live account (运营中 or 整改中) without content in the window? Accounts not open to the
    public are never stale."""
    if state not in LIVE:
        return False
    return last_content_on is None or last_content_on < window_start(today, days)


def update_due_on(last_content_on: dt.date | None, today: dt.date, days: int = DEFAULT_STALE_AFTER_DAYS) -> dt.date:
    """The last day content may be published for the account to stay fresh (today when unknown)."""
    if last_content_on is None:
        return today
    return last_content_on + dt.timedelta(days=days)

"""A consultation's state from its dates (plain Python; dates are Asia/Shanghai local dates)."""

from __future__ import annotations

import datetime as dt
import re

UPCOMING, OPEN, CLOSED, CONCLUDED = "upcoming", "open", "closed", "concluded"
STATES = (UPCOMING, OPEN, CLOSED, CONCLUDED)

# Mainland mobile numbers, and fixed lines with their area code (0477-8581234 or 04778581234).
MOBILE = re.compile(r"1[3-9]\d{9}")
FIXED_LINE = re.compile(r"0\d{2,3}-?\d{7,8}")


def state_of(opens_on: dt.date, closes_on: dt.date, *, concluded: bool, today: dt.date, withdrawn: bool = False) -> str:
    """Open from ``opens_on`` to ``closes_on``, both included; concluded once the adoption report
    is published (a report can only be recorded after closing). A withdrawn draft takes no more
    comments, whatever its dates: closed (API.md has no state of its own for it)."""
    if concluded:
        return CONCLUDED
    if withdrawn:
        return CLOSED
    if today < opens_on:
        return UPCOMING
    if today <= closes_on:
        return OPEN
    return CLOSED


def period_days(opens_on: dt.date, closes_on: dt.date) -> int:
    """The days a draft is open for comment, both ends counted (a notice says "自3月2日至3月31日")."""
    return (closes_on - opens_on).days + 1


def valid_phone(phone: str) -> bool:
    return bool(MOBILE.fullmatch(phone) or FIXED_LINE.fullmatch(phone))


def matched_words(text: str, words: list[str]) -> list[str]:
    """The sensitive words the text contains (case-insensitive for Latin letters)."""
    folded = text.casefold()
    return [word for word in words if word.casefold() in folded]

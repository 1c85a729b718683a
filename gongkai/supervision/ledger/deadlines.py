"""完成时限 and 责任单位 cells as written in ledgers. Plain Python: no Django.

Ledgers give deadlines as dates (2021-12-31, 2021年12月31日), as periods whose last day counts
(2021年12月底, 2021年底, 2021年上半年, 2021年6月下旬) or as standing duties (长期坚持, 持续推进),
which have no deadline and are never overdue.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

SEPARATORS = re.compile(r"[、，,；;\n\r]+")
ONGOING = ("长期坚持", "持续推进", "长期", "持续开展", "常态化", "常态化推进", "长期推进")
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_MONTH = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?\s*(底|末|上旬|中旬|下旬)?$")
_YEAR = re.compile(r"^(\d{4})\s*年\s*(年底|年末|底|末|上半年|下半年)?$")
# Excel keeps dates as day numbers; below this a number is more likely a year or a typo.
_EXCEL_MIN = 20000  # 1954-10-03
_EXCEL_MAX = 80000  # 2119-01-10


@dataclass(frozen=True)
class Deadline:
    due_on: dt.date | None
    text: str  # the wording kept when it is not a plain date (长期坚持, 2021年底 …)


class BadDeadline(ValueError):
    pass


def _last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _month(year: int, month: int, part: str | None) -> dt.date:
    if part == "上旬":
        return dt.date(year, month, 10)
    if part == "中旬":
        return dt.date(year, month, 20)
    return _last_day(year, month)


def _from_text(value: str) -> Deadline:
    text = re.sub(r"(之前|以前|前)$", "", value).strip()
    if text in ONGOING:
        return Deadline(None, value)
    try:
        if found := _DATE.match(text):
            return Deadline(dt.date(*(int(g) for g in found.groups())), "")
        if found := _MONTH.match(text):
            year, month = int(found[1]), int(found[2])
            return Deadline(_month(year, month, found[3]), value)
        if found := _YEAR.match(text):
            month = 6 if found[2] == "上半年" else 12
            return Deadline(_last_day(int(found[1]), month), value)
    except ValueError as exc:  # 2021-02-30, month 13
        raise BadDeadline(value) from exc
    raise BadDeadline(value)


def parse_deadline(value: object) -> Deadline:
    """A cell of 完成时限 (empty: no deadline), or BadDeadline."""
    if value is None:
        return Deadline(None, "")
    if isinstance(value, dt.datetime):
        return Deadline(value.date(), "")
    if isinstance(value, dt.date):
        return Deadline(value, "")
    if isinstance(value, int | float) and not isinstance(value, bool):
        if _EXCEL_MIN <= value <= _EXCEL_MAX:
            return Deadline(dt.date(1899, 12, 30) + dt.timedelta(days=int(value)), "")
        raise BadDeadline(str(value))
    text = str(value).strip()
    return _from_text(text) if text else Deadline(None, "")


def split_names(value: str) -> list[str]:
    """Unit names in a cell, in order, each once (separated by 、，,；; or line breaks)."""
    names: list[str] = []
    for part in SEPARATORS.split(value or ""):
        name = part.strip()
        if name and name not in names:
            names.append(name)
    return names

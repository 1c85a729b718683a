"""The inquiry's dates. Plain Python: no Django, no database.

- Due date: the site's answer period in working days after the day of receipt; the receipt day is
  not counted (民法典 Art. 201, as ``foi.clock`` counts). An unknown calendar year is not guessed:
  the due date stays empty and the reason is kept (``CalendarMissing``).
- The national check (国办秘函〔2019〕19号, REGULATIONS.md §5, veto item 5): a 政务咨询 column fails
  when, within one year before the monitoring point, valid messages were left unanswered for more
  than three months. "Three months" is calendar months from the day of receipt; a month without
  that day ends on its last day (民法典 Art. 202: a period in months ends on the corresponding day).
"""

from __future__ import annotations

import calendar as _monthdays
import datetime as dt
from dataclasses import dataclass

from gongkai.workdays.calendar import CalendarMissing, WorkCalendar

INSPECTION_MONTHS = 3
INSPECTION_WINDOW_YEARS = 1


@dataclass(frozen=True)
class Due:
    on: dt.date | None
    missing_year: int | None = None


def due_date(calendar: WorkCalendar, received_on: dt.date, period_days: int) -> Due:
    try:
        return Due(calendar.add_working_days(received_on, period_days))
    except CalendarMissing as exc:
        return Due(None, exc.year)


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, _monthdays.monthrange(year, month)[1]))


def inspection_limit(received_on: dt.date) -> dt.date:
    """The last day an answer still counts as within three months."""
    return add_months(received_on, INSPECTION_MONTHS)


def unanswered_too_long(received_on: dt.date, answered_on: dt.date | None, today: dt.date) -> bool:
    """Left unanswered for more than three months: answered after the limit, or still open past it."""
    limit = inspection_limit(received_on)
    return (answered_on or today) > limit


def inspection_window_start(today: dt.date) -> dt.date:
    """One year before the monitoring point (29 February falls back to 28 February)."""
    return add_months(today, -12 * INSPECTION_WINDOW_YEARS)

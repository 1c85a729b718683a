"""The proactive-disclosure clock. Plain Python: no Django.

条例 Art. 26: information within the scope of proactive disclosure is published within 20
working days of the date it is formed or changed, unless a law or regulation sets another
period; a catalogue entry may carry its own, stricter period (公开时限).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from gongkai.workdays.calendar import WorkCalendar

STATUTORY_WORKING_DAYS = 20  # 条例 Art. 26
DUE_SOON_WORKING_DAYS = 3


def working_days_allowed(entry_days: int | None) -> int:
    """The catalogue entry's own limit where it is stricter, else the statutory 20."""
    if entry_days is not None and 0 < entry_days < STATUTORY_WORKING_DAYS:
        return entry_days
    return STATUTORY_WORKING_DAYS


def publish_due_on(
    formed_on: dt.date,
    calendar: WorkCalendar,
    entry_days: int | None = None,
    calendar_days: int | None = None,
    immediate: bool = False,
) -> dt.date:
    """The last day to publish: the strictest of 20 working days (条例 Art. 26), the catalogue
    entry's own working-day limit, a limit in calendar days set by another law (预算法 Art. 14:
    "批准后20日内"), and "即时" (the day the information is formed). A calendar-day period
    ending on a day off ends on the next working day (民法典 Art. 203). Raises CalendarMissing
    when the period reaches an unknown year."""
    due = calendar.add_working_days(formed_on, working_days_allowed(entry_days))
    if calendar_days:
        due = min(due, calendar.next_working_day(formed_on + dt.timedelta(days=calendar_days)))
    if immediate:
        due = formed_on
    return due


def carries_deadline(formed_on: dt.date, published_formed_on: dt.date | None, published_on: dt.date | None) -> bool:
    """Whether a working copy runs a clock of its own. 条例 Art. 26 counts from the day the
    information "形成或者变更": before the first publication (``published_on`` None) it always does;
    a revision of published information only when the information changed, that is its formed_on
    is later than the published revision's. A correction that keeps the date (a typo, a missing
    attachment) carries no new deadline. For a publication recorded before revisions kept their
    formed_on (``published_formed_on`` None), its publication date stands in: information formed
    after it was published has changed."""
    if published_on is None:
        return True
    return formed_on > (published_formed_on or published_on)


def is_overdue(due: dt.date | None, published_on: dt.date | None, today: dt.date) -> bool:
    """Not yet published and the last day has passed (published items are judged by timeliness)."""
    return due is not None and published_on is None and today > due


def is_due_soon(due: dt.date | None, published_on: dt.date | None, today: dt.date, calendar: WorkCalendar) -> bool:
    """Not yet published and due within the next 3 working days (today included)."""
    if due is None or published_on is not None or today > due:
        return False
    return calendar.working_days_between(today, due) < DUE_SOON_WORKING_DAYS


@dataclass(frozen=True)
class Timeliness:
    due: int
    on_time: int
    late: int
    overdue: int

    @property
    def rate(self) -> float | None:
        """Published on time / publications whose last day fell in the period; None when nothing was due."""
        return None if self.due == 0 else self.on_time / self.due


def timeliness(
    rows: Iterable[tuple[dt.date | None, dt.date | None]], start: dt.date, end: dt.date, today: dt.date
) -> Timeliness:
    """``rows`` are (last day, published on): one per publication, with the deadline that
    revision carried (a revision is judged by its own deadline, never by a later one), and one per
    working copy still waiting, with None. A row counts as due in the period when its last day falls
    in [start, end] and that day has passed (or it was published already)."""
    due = on_time = late = overdue = 0
    for last_day, published_on in rows:
        if last_day is None or not start <= last_day <= end:
            continue
        if published_on is None and today <= last_day:
            continue  # still within its period: not yet judged
        due += 1
        if published_on is None:
            overdue += 1
        elif published_on <= last_day:
            on_time += 1
        else:
            late += 1
    return Timeliness(due=due, on_time=on_time, late=late, overdue=overdue)

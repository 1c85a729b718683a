"""Working-day arithmetic on the official calendar. Plain Python: no Django, no database.

Rules and where they come from:
- The start day is not counted (民法典 Art. 201, applied to 条例 Art. 26/30/33 periods):
  "20 working days from receipt" ends on the 20th working day *after* the day of receipt.
- Working days exclude weekends and 法定节假日, and include the weekend days the State
  Council designates as make-up working days (调休上班) in its yearly notice (REGULATIONS §9).
- The calendar is data for each year. A year nobody has entered is an error that names the
  year (``CalendarMissing``), never a guess from "Saturday and Sunday".

Trap avoided: ``chinese_calendar.find_workday(n, d)`` first moves a non-working ``d`` to the next
working day and counts from there, so from a holiday (2026-09-25, 中秋) + 20 it gives 10-30
instead of 10-29 (STACK.md §2). It is not used.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

ONE_DAY = dt.timedelta(days=1)


class CalendarMissing(Exception):
    """The calendar has no data for ``year``."""

    def __init__(self, year: int) -> None:
        # What staff may see (a log line, a command's error) is Chinese like every message of the
        # workbench; the pages word it with services.missing_message.
        super().__init__(f"缺少{year}年工作日历，涉及该年的期限无法计算")
        self.year = year


def weekday_rule(day: dt.date) -> bool:
    """Monday to Friday: the base of a year entered from the State Council notice, to which
    the notice's holidays (off) and make-up days (on) are applied as overrides."""
    return day.weekday() < 5


@dataclass(frozen=True)
class WorkCalendar:
    """Which days are working days, for the years it knows.

    ``sources`` maps each known year to the function that answers for ordinary days of that
    year; ``overrides`` (date → is working day) wins over the source.
    """

    sources: Mapping[int, Callable[[dt.date], bool]]
    overrides: Mapping[dt.date, bool] = field(default_factory=dict)

    @property
    def years(self) -> list[int]:
        return sorted(self.sources)

    def knows(self, year: int) -> bool:
        return year in self.sources

    def is_working_day(self, day: dt.date) -> bool:
        source = self.sources.get(day.year)
        if source is None:
            raise CalendarMissing(day.year)
        if day in self.overrides:
            return self.overrides[day]
        return source(day)

    def add_working_days(self, start: dt.date, days: int) -> dt.date:
        """The date ``days`` working days after ``start``; ``start`` itself is not counted."""
        if days < 0:
            raise ValueError("days must not be negative")
        current, counted = start, 0
        while counted < days:
            current += ONE_DAY
            if self.is_working_day(current):
                counted += 1
        return current

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after ``start`` up to and including ``end`` (0 when end ≤ start).

        This is how time spent in a third-party consultation is counted (条例 Art. 33): the
        working days after the day it started up to and including the day it ended.
        """
        count, current = 0, start
        while current < end:
            current += ONE_DAY
            if self.is_working_day(current):
                count += 1
        return count

    def next_working_day(self, day: dt.date) -> dt.date:
        """The first working day on or after ``day`` (民法典 Art. 203 for a period's last day)."""
        while not self.is_working_day(day):
            day += ONE_DAY
        return day

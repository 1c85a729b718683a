"""The calendar as the platform uses it: chinesecalendar plus the office's overrides table."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import chinese_calendar
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.actor import Actor, signed_in
from gongkai.audit.services import record
from gongkai.workdays.calendar import CalendarMissing, WorkCalendar, weekday_rule
from gongkai.workdays.models import CalendarYear, DayOverride
from gongkai.workdays.signals import calendar_changed

__all__ = ["CalendarMissing", "add_working_days", "get_calendar", "missing_message"]


def _announce_change() -> None:
    transaction.on_commit(lambda: calendar_changed.send(sender=CalendarYear))


@functools.cache
def library_years() -> frozenset[int]:
    """Years the installed chinesecalendar release covers (1.11.0: 2004–2026)."""
    days = list(chinese_calendar.holidays) + list(chinese_calendar.workdays)
    return frozenset(range(min(days).year, max(days).year + 1))


def _library_rule(day: dt.date) -> bool:
    """chinesecalendar's own rule, read from its tables: ``is_workday`` itself costs ~50 µs a
    call (it re-validates the year each time), which made a 20-day deadline take 1.5 ms."""
    if day in chinese_calendar.workdays:
        return True
    return day.weekday() < 5 and day not in chinese_calendar.holidays


def get_calendar() -> WorkCalendar:
    """The calendar in force now. Two small queries; callers computing many dates pass it on."""
    sources: dict[int, Callable[[dt.date], bool]] = {year: _library_rule for year in library_years()}
    for year in CalendarYear.objects.values_list("year", flat=True):
        sources[year] = weekday_rule
    overrides = dict(DayOverride.objects.values_list("day", "is_working_day"))
    return WorkCalendar(sources=sources, overrides=overrides)


def add_working_days(start: dt.date, days: int) -> dt.date:
    return get_calendar().add_working_days(start, days)


def missing_message(exc: CalendarMissing) -> str:
    return _("缺少%(year)s年工作日历，无法计算期限。请公开办录入国务院办公厅%(year)s年节假日安排。") % {
        "year": exc.year
    }


def years_needed(today: dt.date) -> list[int]:
    """This year, and next year from October on, when 20-working-day periods reach into it."""
    return [today.year] + ([today.year + 1] if today.month >= 10 else [])


def missing_years(today: dt.date) -> list[int]:
    calendar = get_calendar()
    return [year for year in years_needed(today) if not calendar.knows(year)]


@dataclass(frozen=True)
class DaySpec:
    first: dt.date
    last: dt.date
    name: str

    def days(self) -> Iterable[dt.date]:
        day = self.first
        while day <= self.last:
            yield day
            day += dt.timedelta(days=1)


class NoticeError(ValueError):
    """Bad input on the calendar form; ``field`` names the form field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def _parse_date(text: str, field: str, line_no: int) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError as exc:
        raise NoticeError(
            field, _("第%(line)s行日期“%(text)s”格式应为YYYY-MM-DD") % {"line": line_no, "text": text}
        ) from exc


def parse_day_lines(text: str, year: int, field: str) -> list[DaySpec]:
    """Lines like ``2027-02-06 至 2027-02-13 春节`` or ``2027-02-14 春节调休上班``."""
    specs = []
    for line_no, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        parts = line.replace("至", " 至 ").replace("..", " 至 ").split()
        first = _parse_date(parts[0], field, line_no)
        rest = parts[1:]
        last = first
        if rest and rest[0] == "至":
            if len(rest) < 2:
                raise NoticeError(field, _("第%(line)s行“至”后缺少结束日期") % {"line": line_no})
            last = _parse_date(rest[1], field, line_no)
            rest = rest[2:]
        name = " ".join(rest).strip()
        if not name:
            raise NoticeError(field, _("第%(line)s行缺少名称（例如“春节”）") % {"line": line_no})
        if first.year != year or last.year != year:
            raise NoticeError(field, _("第%(line)s行的日期不在%(year)s年内") % {"line": line_no, "year": year})
        if last < first:
            raise NoticeError(field, _("第%(line)s行结束日期早于开始日期") % {"line": line_no})
        specs.append(DaySpec(first, last, name[:60]))
    return specs


@transaction.atomic
def enter_year(
    actor: Actor,
    year: int,
    notice: str,
    announced_on: dt.date | None,
    holidays: list[DaySpec],
    makeup_days: list[DaySpec],
) -> CalendarYear:
    """Record a year from the State Council notice: all or nothing, audited."""
    if CalendarYear.objects.filter(year=year).exists():
        raise NoticeError("year", _("%(year)s年工作日历已录入；如需更正请逐日调整") % {"year": year})
    if not holidays:
        raise NoticeError("holidays", _("请填写放假日期"))
    for field, specs in (("holidays", holidays), ("makeup_days", makeup_days)):
        outside = [d for spec in specs for d in spec.days() if d.year != year]
        if outside:
            raise NoticeError(field, _("%(day)s 不在%(year)s年内") % {"day": outside[0], "year": year})
    off = {day: spec.name for spec in holidays for day in spec.days()}
    on = {day: spec.name for spec in makeup_days for day in spec.days()}
    both = sorted(set(off) & set(on))
    if both:
        raise NoticeError("makeup_days", _("%(day)s 同时列为放假和调休上班") % {"day": both[0]})
    weekdays = [d for d in on if d.weekday() < 5]
    if weekdays:
        raise NoticeError("makeup_days", _("%(day)s 不是周末，无需列为调休上班") % {"day": weekdays[0]})
    taken = list(DayOverride.objects.filter(day__in=[*off, *on]).values_list("day", flat=True))
    if taken:
        raise NoticeError("holidays", _("%(day)s 已有日历调整记录") % {"day": taken[0]})
    entry = CalendarYear.objects.create(
        year=year, notice=notice, announced_on=announced_on, entered_by=signed_in(actor)
    )
    DayOverride.objects.bulk_create(
        [DayOverride(day=d, is_working_day=False, name=n, created_by=signed_in(actor)) for d, n in sorted(off.items())]
        + [DayOverride(day=d, is_working_day=True, name=n, created_by=signed_in(actor)) for d, n in sorted(on.items())]
    )
    record(
        actor,
        "calendar.year_entered",
        entry,
        after={
            "notice": notice,
            "holidays": [d.isoformat() for d in sorted(off)],
            "makeup_days": [d.isoformat() for d in sorted(on)],
        },
    )
    _announce_change()
    return entry


@transaction.atomic
def set_override(actor: Actor, day: dt.date, is_working_day: bool, name: str) -> DayOverride:
    existing = DayOverride.objects.filter(day=day).first()
    before = {"is_working_day": existing.is_working_day, "name": existing.name} if existing else None
    override, _created = DayOverride.objects.update_or_create(
        day=day, defaults={"is_working_day": is_working_day, "name": name, "created_by": actor}
    )
    record(
        actor, "calendar.override_set", override, before=before, after={"is_working_day": is_working_day, "name": name}
    )
    _announce_change()
    return override


@transaction.atomic
def remove_override(actor: Actor, override: DayOverride) -> None:
    record(
        actor,
        "calendar.override_removed",
        override,
        before={"is_working_day": override.is_working_day, "name": override.name},
    )
    override.delete()
    _announce_change()

"""The calendar as the platform uses it: chinesecalendar plus the office's overrides table."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import chinese_calendar
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.actor import Actor, signed_in
from gongkai.audit.services import record
from gongkai.orgs.access import require_office
from gongkai.workdays.calendar import CalendarMissing, WorkCalendar, weekday_rule
from gongkai.workdays.models import CalendarYear, DayOverride
from gongkai.workdays.notice import Notice, NoticeUnreadable, read_notice
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

    def __init__(self, field: str, message: str, lines: list[str] | None = None) -> None:
        super().__init__(message)
        self.field = field
        self.message = message
        self.lines = lines or [message]  # one per problem, for a form to list them


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


def _checked_days(
    year: int, holidays: list[DaySpec], makeup_days: list[DaySpec]
) -> tuple[dict[dt.date, str], dict[dt.date, str]]:
    """The year's days off and make-up days (day → name), or ``NoticeError`` naming the field."""
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
    return off, on


@transaction.atomic
def enter_year(
    actor: Actor,
    year: int,
    notice: str,
    announced_on: dt.date | None,
    holidays: list[DaySpec],
    makeup_days: list[DaySpec],
    source_text: str = "",
) -> CalendarYear:
    """Record a year from the State Council notice: all or nothing, audited. ``source_text`` is the
    notice's text when the days were read from it (``enter_notice``); it is kept with the year."""
    off, on = _checked_days(year, holidays, makeup_days)
    entry = CalendarYear.objects.create(
        year=year, notice=notice, announced_on=announced_on, entered_by=signed_in(actor), source_text=source_text
    )
    DayOverride.objects.bulk_create(
        [DayOverride(day=d, is_working_day=False, name=n, created_by=signed_in(actor)) for d, n in sorted(off.items())]
        + [DayOverride(day=d, is_working_day=True, name=n, created_by=signed_in(actor)) for d, n in sorted(on.items())]
    )
    after = {
        "notice": notice,
        "holidays": [d.isoformat() for d in sorted(off)],
        "makeup_days": [d.isoformat() for d in sorted(on)],
    }
    if source_text:
        after["read_from_text_sha256"] = hashlib.sha256(source_text.encode()).hexdigest()
    record(actor, "calendar.year_entered", entry, after=after)
    _announce_change()
    return entry


@dataclass(frozen=True)
class Proposal:
    """What the platform read from a pasted notice, for the office to check before confirming."""

    notice: Notice
    holidays: list[DaySpec]
    makeup_days: list[DaySpec]
    # Days of the neighbouring year the notice names that the calendar already treats that way
    # (a 31 December that is a Saturday anyway): nothing to enter, but shown.
    already: list[tuple[dt.date, str]]


def unreadable_message(exc: NoticeUnreadable) -> list[str]:
    return [_(p.template) % p.params for p in exc.problems]


def propose(text: str) -> Proposal:
    """Read the pasted notice and check its days as ``enter_year`` would, saving nothing.

    Raises ``NoticeError`` on the ``text`` field: what could not be read (``notice.read_notice``),
    or why the days cannot be entered (the year is already entered, a make-up day is a weekday…)."""
    try:
        notice = read_notice(text)
    except NoticeUnreadable as exc:
        lines = unreadable_message(exc)
        raise NoticeError("text", "；".join(lines), lines) from exc
    calendar = get_calendar()
    holidays: list[DaySpec] = []
    makeup: list[DaySpec] = []
    already: list[tuple[dt.date, str]] = []
    for item in notice.arrangements:
        days = [(d, False, item.name) for d in item.days_off()]
        days += [(d, True, _("%(name)s调休上班") % {"name": item.name}) for d in item.makeup]
        for day, working, name in days:
            if day.year != notice.year:
                already.append((day, name))
                _require_as_declared(calendar, day, working, notice.year)
            else:
                (makeup if working else holidays).append(DaySpec(day, day, name[:60]))
    try:
        _checked_days(notice.year, holidays, makeup)
    except NoticeError as exc:
        raise NoticeError("text", exc.message) from exc
    return Proposal(notice, _merged(holidays), _merged(makeup), already)


def _require_as_declared(calendar: WorkCalendar, day: dt.date, working: bool, year: int) -> None:
    """A day of another year in the notice (元旦 from 31 December) is entered as a single-day
    adjustment first; the year's entry only checks that the calendar already says what the notice says."""
    try:
        agrees = calendar.is_working_day(day) == working
    except CalendarMissing:
        agrees = False
    if not agrees:
        raise NoticeError(
            "text",
            _("通知中的%(day)s不在%(year)s年内，工作日历尚未按通知调整：请先在“调整某一天”中录入该日，再确认本通知")
            % {"day": day.isoformat(), "year": year},
        )


def _merged(days: list[DaySpec]) -> list[DaySpec]:
    """Consecutive days of the same name as one range, as the notice prints them."""
    merged: list[DaySpec] = []
    for spec in sorted(days, key=lambda s: s.first):
        last = merged[-1] if merged else None
        if last is not None and last.name == spec.name and last.last + dt.timedelta(days=1) == spec.first:
            merged[-1] = DaySpec(last.first, spec.last, last.name)
        else:
            merged.append(spec)
    return merged


def enter_notice(actor: Actor, text: str) -> CalendarYear:
    """The office confirms what the platform read from the notice: the text is read again (what is
    saved is what was proposed from it) and the year entered, audited, with the text kept."""
    require_office(actor)
    proposal = propose(text)
    notice = proposal.notice
    return enter_year(
        actor, notice.year, notice.label, notice.issued_on, proposal.holidays, proposal.makeup_days, source_text=text
    )


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

"""What the application clock is made of (``foi.clock`` runs it): the rules it applies, the
events it replays, its state, and the arithmetic of its periods on the working-day calendar.
Plain Python.

- Working days: the start day is not counted (民法典 Art. 201); see ``workdays.calendar``.
- The reply due date counts a year the calendar does not hold yet on weekends only and is then
  provisional (RULINGS.md 2: ``WeekendsWhereUnknown``, ``reply_count``); every other deadline
  (the other side's) stays unknown until that year is entered (``compute``): nothing else guesses.
- The other side's periods run from receiving the letter (送达, ``received``): 条例 Art. 32
  "自收到征求意见书之日起"; the payment period of 国办函〔2020〕109号 from the notice's receipt.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from gongkai.foi.vocab import State
from gongkai.workdays.calendar import CalendarMissing, WorkCalendar, weekday_rule


@dataclass(frozen=True)
class Rules:
    reply_days: int = 20  # 条例 Art. 33 para 1
    correction_notice_days: int = 7  # Art. 30: notice within 7 working days of receipt
    correction_period_days: int = 15  # Art. 30 "合理的补正期限": the office's setting
    extension_max_days: int = 20  # Art. 33 para 2
    consultation_reply_days: int = 15  # Art. 32 (third party), Art. 34 (co-maker): 15 working days
    secrecy_review_days: int = 15  # UNCONFIRMED: the reply date a secrecy referral asks for (Art. 17 sets none)
    fee_payment_days: int = 20  # UNCONFIRMED (109号): the office's setting
    post_delivery_days: int = 15  # UNCONFIRMED: a letter by post presumed received N days after sending
    fee_suspends_clock: bool = True  # UNCONFIRMED (109号): the office's setting


@dataclass(frozen=True)
class Event:
    kind: str
    on: dt.date
    data: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class DueEntry:
    due_on: dt.date | None
    because: str
    on: dt.date


class Refused(Exception):
    """The event is impossible now (API: 409). ``field`` names the offending input, if one."""

    def __init__(self, reason: str, field: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.field = field


class Invalid(Refused):
    """The event lacks or misstates something it needs (API: 422)."""


@dataclass
class Clock:
    """Where an application stands after its events."""

    received_on: dt.date
    state: str = State.REGISTERED
    due_on: dt.date | None = None
    history: list[DueEntry] = field(default_factory=list)
    missing_year: int | None = None  # the calendar year that blocked a due date
    due_provisional: bool = False  # the due date counts a year not entered on weekends only
    provisional_year: int | None = None
    last_event_on: dt.date | None = None
    handled: bool = False  # a consultation, extension or fee notice has happened
    correction_requested_on: dt.date | None = None
    correction_due_on: dt.date | None = None
    late_correction_notice: bool = False
    corrected_on: dt.date | None = None
    consultation_since: dt.date | None = None
    consultation_party: str = ""
    consultation_basis: str = ""
    # The other side's period passed without an answer: the pause has ended (Art. 32, 34), the
    # answer may still be recorded ("consultation_ended"), but it excludes nothing more.
    consultation_awaiting_answer: bool = False
    consultation_reply_due_on: dt.date | None = None
    consultation_received_on: dt.date | None = None  # the other side received the request (送达)
    consultation_receipt_presumed: bool = False
    excluded_days: int = 0
    extension_days: int = 0
    long_period_until: dt.date | None = None  # Art. 35: the reply date the organ set
    fee_notified_on: dt.date | None = None
    fee_pay_by: dt.date | None = None
    fee_received_on: dt.date | None = None  # the applicant received the fee notice (送达)
    fee_receipt_presumed: bool = False
    fee_yuan: int | None = None
    fee_suspends: bool = True
    fee_paid_on: dt.date | None = None
    outcome: str = ""
    outcome_on: dt.date | None = None
    replied_on: dt.date | None = None


@dataclass(frozen=True)
class Context:
    calendar: WorkCalendar
    rules: Rules
    today: dt.date


# --- due-date arithmetic, tolerant of a missing calendar year ---------------------------------


def record(clock: Clock, because: str, on: dt.date) -> None:
    clock.history.append(DueEntry(clock.due_on, because, on))


def compute(clock: Clock, compute: Callable[[], dt.date | None]) -> dt.date | None:
    """Run a calendar computation; a missing year leaves the date unknown and names the year."""
    try:
        return compute()
    except CalendarMissing as exc:
        clock.missing_year = exc.year
        return None


@dataclass(frozen=True)
class WeekendsWhereUnknown(WorkCalendar):
    """The calendar, with every year it does not hold counted Monday to Friday (RULINGS.md 2);
    ``guessed`` collects the years so counted, so that the result can be marked provisional."""

    guessed: set[int] = field(default_factory=set)

    @classmethod
    def over(cls, calendar: WorkCalendar) -> WeekendsWhereUnknown:
        return cls(sources=calendar.sources, overrides=calendar.overrides)

    def is_working_day(self, day: dt.date) -> bool:
        try:
            return super().is_working_day(day)
        except CalendarMissing as exc:
            self.guessed.add(exc.year)
            # A day the office set by hand is data, not a guess; every other day: Monday–Friday.
            return self.overrides.get(day, weekday_rule(day))


def reply_count(clock: Clock, ctx: Context, compute: Callable[[WorkCalendar], Any]) -> Any:
    """Run a computation that feeds the reply due date: a year the calendar does not hold is
    counted on weekends only and the due date becomes provisional (RULINGS.md 2)."""
    calendar = WeekendsWhereUnknown.over(ctx.calendar)
    result = compute(calendar)
    if calendar.guessed:
        clock.due_provisional = True
        clock.provisional_year = min(calendar.guessed)
    return result


def set_due(clock: Clock, ctx: Context, because: str, base: dt.date, days: int) -> None:
    clock.missing_year = None
    clock.due_provisional, clock.provisional_year = False, None
    clock.due_on = reply_count(clock, ctx, lambda calendar: calendar.add_working_days(base, days))
    record(clock, because, base)


def shift_due(clock: Clock, ctx: Context, because: str, on: dt.date, days: int) -> None:
    """Add ``days`` working days to the due date (unknown stays unknown)."""
    if days <= 0:
        return
    due = clock.due_on
    if due is not None:
        clock.due_on = reply_count(clock, ctx, lambda calendar: calendar.add_working_days(due, days))
    record(clock, because, on)


def excluded_days(clock: Clock, ctx: Context, first: dt.date, last: dt.date) -> int:
    """Working days after ``first`` up to and including ``last`` that the reply period does not
    count (a pause); counted like the due date they move."""
    return int(reply_count(clock, ctx, lambda calendar: calendar.working_days_between(first, last)))


def working_days(clock: Clock, ctx: Context, first: dt.date, last: dt.date) -> int | None:
    try:
        return ctx.calendar.working_days_between(first, last)
    except CalendarMissing as exc:
        clock.missing_year = exc.year
        return None


def after_pause(clock: Clock) -> str:
    return State.EXTENDED if clock.extension_days or clock.long_period_until else State.IN_PROGRESS


def required(event: Event, name: str, label: str) -> Any:
    value = event.data.get(name)
    if value in (None, ""):
        raise Invalid(_("请填写%(label)s") % {"label": label}, name)
    return value


# --- the other side received the letter (送达) ----------------------------------------------


POST = "post"  # vocab.LetterDelivery.POST


def received(event: Event, ctx: Context) -> tuple[dt.date, bool]:
    """The day the addressee received the step's letter (送达), and whether it is presumed.

    Recorded (``delivered_on``, from the letter): that day. Sent electronically or handed over
    (``delivery_method`` other than post, or none given): the day of the step. By post and not
    yet recorded: the presumption frozen with the step, else the office's setting now."""
    data = event.data
    if isinstance(data.get("delivered_on"), dt.date):
        return data["delivered_on"], False
    if data.get("delivery_method") != POST:
        return event.on, False
    presumed = data.get("presumed_delivered_on")
    if not isinstance(presumed, dt.date):
        presumed = event.on + dt.timedelta(days=ctx.rules.post_delivery_days)
    return presumed, True

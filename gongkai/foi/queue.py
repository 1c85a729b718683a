"""The handlers' queue: open applications by due date, with due-soon and overdue flags."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import F, QuerySet

from gongkai.actor import Actor
from gongkai.foi import access, clock
from gongkai.foi.models import Request, Settings
from gongkai.foi.vocab import OPEN_STATES, RUNNING_STATES, State
from gongkai.workdays.calendar import WorkCalendar
from gongkai.workdays.services import get_calendar


def by_due_date(requests: QuerySet[Request]) -> QuerySet[Request]:
    return requests.order_by(F("due_on").asc(nulls_last=True), "received_on", "id")


def open_for(user: Actor) -> QuerySet[Request]:
    return by_due_date(access.requests_visible_to(user).filter(state__in=OPEN_STATES)).select_related("unit")


@dataclass(frozen=True)
class Flags:
    overdue: bool
    due_soon: bool


class Flagger:
    """Due-soon and overdue for many applications on one calendar read."""

    def __init__(self, today: dt.date, calendar: WorkCalendar | None = None, within: int | None = None) -> None:
        self.today = today
        self.calendar = calendar or get_calendar()
        self.within = Settings.current().due_soon_days if within is None else within

    def __call__(self, request_obj: Request) -> Flags:
        return Flags(
            overdue=clock.overdue(request_obj.state, request_obj.due_on, self.today),
            due_soon=clock.due_soon(request_obj.state, request_obj.due_on, self.today, self.calendar, self.within),
        )


def overdue(requests: QuerySet[Request], today: dt.date) -> QuerySet[Request]:
    """Running past the due date: awaiting correction, consulting and awaiting a fee never count."""
    return requests.filter(state__in=RUNNING_STATES, due_on__lt=today)


def not_yet_handled(requests: QuerySet[Request]) -> QuerySet[Request]:
    """Registered (online, by letter, at the counter) and no step taken yet: the handler's to accept,
    ask for a correction or answer. Oldest first."""
    return requests.filter(state=State.REGISTERED).order_by("received_on", "id")

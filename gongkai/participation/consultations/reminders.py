"""The inbox provider: a closed consultation with no published adoption report after N working
days (the office's setting, default 10) is a task for the unit's editors and signers and the office."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils.translation import gettext as _

from gongkai.actor import Actor
from gongkai.inbox import Task
from gongkai.orgs import access
from gongkai.orgs.models import Role
from gongkai.participation.consultations.access import consultations_visible_to
from gongkai.participation.models import Consultation, ConsultationSettings
from gongkai.workdays.calendar import CalendarMissing
from gongkai.workdays.services import get_calendar, missing_message


def report_due_on(consultation: Consultation, days: int) -> dt.date:
    """N working days after the closing day (the closing day itself not counted); CalendarMissing
    when the calendar does not know the year."""
    return get_calendar().add_working_days(consultation.closes_on, days)


def consultation_tasks(user: Actor, today: dt.date) -> list[Task]:
    units = access.units_for(user, Role.EDITOR) | access.units_for(user, Role.SIGNER)
    unpublished = Q(adoption__isnull=True) | Q(adoption__item__published_revision__isnull=True)
    waiting = (
        consultations_visible_to(user)
        .filter(item__unit__in=units, item__published_revision__isnull=False, closes_on__lt=today, historical=False)
        .filter(unpublished)
        .select_related("item__unit")
    )
    days = ConsultationSettings.current().report_due_working_days
    tasks = []
    for consultation in waiting[:50]:
        task = _task(consultation, days, today)
        if task is not None:
            tasks.append(task)
    return tasks


def _task(consultation: Consultation, days: int, today: dt.date) -> Task | None:
    title = _("发布征求意见采纳情况：%(title)s") % {"title": consultation.item.title}
    kind = _("征求意见")
    try:
        due = report_due_on(consultation, days)
    except CalendarMissing as exc:
        # Never a guessed date: the task shows why there is none.
        return Task(
            title=f"{title}（{missing_message(exc)}）",
            target=consultation,
            due_on=None,
            unit=consultation.item.unit.name,
            kind=kind,
        )
    if today <= due:
        return None
    return Task(title=title, target=consultation, due_on=due, unit=consultation.item.unit.name, kind=kind)

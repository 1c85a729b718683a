"""Reminders (django-tasks, the one job mechanism): due-soon and overdue applications, daily.

``manage.py foi_remind`` (cron, once a day or more; `make demo` runs it in its loop) queues
``send_reminders``. The reminder engine (gongkai/reminders) records one per application, kind and
day, so running it again changes nothing, and keeps whether the mail went out (a refused one is
retried, then shown as failed). Messages name the application's number, never the applicant.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from django_tasks import task

from gongkai.foi.handling import recompute, settle_consultations
from gongkai.foi.models import Request
from gongkai.foi.queue import Flagger
from gongkai.foi.vocab import RUNNING_STATES
from gongkai.orgs.access import staff_addresses
from gongkai.orgs.models import Role
from gongkai.reminders import engine

TOPIC = "foi"
DUE_SOON, OVERDUE = "due_soon", "overdue"


def _message(request_obj: Request, kind: str) -> tuple[str, str]:
    values = {"number": request_obj.number, "unit": request_obj.unit.name, "due": request_obj.due_on}
    if kind == OVERDUE:
        subject = _("【已超期】政府信息公开申请%(number)s") % values
        body = _("%(unit)s收到的政府信息公开申请%(number)s答复期限为%(due)s，已超期，请尽快答复。") % values
    else:
        subject = _("【即将到期】政府信息公开申请%(number)s") % values
        body = _("%(unit)s收到的政府信息公开申请%(number)s答复期限为%(due)s，请按期答复。") % values
    return subject, body


def _remind(request_obj: Request, kind: str, today: dt.date) -> bool:
    subject, body = _message(request_obj, kind)
    due = engine.Due(
        topic=TOPIC,
        key=f"request:{request_obj.pk}",
        kind=kind,
        subject=subject,
        body=body,
        recipients=staff_addresses(request_obj.unit_id, [Role.HANDLER]),
        unit_id=request_obj.unit_id,
        every_days=1,  # once a day while it lasts
    )
    return engine.remind(due, today)


def replay_blank_due_dates() -> int:
    """Running applications left without a due date for a missing calendar year (registered before
    provisional due dates, RULINGS.md 2) are replayed, so they get one; returns how many moved."""
    blank = Request.objects.filter(state__in=RUNNING_STATES, due_on__isnull=True).exclude(due_problem="")
    return sum(recompute(r) for r in blank.only("pk").iterator())


@task()
def send_reminders(today_iso: str) -> int:
    """Remind the handlers of every running application that is due soon or overdue."""
    today = dt.date.fromisoformat(today_iso)
    engine.retry()  # yesterday's refused mails first
    replay_blank_due_dates()
    # A third party's or co-maker's period that passed yesterday ends its pause today (条例 Art.
    # 32, 34): the clock runs again, so the application can be due soon or overdue below.
    settle_consultations(today)
    flags = Flagger(today)
    sent = 0
    running = Request.objects.filter(state__in=RUNNING_STATES, due_on__isnull=False).select_related("unit")
    for request_obj in running.iterator():
        flag = flags(request_obj)
        if flag.overdue:
            sent += _remind(request_obj, OVERDUE, today)
        elif flag.due_soon:
            sent += _remind(request_obj, DUE_SOON, today)
    return sent

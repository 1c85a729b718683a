"""Reminders (django-tasks, the one job mechanism): due-soon and overdue applications, daily.

``manage.py foi_remind`` (cron, once a day or more; `make demo` runs it in its loop) queues
``send_reminders``. One reminder per application, kind and day (a unique constraint), so running
it again changes nothing. Messages name the application's number and tracking code, never the
applicant.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django_tasks import task

from gongkai.foi.models import Reminder, Request
from gongkai.foi.queue import Flagger
from gongkai.foi.vocab import RUNNING_STATES
from gongkai.orgs.models import Membership, Role

log = logging.getLogger("gongkai.foi")


def _recipients(request_obj: Request) -> list[str]:
    people = Membership.objects.filter(role=Role.HANDLER, unit=request_obj.unit, user__is_active=True)
    return sorted({m.user.email for m in people.select_related("user") if m.user.email})


def _message(request_obj: Request, kind: str) -> tuple[str, str]:
    values = {"number": request_obj.number, "unit": request_obj.unit.name, "due": request_obj.due_on}
    if kind == Reminder.Kind.OVERDUE:
        subject = _("【已超期】政府信息公开申请%(number)s") % values
        body = _("%(unit)s收到的政府信息公开申请%(number)s答复期限为%(due)s，已超期，请尽快答复。") % values
    else:
        subject = _("【即将到期】政府信息公开申请%(number)s") % values
        body = _("%(unit)s收到的政府信息公开申请%(number)s答复期限为%(due)s，请按期答复。") % values
    return subject, body


def _remind(request_obj: Request, kind: str, today: dt.date) -> bool:
    recipients = _recipients(request_obj)
    try:
        with transaction.atomic():
            Reminder.objects.create(request=request_obj, kind=kind, on=today, recipients=len(recipients))
    except IntegrityError:
        return False  # already reminded today
    if recipients:
        subject, body = _message(request_obj, kind)
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=True)
    log.info("foi reminder", extra={"event": "foi.reminder", "request_id": request_obj.pk, "kind": kind})
    return True


@task()
def send_reminders(today_iso: str) -> int:
    """Remind the handlers of every running application that is due soon or overdue."""
    today = dt.date.fromisoformat(today_iso)
    flags = Flagger(today)
    sent = 0
    running = Request.objects.filter(state__in=RUNNING_STATES, due_on__isnull=False).select_related("unit")
    for request_obj in running.iterator():
        flag = flags(request_obj)
        if flag.overdue:
            sent += _remind(request_obj, Reminder.Kind.OVERDUE, today)
        elif flag.due_soon:
            sent += _remind(request_obj, Reminder.Kind.DUE_SOON, today)
    return sent

"""E-mail reminders of the ledger (django-tasks, the one job mechanism), beside the inbox's
(``reminders.py``): every unfinished task with a deadline is mailed to the staff of each of its
responsible units (editor, reviewer or signer with an address) once when it falls due within
``DUE_SOON_DAYS`` days, and once a week while it is overdue.

``manage.py ledger_remind`` (cron, daily) queues ``send_task_reminders``; running it again the
same day changes nothing. The reminder engine (gongkai/reminders) records each reminder with its
delivery state: a mail the server refuses is retried, then shown as failed in the workbench.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from django_tasks import task

from gongkai.orgs.access import staff_addresses
from gongkai.orgs.models import Unit
from gongkai.reminders import engine
from gongkai.supervision.ledger import access
from gongkai.supervision.ledger.models import Task, TaskUnit
from gongkai.supervision.ledger.reminders import DUE_SOON_DAYS

TOPIC = "ledger"
DUE_SOON, OVERDUE = "due_soon", "overdue"
OVERDUE_EVERY_DAYS = 7


def _message(task_obj: Task, unit: Unit, kind: str) -> tuple[str, str]:
    # One line: a title may run over several, and a mail header must not (BadHeaderError).
    values = {"title": " ".join(task_obj.title.split())[:80], "unit": unit.name, "due": task_obj.due_on}
    if kind == OVERDUE:
        subject = _("【已逾期】任务台账：%(title)s") % values
        body = _("%(unit)s负责的任务“%(title)s”完成时限为%(due)s，已逾期，请尽快办理并填报进展。") % values
    else:
        subject = _("【即将到期】任务台账：%(title)s") % values
        body = _("%(unit)s负责的任务“%(title)s”完成时限为%(due)s，请按期完成并填报进展。") % values
    return subject, body


def _remind(task_obj: Task, unit: Unit, kind: str, today: dt.date) -> bool:
    subject, body = _message(task_obj, unit, kind)
    due = engine.Due(
        topic=TOPIC,
        key=f"task:{task_obj.pk}:unit:{unit.pk}",
        kind=kind,
        subject=subject,
        body=body,
        recipients=staff_addresses(unit, access.REPORT_ROLES),
        unit_id=unit.pk,
        every_days=OVERDUE_EVERY_DAYS if kind == OVERDUE else None,  # due soon: once
    )
    return engine.remind(due, today)


def _responsible(task_obj: Task) -> list[Unit]:
    named = [tu.unit for tu in task_obj.task_units.all() if tu.role == TaskUnit.Role.RESPONSIBLE]
    return list({unit.pk: unit for unit in [task_obj.unit, *named]}.values())


@task()
def send_task_reminders(today_iso: str) -> int:
    """Remind the responsible units of every unfinished task due soon or overdue on ``today``."""
    today = dt.date.fromisoformat(today_iso)
    engine.retry()  # yesterday's refused mails first
    near = today + dt.timedelta(days=DUE_SOON_DAYS)
    due = Task.objects.filter(done_on__isnull=True, due_on__isnull=False, due_on__lte=near)
    due = due.filter(carried_to__isnull=True)  # carried into a later ledger: the copy is reminded
    sent = 0
    for task_obj in due.select_related("unit").prefetch_related("task_units__unit").order_by("due_on", "pk"):
        assert task_obj.due_on is not None
        kind = OVERDUE if task_obj.due_on < today else DUE_SOON
        sent += sum(_remind(task_obj, unit, kind, today) for unit in _responsible(task_obj))
    return sent

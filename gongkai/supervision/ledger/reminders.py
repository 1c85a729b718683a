"""The inbox provider of the ledger: ``inbox_tasks(user, today)``, registered with the core's inbox
protocol (gongkai/inbox.py).

- staff of a responsible unit: the unit's unfinished tasks due within 7 days or overdue, and
  supervision notices (督办) sent to the unit that await its reply;
- the office: notices past their reply deadline without a reply (follow-up supervision).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from gongkai.actor import Actor
from gongkai.inbox import Task as InboxTask
from gongkai.orgs import access as org_access
from gongkai.supervision.ledger import access
from gongkai.supervision.ledger.models import Notice, Task, TaskUnit

DUE_SOON_DAYS = 7
MAX_TASKS = 50


def _inbox_task(title: str, task: Task, due_on: dt.date | None, unit: str) -> InboxTask:
    return InboxTask(title=title, target=task, due_on=due_on, unit=unit, kind=_("任务台账"))


def _unit_tasks(unit_ids: list[int], today: dt.date) -> list[InboxTask]:
    named = TaskUnit.objects.filter(unit_id__in=unit_ids, role=TaskUnit.Role.RESPONSIBLE).values("task_id")
    near = today + dt.timedelta(days=DUE_SOON_DAYS)
    found = (Task.objects.filter(pk__in=named) | Task.objects.filter(unit_id__in=unit_ids)).filter(
        done_on__isnull=True, due_on__isnull=False, due_on__lte=near
    )
    found = found.select_related("unit").order_by("due_on", "pk")[:MAX_TASKS]
    return [
        _inbox_task(
            (_("任务已逾期：%(title)s") if t.due_on and t.due_on < today else _("任务即将到期：%(title)s"))
            % {"title": t.title[:60]},
            t,
            t.due_on,
            t.unit.name,
        )
        for t in found
    ]


def _notices(notices: Any, text: str) -> list[InboxTask]:
    return [
        _inbox_task(text % {"title": n.task.title[:60]}, n.task, n.reply_due_on, n.unit.name)
        for n in notices.select_related("task", "unit").order_by("reply_due_on", "pk")[:MAX_TASKS]
    ]


def inbox_tasks(user: Actor, today: dt.date) -> list[InboxTask]:
    if org_access.is_office(user):
        late = Notice.objects.filter(replied_on__isnull=True, reply_due_on__lt=today)
        return _notices(late, _("督办逾期未反馈：%(title)s"))
    unit_ids = sorted(
        {pk for role in access.REPORT_ROLES for pk in org_access.units_for(user, role).values_list("pk", flat=True)}
    )
    if not unit_ids:
        return []
    waiting = Notice.objects.filter(unit_id__in=unit_ids, replied_on__isnull=True)
    return _unit_tasks(unit_ids, today) + _notices(waiting, _("反馈督办通知：%(title)s"))

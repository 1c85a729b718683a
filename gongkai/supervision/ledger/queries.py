"""Task lists by status, as database filters that agree with ``status.task_status``."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from gongkai.supervision.ledger import status
from gongkai.supervision.ledger.models import Task, TaskUnit

# API.md: ?status=overdue|open|done; "open" is every task not done yet (overdue ones included).
OPEN = "open"
FILTERS = (OPEN, status.OVERDUE, status.DONE, status.IN_PROGRESS, status.NOT_STARTED)


def overdue_q(today: dt.date) -> Q:
    return Q(done_on__isnull=True, due_on__isnull=False, due_on__lt=today)


def by_status(tasks: QuerySet[Task], wanted: str, today: dt.date) -> QuerySet[Task]:
    if wanted == OPEN:
        return tasks.filter(done_on__isnull=True)
    if wanted == status.DONE:
        return tasks.filter(done_on__isnull=False)
    if wanted == status.OVERDUE:
        return tasks.filter(overdue_q(today))
    on_time = tasks.filter(done_on__isnull=True).exclude(overdue_q(today))
    if wanted == status.IN_PROGRESS:
        return on_time.filter(last_progress_on__isnull=False)
    if wanted == status.NOT_STARTED:
        return on_time.filter(last_progress_on__isnull=True)
    return tasks


def for_unit(tasks: QuerySet[Task], unit_id: int) -> QuerySet[Task]:
    """Tasks naming the unit as lead, joint responsible or co-operating unit."""
    named = TaskUnit.objects.filter(unit_id=unit_id).values("task_id")
    return tasks.filter(Q(unit_id=unit_id) | Q(pk__in=named))


def latest_progress_text(task: Task) -> str:
    latest = task.progress.order_by("-on", "-pk").first()
    return latest.text if latest else ""

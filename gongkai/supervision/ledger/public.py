"""What the public sees of a ledger the office made public: units, deadlines, status and the
progress texts with their dates and units, never who wrote them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from gongkai.supervision.ledger.models import Ledger, Task, TaskUnit


@dataclass(frozen=True)
class PublicProgress:
    on: dt.date
    unit: str
    text: str
    done: bool


@dataclass(frozen=True)
class PublicTask:
    id: int
    number: str
    title: str
    responsible: list[str]
    cooperating: list[str]
    due_on: dt.date | None
    due_text: str
    status: str
    status_label: str
    progress: list[PublicProgress]


def public_ledgers() -> QuerySet[Ledger]:
    return Ledger.objects.filter(public=True).order_by("-year", "title")


def _entry(task: Task, today: dt.date) -> PublicTask:
    units = sorted(task.task_units.all(), key=lambda tu: (tu.unit_id != task.unit_id, tu.position))
    responsible = [tu.unit.name for tu in units if tu.role == TaskUnit.Role.RESPONSIBLE] or [task.unit.name]
    progress = [PublicProgress(p.on, p.unit.name if p.unit else "", p.text, p.done) for p in task.progress.all()]
    return PublicTask(
        id=task.pk,
        number=task.number,
        title=task.title,
        responsible=responsible,
        cooperating=[tu.unit.name for tu in units if tu.role == TaskUnit.Role.COOPERATING],
        due_on=task.due_on,
        due_text=task.due_text,
        status=task.status_on(today),
        status_label=task.status_label(today),
        progress=progress,
    )


def entries(ledger: Ledger, today: dt.date) -> list[PublicTask]:
    tasks = ledger.tasks.select_related("unit").prefetch_related("task_units__unit", "progress__unit")
    return [_entry(task, today) for task in tasks.order_by("position", "pk")]

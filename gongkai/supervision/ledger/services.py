"""Every change to the task ledger goes through one of these functions: each checks permission,
changes the rows and writes the audit entry in the same transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from gongkai.audit.services import record
from gongkai.orgs import access as org_access
from gongkai.orgs.models import Unit
from gongkai.supervision.ledger.models import Ledger, Task, TaskUnit


def ledger_for_year(actor: Any, year: int, *, title: str = "") -> Ledger:
    """The year's ledger of the given title (default "YYYY年政务公开工作任务台账"), created when missing."""
    name = title or _("%(year)s年政务公开工作任务台账") % {"year": year}
    ledger, created = Ledger.objects.get_or_create(year=year, title=name, defaults={"created_by": actor})
    if created:
        record(actor, "ledger.created", ledger, after={"year": year, "title": name})
    return ledger


@transaction.atomic
def create_task(
    actor: Any,
    *,
    ledger: Ledger,
    title: str,
    unit: Unit,
    due_on: dt.date | None,
    joint_units: Sequence[Unit] = (),
    co_units: Sequence[Unit] = (),
    number: str = "",
    due_text: str = "",
    source: str = "",
    request: HttpRequest | None = None,
) -> Task:
    """A new task of ``ledger`` led by ``unit`` (the office only).

    ``joint_units`` are further responsible units (责任单位 after the first), ``co_units`` the
    co-operating ones (配合单位); ``source`` names where it came from (e.g. "inspection.finding:12").
    """
    org_access.require_office(actor)
    position = (ledger.tasks.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    task = Task.objects.create(
        ledger=ledger,
        number=number,
        position=position,
        title=title,
        unit=unit,
        due_on=due_on,
        due_text=due_text,
        source=source,
        created_by=actor,
    )
    rows = [TaskUnit(task=task, unit=unit, role=TaskUnit.Role.RESPONSIBLE, position=0)]
    rows += [
        TaskUnit(task=task, unit=u, role=TaskUnit.Role.RESPONSIBLE, position=i)
        for i, u in enumerate(joint_units, start=1)
        if u.pk != unit.pk
    ]
    rows += [TaskUnit(task=task, unit=u, role=TaskUnit.Role.COOPERATING, position=i) for i, u in enumerate(co_units)]
    TaskUnit.objects.bulk_create(rows, ignore_conflicts=True)
    record(
        actor,
        "ledger.task_created",
        task,
        unit=unit,
        after={"title": title[:200], "due_on": due_on, "source": source},
        request=request,
    )
    return task

"""Inbox tasks of the inspection (``workbench.inbox.Task``; the inbox lists this provider).

- A unit's editors: the findings of the latest inspection that concern their unit and are not
  yet assigned as a ledger task (once assigned, the ledger's own reminders take over).
- The office: "网站检查到期" when the schedule says an inspection is due.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from gongkai.orgs import access as org_access
from gongkai.orgs.models import Role
from gongkai.supervision.inspection import access, services

LIMIT = 50


def _unit_tasks(user: Any, today: dt.date) -> list[Any]:
    from gongkai.workbench.inbox import Task

    latest = access.latest_done()
    units = org_access.units_for(user, Role.EDITOR)
    if latest is None or org_access.is_office(user) or not units.exists():
        return []
    open_findings = latest.findings.filter(unit__in=units, task__isnull=True).select_related("unit")
    url = reverse("workbench:inspection_unit_findings")
    return [
        Task(
            title=_("整改网站检查问题：%(detail)s") % {"detail": f.detail[:80]},
            url=url,
            due_on=None,
            unit=f.unit.name if f.unit else "",
            kind=_("网站检查"),
        )
        for f in open_findings.order_by("-veto", "rule", "pk")[:LIMIT]
    ]


def inbox_tasks(user: Any, today: dt.date) -> list[Any]:
    from gongkai.workbench.inbox import Task

    tasks = _unit_tasks(user, today)
    if org_access.is_office(user) and services.is_due():
        tasks.append(Task(_("网站检查到期，请进行检查"), reverse("workbench:inspections"), today, "", _("网站检查")))
    return tasks

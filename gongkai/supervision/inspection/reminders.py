"""Inbox tasks of the inspection (gongkai/inbox.py; registered in the app's ready()).

- A unit's editors: the findings of the latest inspection that concern their unit and are not
  yet assigned as a ledger task (once assigned, the ledger's own reminders take over).
- The office: "网站检查到期" when the schedule says an inspection is due, and every personal-data
  finding of the latest inspection (the archive sweep, inspection.personaldata).
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from gongkai.actor import Actor
from gongkai.inbox import Task
from gongkai.orgs import access as org_access
from gongkai.orgs.models import Role
from gongkai.supervision.inspection import access, services
from gongkai.supervision.inspection.models import Finding, Inspection, Rule

LIMIT = 50


def _unit_tasks(user: Actor, today: dt.date) -> list[Task]:
    latest = access.latest_per_site()
    units = org_access.units_for(user, Role.EDITOR)
    if not latest or org_access.is_office(user) or not units.exists():
        return []
    open_findings = Finding.objects.filter(inspection_id__in=latest, unit__in=units, task__isnull=True)
    open_findings = open_findings.select_related("unit")
    return [
        Task(
            title=_("整改网站检查问题：%(detail)s") % {"detail": f.detail[:80]},
            target=f,
            due_on=None,
            unit=f.unit.name if f.unit else "",
            kind=_("网站检查"),
        )
        for f in open_findings.order_by("-veto", "rule", "pk")[:LIMIT]
    ]


def _office_privacy_tasks(user: Actor) -> list[Task]:
    """The office sees every unit's personal-data findings (issue 24: the archive sweep)."""
    latest = access.latest_per_site()
    if not latest or not org_access.is_office(user):
        return []
    found = Finding.objects.filter(inspection_id__in=latest, rule=Rule.PERSONAL_DATA, task__isnull=True)
    found = found.select_related("unit")
    return [
        Task(
            title=_("公开内容含有个人信息，请核实并下架或替换：%(detail)s") % {"detail": f.detail[:80]},
            target=f,
            due_on=None,
            unit=f.unit.name if f.unit else "",
            kind=_("个人信息"),
        )
        for f in found.order_by("pk")[:LIMIT]
    ]


def inbox_tasks(user: Actor, today: dt.date) -> list[Task]:
    tasks = _unit_tasks(user, today) + _office_privacy_tasks(user)
    if org_access.is_office(user) and services.is_due():
        tasks.append(Task(_("网站检查到期，请进行检查"), Inspection, today, "", _("网站检查")))
    return tasks

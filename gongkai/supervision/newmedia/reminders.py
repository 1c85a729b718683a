"""The inbox provider of the new-media registry: ``inbox_tasks(user, today)``.

- a unit's 信息员 (editor): the unit's live accounts not updated within the office's threshold
  (检查指标: 监测时间点前2周内无更新), and accounts the office ordered to rectify (整改中);
- the office: applications waiting for approval (申请开设) and approved accounts waiting for
  their national filing number (已批准 → 已备案).
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from gongkai.actor import Actor
from gongkai.inbox import Task
from gongkai.orgs import access as org_access
from gongkai.supervision.newmedia import access, figures
from gongkai.supervision.newmedia import lifecycle as lc
from gongkai.supervision.newmedia.models import Account, NewMediaSettings
from gongkai.supervision.newmedia.rules import update_due_on

MAX_TASKS = 50


def _task(account: Account, title: str, due_on: dt.date | None) -> Task:
    return Task(
        title=title % {"name": f"{account.platform.name}“{account.name}”"},
        target=account,
        due_on=due_on,
        unit=account.unit.name,
        kind=_("政务新媒体"),
    )


def _office_tasks(today: dt.date) -> list[Task]:
    found = Account.objects.select_related("unit", "platform").order_by("created_at", "pk")
    tasks = [_task(a, _("审批政务新媒体开设申请：%(name)s"), today)
             for a in found.filter(state=lc.APPLICATION)[:MAX_TASKS]]  # fmt: skip
    tasks += [_task(a, _("登记全国政务新媒体报送系统备案编号：%(name)s"), today)
              for a in found.filter(state=lc.APPROVED)[:MAX_TASKS]]  # fmt: skip
    return tasks


def inbox_tasks(user: Actor, today: dt.date) -> list[Task]:
    if org_access.is_office(user):
        return _office_tasks(today)
    units = org_access.units_for(user, access.UNIT_ROLE)
    if not units.exists():
        return []
    days = NewMediaSettings.current().stale_after_days
    mine = access.accounts_visible_to(user).filter(unit__in=units).select_related("unit", "platform")
    stale = mine.filter(figures.stale_filter(today)).order_by("last_content_on", "pk")[:MAX_TASKS]
    tasks = [_task(a, _("政务新媒体更新不及时，请及时更新：%(name)s"), update_due_on(a.last_content_on, today, days))
             for a in stale]  # fmt: skip
    ordered = mine.filter(state=lc.RECTIFICATION).order_by("pk")[:MAX_TASKS]
    tasks += [_task(a, _("按要求整改政务新媒体并报告整改情况：%(name)s"), None) for a in ordered]
    return tasks

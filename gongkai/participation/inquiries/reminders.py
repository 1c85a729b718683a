"""The inbox provider of inquiries: ``inquiry_tasks(user, today)``, registered with the core's inbox
protocol (gongkai/inbox.py).

- 信息员 (editor): the unit's unanswered inquiries due within ``InquirySettings.due_soon_days``
  (calendar days), overdue ones, and ones without a due date (calendar year missing);
- 审核 (reviewer): answers waiting for review;
- the office: overdue inquiries of every unit (supervision).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils.translation import gettext as _

from gongkai.actor import Actor
from gongkai.inbox import Task
from gongkai.orgs import access as org_access
from gongkai.participation.inquiries import access
from gongkai.participation.models import Inquiry, InquirySettings

State = Inquiry.State
MAX_TASKS = 50


def _task(inquiry: Inquiry, text: str) -> Task:
    return Task(
        title=text % {"subject": inquiry.subject},
        target=inquiry,
        due_on=inquiry.due_on,
        unit=inquiry.unit.name,
        kind=_("政务咨询"),
    )


def inquiry_tasks(user: Actor, today: dt.date) -> list[Task]:
    if org_access.is_office(user):
        overdue = Inquiry.objects.filter(state__in=[State.RECEIVED, State.AWAITING_REVIEW], due_on__lt=today)
        return [_task(i, _("政务咨询已超期：%(subject)s")) for i in overdue.select_related("unit")[:MAX_TASKS]]
    soon = today + dt.timedelta(days=InquirySettings.current().due_soon_days)
    answering = access.inquiries_visible_to(user).filter(
        unit__in=org_access.units_for(user, access.ANSWER_ROLE), state=State.RECEIVED
    )
    answering = answering.filter(Q(due_on__lte=soon) | Q(due_on__isnull=True))
    reviewing = access.inquiries_visible_to(user).filter(
        unit__in=org_access.units_for(user, access.REVIEW_ROLE), state=State.AWAITING_REVIEW
    )
    tasks = [_task(i, _("答复政务咨询：%(subject)s")) for i in answering.select_related("unit")[:MAX_TASKS]]
    tasks += [_task(i, _("审核政务咨询答复：%(subject)s")) for i in reviewing.select_related("unit")[:MAX_TASKS]]
    return tasks

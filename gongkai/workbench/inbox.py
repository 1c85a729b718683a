"""The per-role inbox ("my tasks"): every capability contributes its open tasks here.

Every provider returns the core's ``Task`` (gongkai/inbox.py), naming the object it is about:
the workbench's own (calendar, items, applications, reports, reminder mails) are listed here,
the capabilities below the views register theirs with the core; ``url_for`` maps each kind of
object to its workbench page. Tasks are shown due dates first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai import inbox as inbox_protocol
from gongkai.actor import Actor
from gongkai.exchange.models import Partner
from gongkai.foi.models import Request
from gongkai.inbox import Task
from gongkai.orgs import access
from gongkai.orgs.models import Role
from gongkai.participation.models import Consultation, Inquiry
from gongkai.publishing.models import Item
from gongkai.reminders.models import Reminder
from gongkai.reports.models import AnnualReport, ReportState, Scope
from gongkai.supervision.inspection.models import Finding, Inspection
from gongkai.supervision.ledger.models import Task as LedgerTask
from gongkai.supervision.newmedia.models import Account
from gongkai.workdays.models import CalendarYear
from gongkai.workdays.services import missing_years


def calendar_tasks(user: Actor, today: dt.date) -> list[Task]:
    """The office enters next year's holidays once the State Council announces them."""
    if not access.is_office(user):
        return []
    return [
        Task(
            title=_("录入%(year)s年工作日历（国务院办公厅节假日安排通知）") % {"year": year},
            target=CalendarYear,
            due_on=dt.date(year - 1, 12, 31) if year > today.year else today,
            kind=_("工作日历"),
        )
        for year in missing_years(today)
    ]


# (state, role that acts next, what the task says)
_ITEM_STEPS = [
    ("draft", Role.EDITOR, gettext_lazy("修改并提交：%(title)s")),
    ("submitted", Role.REVIEWER, gettext_lazy("审核：%(title)s")),
    ("approved", Role.SIGNER, gettext_lazy("签发：%(title)s")),
    ("signed", Role.SIGNER, gettext_lazy("发布：%(title)s")),
]


def item_tasks(user: Actor, today: dt.date) -> list[Task]:
    """Items waiting for this person's role in their units, plus expedited ones to confirm."""
    from gongkai.publishing.access import items_visible_to

    tasks = []
    visible = items_visible_to(user).select_related("unit")
    for state, role, text in _ITEM_STEPS:
        units = access.units_for(user, role)
        waiting = visible.filter(state=state, unit__in=units)
        if state == "draft":
            # Drafts returned for changes, and drafts whose deadline is near or past (条例 Art. 26).
            near = today + dt.timedelta(days=7)
            waiting = waiting.filter(Q(return_note__gt="") | Q(publish_due_on__lte=near))
        for item in waiting.order_by("publish_due_on")[:50]:
            tasks.append(
                Task(
                    title=text % {"title": item.title},
                    target=item,
                    due_on=item.publish_due_on,
                    unit=item.unit.name,
                    kind=_("主动公开"),
                )
            )
    for item in visible.filter(expedited=True, unit__in=access.units_for(user, Role.REVIEWER))[:50]:
        tasks.append(
            Task(
                title=_("补充审核加急发布的信息：%(title)s") % {"title": item.title},
                target=item,
                due_on=today,
                unit=item.unit.name,
                kind=_("主动公开"),
            )
        )
    return tasks


def request_tasks(user: Actor, today: dt.date) -> list[Task]:
    """Applications to answer (条例 Art. 33), and stopped clocks whose period has run out: a missed
    correction (Art. 30) or fee deadline (109号) is closed by the handler, not by the clock.
    The office sees every unit's overdue applications."""
    from gongkai.foi.queue import by_due_date
    from gongkai.foi.vocab import RUNNING_STATES, State

    kind = _("依申请公开")
    units = access.units_for(user, Role.HANDLER) if not access.is_office(user) else None
    mine = Request.objects.select_related("unit") if units is None else Request.objects.filter(unit__in=units)
    soon = today + dt.timedelta(days=7)
    running = mine.filter(state__in=RUNNING_STATES, due_on__lte=today if units is None else soon)
    tasks = [
        Task(
            title=_("答复政府信息公开申请%(number)s") % {"number": r.number},
            target=r,
            due_on=r.due_on,
            unit=r.unit.name,
            kind=kind,
        )
        for r in by_due_date(running).select_related("unit")[:50]
    ]
    if units is None:
        return tasks
    tasks += new_request_tasks(mine, exclude={task.target.pk for task in tasks})
    lapsed = mine.filter(
        Q(state=State.AWAITING_CORRECTION, correction_due_on__lt=today)
        | Q(state=State.AWAITING_FEE, fee_pay_by__lt=today)
    ).select_related("unit")
    tasks += [
        Task(
            title=_("期限已过，请登记补正或缴费结果：%(number)s") % {"number": r.number},
            target=r,
            due_on=r.correction_due_on or r.fee_pay_by,
            unit=r.unit.name,
            kind=kind,
        )
        for r in lapsed[:50]
    ]
    return tasks + consultation_tasks(mine, today)


def new_request_tasks(mine: Any, exclude: set[int]) -> list[Task]:
    """A new application, online or entered by staff, is the unit's handlers' task at once, not
    only once its due date nears (issue 17, point 11)."""
    from gongkai.foi.queue import not_yet_handled

    return [
        Task(
            title=_("新申请待办理（%(channel)s）：%(number)s")
            % {"channel": r.get_channel_display(), "number": r.number},
            target=r,
            due_on=r.due_on,
            unit=r.unit.name,
            kind=_("依申请公开"),
        )
        for r in not_yet_handled(mine).exclude(pk__in=exclude).select_related("unit")[:50]
    ]


def consultation_tasks(mine: Any, today: dt.date) -> list[Task]:
    """The handler is told the day the other side's period has passed (条例 Art. 32, 34, 17)."""
    from gongkai.foi.vocab import ConsultationBasis

    texts = {
        # Art. 32: the third party did not answer in time; the organ decides, the clock runs again.
        ConsultationBasis.THIRD_PARTY: _(
            "第三方答复期限已于%(due)s届满，答复期限恢复计算，请依照条例第三十二条决定是否公开：%(number)s"
        ),
        # Art. 34: a co-maker's silence is consent.
        ConsultationBasis.CO_MAKER: _(
            "共同制作机关未在%(due)s前提出意见，视为同意公开（条例第三十四条），答复期限恢复计算：%(number)s"
        ),
        # Art. 17 sets no period: the pause lasts until the answer; the handler chases it.
        ConsultationBasis.SECRECY_REVIEW: _(
            "保密审查请求的回复期限%(due)s已过，请催办；答复期限仍中止至收到意见：%(number)s"
        ),
    }
    passed = mine.filter(consultation_reply_due_on__lt=today).exclude(consultation_basis="").select_related("unit")
    return [
        Task(
            title=texts[ConsultationBasis(r.consultation_basis)]
            % {"due": r.consultation_reply_due_on, "number": r.number},
            target=r,
            due_on=r.consultation_reply_due_on,
            unit=r.unit.name,
            kind=_("依申请公开"),
        )
        for r in passed.order_by("consultation_reply_due_on")[:50]
    ]


def report_tasks(user: Actor, today: dt.date) -> list[Task]:
    """Last year's annual report, from 1 January until it is published (条例 Art. 49: units by
    31 January, the government by 31 March); the office also sees reports waiting for review."""
    from gongkai.reports.services import due_date

    year, kind = today.year - 1, _("年度报告")
    tasks = []
    if today.month <= 3:
        published = set(
            AnnualReport.objects.filter(year=year, published_at__isnull=False).values_list("unit_id", "scope")
        )
        for unit in access.units_for(user, Role.EDITOR) if not access.is_office(user) else []:
            if (unit.pk, Scope.UNIT) not in published:  # shown overdue after 31 January
                title = _("编制并公布%(year)s年度政府信息公开工作年度报告") % {"year": year}
                tasks.append(Task(title, AnnualReport, due_date(Scope.UNIT, year), unit.name, kind))
        if access.is_office(user) and not any(scope == Scope.GOVERNMENT for _unit, scope in published):
            title = _("编制并公布本级政府%(year)s年度政府信息公开工作年度报告") % {"year": year}
            tasks.append(Task(title, AnnualReport, due_date(Scope.GOVERNMENT, year), "", kind))
    if access.is_office(user):
        for report in AnnualReport.objects.filter(state=ReportState.SUBMITTED).select_related("unit")[:50]:
            title = _("审核年度报告：%(unit)s %(year)s年度") % {"unit": report.unit.name, "year": report.year}
            due = due_date(report.scope, report.year)
            tasks.append(Task(title, report, due, report.unit.name, kind))
    return tasks


def reminder_tasks(user: Actor, today: dt.date) -> list[Task]:
    """Reminder mails the mail server refused every time (gongkai/reminders): the office looks."""
    if not access.is_office(user):
        return []
    failed = Reminder.objects.filter(state=Reminder.State.FAILED).count()
    if not failed:
        return []
    title = _("%(n)s封提醒邮件发送失败，请检查邮件服务器后重新发送") % {"n": failed}
    return [Task(title=title, target=Reminder, due_on=today, kind=_("提醒邮件"))]


# Where a task opens: its object's page, or for a model class the list of such objects.
def _object_pages() -> dict[type, Callable[[Any], str]]:
    return {
        Item: lambda o: reverse("workbench:item", args=[o.pk]),
        Request: lambda o: reverse("workbench:request", args=[o.pk]),
        AnnualReport: lambda o: reverse("workbench:report", args=[o.pk]),
        Consultation: lambda o: reverse("workbench:consultation", args=[o.pk]),
        Inquiry: lambda o: reverse("workbench:inquiry", args=[o.pk]),
        LedgerTask: lambda o: reverse("workbench:task", args=[o.pk]),
        Account: lambda o: reverse("workbench:newmedia_account", args=[o.pk]),
        Finding: lambda o: reverse("workbench:inspection_unit_findings"),  # the unit's findings page
        Partner: lambda o: reverse("workbench:exchange_partner", args=[o.pk]),  # a lagging partner
    }


def _class_pages() -> dict[type, str]:
    return {
        CalendarYear: reverse("workbench:calendar"),
        AnnualReport: reverse("workbench:reports"),
        Reminder: reverse("workbench:reminders") + "?state=failed",  # the inbox names failed ones
        Inspection: reverse("workbench:inspections"),
    }


def url_for(target: Any) -> str:
    """The workbench page of a task's object (gongkai/inbox.py: providers name objects, not URLs)."""
    if isinstance(target, type):
        return _class_pages()[target]
    return _object_pages()[type(target)](target)


def capability_tasks(user: Actor, today: dt.date) -> list[Task]:
    """The tasks of every capability registered with the core's inbox protocol."""
    return [task for provider in inbox_protocol.providers() for task in provider(user, today)]


PROVIDERS: list[Callable[[Any, dt.date], list[Task]]] = [
    calendar_tasks,
    reminder_tasks,
    item_tasks,
    request_tasks,
    report_tasks,
    capability_tasks,
]


def tasks_for(user: Actor, today: dt.date) -> list[Task]:
    tasks = [task for provider in PROVIDERS for task in provider(user, today)]
    return sorted(tasks, key=lambda t: (t.due_on is None, t.due_on or dt.date.max, t.title))

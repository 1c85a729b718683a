"""The per-role inbox ("my tasks"): every capability contributes its open tasks here.

A provider is a plain function ``(user, today) -> list[Task]``; add a capability's provider to
``PROVIDERS`` by import. Tasks are shown due dates first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.orgs import access
from gongkai.orgs.models import Role
from gongkai.workdays.services import missing_years


@dataclass(frozen=True)
class Task:
    title: str
    url: str
    due_on: dt.date | None
    unit: str = ""
    kind: str = ""

    def overdue(self, today: dt.date) -> bool:
        return self.due_on is not None and self.due_on < today


def calendar_tasks(user: Any, today: dt.date) -> list[Task]:
    """The office enters next year's holidays once the State Council announces them."""
    if not access.is_office(user):
        return []
    return [
        Task(
            title=_("录入%(year)s年工作日历（国务院办公厅节假日安排通知）") % {"year": year},
            url=reverse("workbench:calendar"),
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


def item_tasks(user: Any, today: dt.date) -> list[Task]:
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
                    url=reverse("workbench:item", args=[item.pk]),
                    due_on=item.publish_due_on,
                    unit=item.unit.name,
                    kind=_("主动公开"),
                )
            )
    for item in visible.filter(expedited=True, unit__in=access.units_for(user, Role.REVIEWER))[:50]:
        tasks.append(
            Task(
                title=_("补充审核加急发布的信息：%(title)s") % {"title": item.title},
                url=reverse("workbench:item", args=[item.pk]),
                due_on=today,
                unit=item.unit.name,
                kind=_("主动公开"),
            )
        )
    return tasks


PROVIDERS: list[Callable[[Any, dt.date], list[Task]]] = [calendar_tasks, item_tasks]


def tasks_for(user: Any, today: dt.date) -> list[Task]:
    tasks = [task for provider in PROVIDERS for task in provider(user, today)]
    return sorted(tasks, key=lambda t: (t.due_on is None, t.due_on or dt.date.max, t.title))

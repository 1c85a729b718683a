"""The per-role inbox ("my tasks"): every capability contributes its open tasks here.

A provider is a plain function ``(user, today) -> list[Task]``; add a capability's provider to
``PROVIDERS`` by import. Tasks are shown due dates first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from gongkai.orgs import access
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


PROVIDERS: list[Callable[[Any, dt.date], list[Task]]] = [calendar_tasks]


def tasks_for(user: Any, today: dt.date) -> list[Task]:
    tasks = [task for provider in PROVIDERS for task in provider(user, today)]
    return sorted(tasks, key=lambda t: (t.due_on is None, t.due_on or dt.date.max, t.title))

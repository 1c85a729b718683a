"""The inbox puts what is due first: the earliest due date at the top, tasks without a date last."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from gongkai.foi.models import Request
from gongkai.inbox import Task
from gongkai.publishing.models import Item
from gongkai.workbench import inbox

MONDAY = dt.date(2026, 3, 2)


def test_tasks_come_by_due_date_with_undated_tasks_last(monkeypatch: pytest.MonkeyPatch, editor_a: Any) -> None:
    asked = []

    def publishing(user: Any, today: dt.date) -> list[Task]:
        asked.append((user, today))
        return [
            Task("补充说明（无期限）", Item(pk=1), None),
            Task("审核：下周到期的通知", Item(pk=2), dt.date(2026, 3, 9)),
        ]

    def applications(user: Any, today: dt.date) -> list[Task]:
        return [
            Task("答复申请 2026-0007（已逾期）", Request(pk=7), dt.date(2026, 2, 27)),
            Task("答复申请 2026-0009（今天到期）", Request(pk=9), today),
            Task("整理档案（无期限）", Request(pk=8), None),
        ]

    monkeypatch.setattr(inbox, "PROVIDERS", [publishing, applications])

    tasks = inbox.tasks_for(editor_a, MONDAY)

    assert [t.title for t in tasks] == [
        "答复申请 2026-0007（已逾期）",
        "答复申请 2026-0009（今天到期）",
        "审核：下周到期的通知",
        "整理档案（无期限）",  # undated ones last, in title order
        "补充说明（无期限）",
    ]
    assert [t.overdue(MONDAY) for t in tasks] == [True, False, False, False, False]
    assert asked == [(editor_a, MONDAY)]

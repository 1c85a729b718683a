"""The inbox provider and the per-unit figures."""

from __future__ import annotations

import datetime as dt
from typing import Any

from gongkai.supervision.ledger import figures, reminders, services
from gongkai.supervision.ledger.models import Ledger, Task
from gongkai.workbench.inbox import url_for
from tests.supervision.ledger.conftest import TODAY


def test_a_units_inbox_has_tasks_due_soon_or_overdue_and_notices(
    office: Any, editor_a: Any, editor_b: Any, ledger: Ledger, task_a: Task, task_b: Task, unit_a: Any
) -> None:
    services.create_task(office, ledger=ledger, title="明年的任务", unit=unit_a, due_on=dt.date(2027, 6, 30))
    services.create_task(office, ledger=ledger, title="长期任务", unit=unit_a, due_on=None)
    assert reminders.inbox_tasks(editor_a, TODAY) == []  # task A is due on 12-31: not within 7 days
    soon = services.create_task(office, ledger=ledger, title="下周到期", unit=unit_a, due_on=dt.date(2026, 12, 8))
    services.issue_notice(office, task_a, unit=unit_a, text="请反馈", reply_due_on=dt.date(2026, 12, 4))
    found = reminders.inbox_tasks(editor_a, TODAY)
    assert [t.title for t in found] == ["任务即将到期：下周到期", "反馈督办通知：全面做好各类规划主动公开"]
    assert found[0].target == soon and found[1].due_on == dt.date(2026, 12, 4)
    assert url_for(found[0].target) == f"/workbench/tasks/{soon.pk}/"  # the workbench owns the URL
    for_b = reminders.inbox_tasks(editor_b, TODAY)
    assert [t.title for t in for_b] == ["任务已逾期：深化财政资金领域信息公开"] and for_b[0].overdue(TODAY)


def test_the_offices_inbox_has_notices_past_their_reply_deadline(office: Any, task_a: Task, unit_a: Any) -> None:
    services.issue_notice(office, task_a, unit=unit_a, text="请反馈", reply_due_on=TODAY)
    assert reminders.inbox_tasks(office, TODAY) == []
    late = reminders.inbox_tasks(office, dt.date(2026, 12, 3))
    assert [t.title for t in late] == ["督办逾期未反馈：全面做好各类规划主动公开"]


def test_unit_counts(office: Any, ledger: Ledger, task_a: Task, task_b: Task, unit_a: Any, unit_b: Any) -> None:
    done = services.create_task(office, ledger=ledger, title="完成了", unit=unit_a, due_on=None, joint_units=[unit_b])
    services.report_progress(office, done, on=TODAY, text="完成", done=True)
    services.issue_notice(office, task_b, unit=unit_b, text="请反馈", reply_due_on=TODAY)
    counts = figures.unit_counts(TODAY)
    assert counts[unit_a.pk] == {"open": 1, "overdue": 0, "done": 1, "notices_open": 0}
    # unit B only co-operates on task A: not counted for it
    assert counts[unit_b.pk] == {"open": 1, "overdue": 1, "done": 1, "notices_open": 1}

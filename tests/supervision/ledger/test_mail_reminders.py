"""E-mail reminders of the task ledger (ledger/jobs.py, ``manage.py ledger_remind``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import time_machine
from django.core import mail
from django.core.management import call_command

from gongkai.orgs.models import Unit
from gongkai.reminders.models import Reminder
from gongkai.supervision.ledger import services
from gongkai.supervision.ledger.jobs import send_task_reminders
from gongkai.supervision.ledger.models import Ledger, Task
from tests.supervision.ledger.conftest import SH


def _with_address(user: Any, address: str) -> Any:
    user.email = address
    user.save()
    return user


def _run(day: dt.date) -> int:
    return send_task_reminders.call(day.isoformat())


def test_an_overdue_task_is_mailed_to_its_unit_once_a_week(task_b: Task, editor_b: Any) -> None:
    _with_address(editor_b, "editor_b@example.gov.cn")
    with time_machine.travel(dt.datetime(2026, 12, 2, 8, 30, tzinfo=SH), tick=False):
        call_command("ledger_remind")
        call_command("ledger_remind")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["editor_b@example.gov.cn"]
    assert "【已逾期】" in message.subject and "深化财政资金领域信息公开" in message.body
    assert "2026-11-30" in message.body
    assert _run(dt.date(2026, 12, 8)) == 0  # within the week
    assert _run(dt.date(2026, 12, 9)) == 1
    assert Reminder.objects.filter(topic="ledger", key__startswith=f"task:{task_b.pk}:", kind="overdue").count() == 2


def test_a_task_due_soon_is_mailed_once_to_responsible_units_only(
    office: Any, ledger: Ledger, unit_a: Unit, unit_b: Unit, editor_a: Any, editor_b: Any
) -> None:
    _with_address(editor_a, "editor_a@example.gov.cn")
    _with_address(editor_b, "editor_b@example.gov.cn")
    services.create_task(
        office,
        ledger=ledger,
        title="做好政策解读\n（多行标题）",
        unit=unit_a,
        due_on=dt.date(2026, 12, 8),
        co_units=[unit_b],
    )
    assert _run(dt.date(2026, 12, 2)) == 1
    assert _run(dt.date(2026, 12, 5)) == 0
    assert [m.to for m in mail.outbox] == [["editor_a@example.gov.cn"]]
    assert mail.outbox[0].subject == "【即将到期】任务台账：做好政策解读 （多行标题）"


def test_finished_open_ended_and_distant_tasks_are_not_mailed(
    office: Any, ledger: Ledger, unit_a: Unit, task_a: Task, task_b: Task, editor_a: Any
) -> None:
    Task.objects.filter(pk=task_b.pk).update(done_on=dt.date(2026, 11, 28))
    services.create_task(office, ledger=ledger, title="长期坚持的任务", unit=unit_a, due_on=None, due_text="长期坚持")
    _with_address(editor_a, "editor_a@example.gov.cn")
    assert _run(dt.date(2026, 12, 2)) == 0  # task_a is due on 31 December
    assert mail.outbox == []


def test_a_unit_without_addresses_is_recorded_but_nobody_is_mailed(task_b: Task, editor_b: Any) -> None:
    assert _run(dt.date(2026, 12, 2)) == 1
    reminder = Reminder.objects.get(key__startswith=f"task:{task_b.pk}:")
    assert reminder.recipients == [] and reminder.state == Reminder.State.NOBODY and mail.outbox == []


def test_a_task_carried_into_next_years_ledger_is_reminded_by_its_copy_only(
    office: Any, task_b: Task, editor_b: Any
) -> None:
    """回头看 copies the overdue task into 2027 with a 2027 deadline: the old one is not mailed."""
    _with_address(editor_b, "editor_b@example.gov.cn")
    services.carry_forward(office, task_b.ledger, services.ledger_for_year(office, 2027))
    copy = Task.objects.get(carried_from=task_b)
    assert copy.due_on is not None and copy.due_on.year == 2027
    assert _run(dt.date(2026, 12, 2)) == 0 and mail.outbox == []
    assert _run(copy.due_on + dt.timedelta(days=1)) == 1
    assert Reminder.objects.get().key.startswith(f"task:{copy.pk}:")

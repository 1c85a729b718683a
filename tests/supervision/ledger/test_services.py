"""Progress (append-only, audited, attachments by content), notices, public switch, look-back."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.audit.models import AuditEntry
from gongkai.orgs.models import Unit
from gongkai.supervision.ledger import services
from gongkai.supervision.ledger.models import Ledger, Notice, Task, TaskUnit
from tests.supervision.ledger.conftest import TODAY

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_progress_is_appended_and_audited(editor_a: Any, task_a: Task) -> None:
    services.report_progress(editor_a, task_a, on=dt.date(2026, 11, 20), text="第一次进展")
    services.report_progress(editor_a, task_a, on=dt.date(2026, 11, 10), text="补记更早的进展")
    task_a.refresh_from_db()
    assert task_a.last_progress_on == dt.date(2026, 11, 20) and task_a.done_on is None
    assert task_a.status_on(TODAY) == "in_progress"
    assert [p.text for p in task_a.progress.all()] == ["补记更早的进展", "第一次进展"]
    assert all(p.unit_id == task_a.unit_id and p.author == editor_a for p in task_a.progress.all())
    assert AuditEntry.objects.filter(action="ledger.progress_reported", object_id=str(task_a.pk)).count() == 2


def test_a_joint_responsible_units_editor_reports(
    make_person: Any, office: Any, ledger: Ledger, unit_a: Unit, unit_b: Unit
) -> None:
    task = services.create_task(office, ledger=ledger, title="联合任务", unit=unit_a, due_on=None, joint_units=[unit_b])
    editor_b = make_person("editor_b", "editor", unit_b)
    progress = services.report_progress(editor_b, task, on=TODAY, text="乙单位进展")
    assert progress.unit == unit_b


def test_cooperating_units_and_handlers_may_not_report(editor_b: Any, handler_a: Any, task_a: Task) -> None:
    for person in (editor_b, handler_a):
        with pytest.raises(PermissionDenied):
            services.report_progress(person, task_a, on=TODAY, text="进展")


def test_attachments_are_checked_by_content(editor_a: Any, task_a: Task) -> None:
    with pytest.raises(ValidationError) as caught:
        services.report_progress(
            editor_a, task_a, on=TODAY, text="进展", attachments=[services.Upload("佐证.pdf", b"MZ\x90\x00 not a pdf")]
        )
    assert "attachments" in caught.value.message_dict and task_a.progress.count() == 0
    progress = services.report_progress(
        editor_a, task_a, on=TODAY, text="进展", attachments=[services.Upload("佐证材料.pdf", PDF)]
    )
    attachment = progress.attachments.get()
    assert (attachment.kind, attachment.name, attachment.size) == ("pdf", "佐证材料.pdf", len(PDF))


def test_done_sets_done_on_and_closes_the_task(editor_a: Any, task_a: Task) -> None:
    services.report_progress(editor_a, task_a, on=dt.date(2026, 12, 1), text="已完成", done=True)
    task_a.refresh_from_db()
    assert task_a.done_on == dt.date(2026, 12, 1) and task_a.status_on(TODAY) == "done"
    with pytest.raises(services.Conflict):
        services.report_progress(editor_a, task_a, on=TODAY, text="再补充")


def test_notices_issued_by_the_office_and_answered_by_the_unit(
    office: Any, editor_a: Any, editor_b: Any, task_a: Task, unit_a: Unit, government: Unit
) -> None:
    with pytest.raises(PermissionDenied):
        services.issue_notice(editor_a, task_a, unit=unit_a, text="督办", reply_due_on=TODAY)
    with pytest.raises(ValidationError) as caught:
        services.issue_notice(office, task_a, unit=government, text="督办", reply_due_on=TODAY)
    assert "unit" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.issue_notice(office, task_a, unit=unit_a, text="督办", reply_due_on=dt.date(2026, 12, 1))
    assert "reply_due_on" in caught.value.message_dict
    notice = services.issue_notice(office, task_a, unit=unit_a, text="请加快进度", reply_due_on=dt.date(2026, 12, 9))
    with pytest.raises(PermissionDenied):
        services.reply_to_notice(editor_b, notice, text="不是我们")
    services.reply_to_notice(editor_a, notice, text="已加快进度")
    notice = Notice.objects.get(pk=notice.pk)
    assert (notice.replied_on, notice.replied_by, notice.reply) == (TODAY, editor_a, "已加快进度")
    with pytest.raises(services.Conflict):
        services.reply_to_notice(editor_a, notice, text="再反馈")
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"ledger.notice_issued", "ledger.notice_replied"} <= actions


def test_only_the_office_publishes_a_ledger(office: Any, editor_a: Any, ledger: Ledger) -> None:
    with pytest.raises(PermissionDenied):
        services.set_public(editor_a, ledger, True)
    services.set_public(office, ledger, True)
    services.set_public(office, ledger, True)  # no change, no second entry
    assert Ledger.objects.get(pk=ledger.pk).public
    assert AuditEntry.objects.filter(action="ledger.public_changed").count() == 1


def test_look_back_carries_unfinished_tasks_once_with_their_history(
    office: Any, editor_a: Any, unit_a: Unit, unit_b: Unit
) -> None:
    last = services.ledger_for_year(office, 2025)
    done = services.create_task(office, ledger=last, title="已完成", unit=unit_a, due_on=dt.date(2025, 6, 30))
    services.report_progress(office, done, on=dt.date(2025, 6, 1), text="完成", done=True)
    late = services.create_task(
        office, ledger=last, title="未完成", unit=unit_a, due_on=dt.date(2025, 12, 31), joint_units=[unit_b],
        co_units=[unit_b], number="3",
    )  # fmt: skip
    services.report_progress(editor_a, late, on=dt.date(2025, 11, 1), text="推进中")
    standing = services.create_task(office, ledger=last, title="长期", unit=unit_b, due_on=None, due_text="长期坚持")
    this = services.ledger_for_year(office, 2026)
    assert services.carry_forward(office, last, this) == 2
    assert services.carry_forward(office, last, this) == 0
    carried = {t.carried_from_id: t for t in this.tasks.all()}
    assert set(carried) == {late.pk, standing.pk}
    new = carried[late.pk]
    assert (new.title, new.number, new.unit, new.due_on) == ("未完成", "3", unit_a, dt.date(2026, 12, 31))
    roles = sorted(new.task_units.values_list("unit_id", "role"))
    assert roles == sorted(late.task_units.values_list("unit_id", "role"))
    assert (carried[standing.pk].due_on, carried[standing.pk].due_text) == (None, "长期坚持")
    history = services.history(new)
    assert [t.pk for t, _ in history] == [late.pk, new.pk]
    assert [p.text for p in history[0][1]] == ["推进中"]
    with pytest.raises(ValidationError):
        services.carry_forward(office, this, last)
    with pytest.raises(PermissionDenied):
        services.carry_forward(editor_a, last, this)
    assert TaskUnit.objects.filter(task=new).exists()

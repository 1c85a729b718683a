"""新增任务 and 编辑任务: the office types in and corrects single tasks through the pages; bad
input names the field and saves nothing; every edit is audited; others are refused."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from gongkai.audit.models import AuditEntry
from gongkai.orgs.models import Unit
from gongkai.supervision.ledger import services
from gongkai.supervision.ledger.models import Ledger, Task, TaskUnit
from tests.builders import make_code
from tests.supervision.ledger.conftest import TODAY

GOOD = {"number": "3", "title": "  推进基层政务公开标准化规范化  ", "units": "", "co_units": "", "due": "2026年底"}


def _units(task: Task) -> list[tuple[str, str, int]]:
    found = task.task_units.select_related("unit").order_by("role", "position")
    return [(tu.role, tu.unit.name, tu.position) for tu in found]


@pytest.fixture
def unit_c(government: Unit) -> Unit:
    return Unit.objects.create(
        name="测试区司法局", short_name="区司法局", kind=Unit.Kind.DEPARTMENT, credit_code=make_code(55),
        parent=government,
    )  # fmt: skip


def test_the_office_types_in_a_task(
    logged_in: Any, office: Any, ledger: Ledger, unit_a: Unit, unit_b: Unit, unit_c: Unit
) -> None:
    client = logged_in(office)
    page = client.get(reverse("workbench:task_new", args=[ledger.pk]))
    assert (
        page.status_code == 200
        and "新增任务" in page.content.decode()
        and "csrfmiddlewaretoken" in page.content.decode()
    )
    data = GOOD | {"units": "测试区教育局、区司法局", "co_units": "测试区民政局"}
    response = client.post(reverse("workbench:task_new", args=[ledger.pk]), data)
    task = ledger.tasks.get()
    assert response.status_code == 302 and response["Location"] == reverse("workbench:task", args=[task.pk])
    assert (task.number, task.title, task.unit) == ("3", "推进基层政务公开标准化规范化", unit_b)
    assert (task.due_on, task.due_text, task.created_by) == (dt.date(2026, 12, 31), "2026年底", office)
    assert _units(task) == [
        ("cooperating", "测试区民政局", 0), ("responsible", "测试区教育局", 0), ("responsible", "测试区司法局", 1),
    ]  # fmt: skip
    assert AuditEntry.objects.filter(action="ledger.task_created", object_id=str(task.pk)).exists()
    again = client.post(
        reverse("workbench:task_new", args=[ledger.pk]),
        GOOD | {"units": "测试区民政局", "due": "长期坚持", "another": "1"},
    )
    assert again["Location"] == reverse("workbench:task_new", args=[ledger.pk])
    standing = ledger.tasks.get(unit=unit_a)
    assert (standing.due_on, standing.due_text, standing.position) == (None, "长期坚持", 2)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"title": "   "}, "工作任务：请填写“工作任务”"),
        ({"units": ""}, "责任单位：请填写“责任单位”"),
        ({"units": "测试区民政局、无此单位"}, "责任单位中的单位“无此单位”不存在，请核对单位名称"),
        ({"co_units": "没有的局"}, "配合单位中的单位“没有的局”不存在"),
        ({"due": "2026-02-30"}, "完成时限“2026-02-30”无法识别"),
        ({"due": "下个月"}, "完成时限“下个月”无法识别"),
        ({"co_units": "测试区民政局"}, "“测试区民政局”已是责任单位，不能同时作为配合单位"),
        ({"number": "1" * 21}, "“序号”过长"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(
    logged_in: Any, office: Any, ledger: Ledger, unit_a: Unit, change: dict[str, str], message: str
) -> None:
    response = logged_in(office).post(
        reverse("workbench:task_new", args=[ledger.pk]), GOOD | {"units": "测试区民政局"} | change
    )
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Task.objects.exists() and not AuditEntry.objects.filter(action="ledger.task_created").exists()


def test_the_office_edits_a_task(
    logged_in: Any, office: Any, task_a: Task, unit_a: Unit, unit_b: Unit, unit_c: Unit
) -> None:
    client = logged_in(office)
    page = client.get(reverse("workbench:task_edit", args=[task_a.pk])).content.decode()
    assert "全面做好各类规划主动公开" in page and 'value="测试区民政局"' in page and 'value="2026-12-31"' in page
    data = {
        "number": "1（1）",
        "title": "全面做好规划主动公开",
        "units": "区司法局，测试区民政局",
        "co_units": "测试区教育局",
    }
    response = client.post(reverse("workbench:task_edit", args=[task_a.pk]), data | {"due": "2027年6月底"})
    assert response.status_code == 302 and response["Location"] == reverse("workbench:task", args=[task_a.pk])
    task = Task.objects.get(pk=task_a.pk)
    assert (task.number, task.title, task.unit) == ("1（1）", "全面做好规划主动公开", unit_c)
    assert (task.due_on, task.due_text) == (dt.date(2027, 6, 30), "2027年6月底")
    assert _units(task) == [
        ("cooperating", "测试区教育局", 0), ("responsible", "测试区司法局", 0), ("responsible", "测试区民政局", 1),
    ]  # fmt: skip
    entry = AuditEntry.objects.get(action="ledger.task_edited", object_id=str(task.pk))
    assert entry.actor == office and entry.unit == unit_c
    assert entry.before == {
        "number": "1", "title": "全面做好各类规划主动公开", "unit": unit_a.pk, "due_on": "2026-12-31",
        "due_text": "", "responsible": [unit_a.pk],
    }  # fmt: skip
    assert entry.after == {
        "number": "1（1）", "title": "全面做好规划主动公开", "unit": unit_c.pk, "due_on": "2027-06-30",
        "due_text": "2027年6月底", "responsible": [unit_c.pk, unit_a.pk],
    }  # fmt: skip
    # Saving the page unchanged writes nothing.
    client.post(reverse("workbench:task_edit", args=[task.pk]), data | {"due": "2027年6月底"})
    assert AuditEntry.objects.filter(action="ledger.task_edited").count() == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"title": ""}, "请填写“工作任务”"),
        ({"units": "无此单位"}, "责任单位中的单位“无此单位”不存在"),
        ({"due": "2026-13-01"}, "完成时限“2026-13-01”无法识别"),
    ],
)
def test_a_bad_edit_saves_nothing(
    logged_in: Any, office: Any, task_a: Task, change: dict[str, str], message: str
) -> None:
    data = {"number": "9", "title": "改过的任务", "units": "测试区民政局", "co_units": "", "due": "2027-01-31"}
    response = logged_in(office).post(reverse("workbench:task_edit", args=[task_a.pk]), data | change)
    assert response.status_code == 422 and message in response.content.decode()
    task = Task.objects.get(pk=task_a.pk)
    assert (task.number, task.title, task.due_on) == ("1", "全面做好各类规划主动公开", dt.date(2026, 12, 31))
    assert len(_units(task)) == 2 and not AuditEntry.objects.filter(action="ledger.task_edited").exists()


def test_a_done_tasks_deadline_stays(logged_in: Any, office: Any, editor_a: Any, task_a: Task) -> None:
    services.report_progress(editor_a, task_a, on=TODAY, text="已完成", done=True)
    client = logged_in(office)
    page = client.get(reverse("workbench:task_edit", args=[task_a.pk])).content.decode()
    assert "该任务已于2026-12-02完成，完成时限不能再修改" in page and "disabled" in page
    data = {"number": "1", "title": "改正错字", "units": "测试区民政局", "co_units": "测试区教育局", "due": "长期坚持"}
    assert client.post(reverse("workbench:task_edit", args=[task_a.pk]), data).status_code == 302
    task = Task.objects.get(pk=task_a.pk)
    assert (task.title, task.due_on, task.due_text) == ("改正错字", dt.date(2026, 12, 31), "")
    with pytest.raises(ValidationError) as caught:
        services.edit_task(office, task, title="改正错字", unit=task.unit, due_on=None, due_text="长期坚持")
    assert "完成时限不能再修改" in caught.value.message_dict["due"][0]


def test_a_unit_with_an_unanswered_notice_stays_on_the_task(
    logged_in: Any, office: Any, task_a: Task, unit_a: Unit, unit_b: Unit
) -> None:
    services.issue_notice(office, task_a, unit=unit_b, text="请配合", reply_due_on=dt.date(2026, 12, 9))
    data = {"number": "1", "title": task_a.title, "units": "测试区民政局", "co_units": "", "due": "2026-12-31"}
    response = logged_in(office).post(reverse("workbench:task_edit", args=[task_a.pk]), data)
    assert (
        response.status_code == 422
        and "测试区教育局还有未反馈的督办通知，不能从该任务中移除" in response.content.decode()
    )
    assert TaskUnit.objects.filter(task=task_a, unit=unit_b).exists()


def test_only_the_office_may_create_or_edit(
    logged_in: Any, editor_a: Any, signer_a: Any, editor_b: Any, ledger: Ledger, task_a: Task, task_b: Task
) -> None:
    data = {"number": "9", "title": "越权", "units": "测试区民政局", "co_units": "", "due": ""}
    for person in (editor_a, signer_a, editor_b):
        client = logged_in(person)
        assert client.get(reverse("workbench:task_new", args=[ledger.pk])).status_code == 403
        assert client.post(reverse("workbench:task_new", args=[ledger.pk]), data).status_code == 403
        for task in (task_a, task_b):
            assert client.get(reverse("workbench:task_edit", args=[task.pk])).status_code == 403
            assert client.post(reverse("workbench:task_edit", args=[task.pk]), data).status_code == 403
        detail = client.get(reverse("workbench:task", args=[task_a.pk])).content.decode()
        assert reverse("workbench:task_edit", args=[task_a.pk]) not in detail
        assert reverse("workbench:task_new", args=[ledger.pk]) not in detail
    assert Client().get(reverse("workbench:task_edit", args=[task_a.pk])).status_code == 302
    assert ledger.tasks.count() == 2 and Task.objects.get(pk=task_a.pk).title == "全面做好各类规划主动公开"
    with pytest.raises(PermissionDenied):
        services.edit_task(editor_a, task_a, title="越权", unit=task_a.unit, due_on=None)


def test_unknown_ledgers_and_tasks_are_404_for_the_office(logged_in: Any, office: Any) -> None:
    client = logged_in(office)
    assert client.get(reverse("workbench:task_new", args=[999])).status_code == 404
    assert client.get(reverse("workbench:task_edit", args=[999])).status_code == 404


def test_the_list_and_detail_link_to_the_pages_for_the_office(
    logged_in: Any, office: Any, editor_a: Any, ledger: Ledger, task_a: Task
) -> None:
    client = logged_in(office)
    listed = client.get(reverse("workbench:tasks"), {"ledger": ledger.pk}).content.decode()
    assert reverse("workbench:task_new", args=[ledger.pk]) in listed
    assert (
        reverse("workbench:task_new", args=[ledger.pk]) not in client.get(reverse("workbench:tasks")).content.decode()
    )
    detail = client.get(reverse("workbench:task", args=[task_a.pk])).content.decode()
    assert reverse("workbench:task_edit", args=[task_a.pk]) in detail
    assert (
        reverse("workbench:task_new", args=[ledger.pk])
        in client.get(reverse("workbench:task_ledgers")).content.decode()
    )
    mine = logged_in(editor_a).get(reverse("workbench:tasks"), {"ledger": ledger.pk}).content.decode()
    assert reverse("workbench:task_new", args=[ledger.pk]) not in mine


def test_the_csrf_token_is_required(office: Any, ledger: Ledger, unit_a: Unit) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(office, backend="django.contrib.auth.backends.ModelBackend")
    data = GOOD | {"units": "测试区民政局"}
    assert client.post(reverse("workbench:task_new", args=[ledger.pk]), data).status_code == 403
    assert not ledger.tasks.exists()

"""Workbench pages (list, detail with history and forms, import errors, look-back) and the
public progress page (public ledgers only, no staff names)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse

from gongkai.orgs.models import Unit
from gongkai.supervision.ledger import services
from gongkai.supervision.ledger.models import Ledger, Task
from tests.supervision.ledger.conftest import TODAY, upload, workbook


def test_the_list_shows_the_units_tasks_with_filters(
    logged_in: Any, editor_a: Any, editor_b: Any, task_a: Task, task_b: Task
) -> None:
    mine = logged_in(editor_a).get(reverse("workbench:tasks")).content.decode()
    assert task_a.title in mine and task_b.title not in mine
    overdue = logged_in(editor_b).get(reverse("workbench:tasks"), {"status": "overdue"}).content.decode()
    assert task_b.title in overdue and task_a.title not in overdue and "已逾期" in overdue
    empty = logged_in(editor_a).get(reverse("workbench:tasks"), {"status": "done"})
    assert empty.status_code == 200 and "没有符合条件的任务" in empty.content.decode()
    odd = logged_in(editor_a).get(reverse("workbench:tasks"), {"status": "x", "unit": "9" * 30, "page": "abc"})
    assert odd.status_code == 200


def test_the_detail_shows_history_and_the_progress_form(
    logged_in: Any, office: Any, editor_a: Any, editor_b: Any, task_a: Task
) -> None:
    client = logged_in(editor_a)
    page = client.get(reverse("workbench:task", args=[task_a.pk])).content.decode()
    assert "填报进展" in page and "发出督办" not in page
    response = client.post(
        reverse("workbench:task_progress", args=[task_a.pk]),
        {"progress-on": "2026-12-01", "progress-text": "已完成规划纲要公开"},
    )
    assert response.status_code == 302
    page = client.get(reverse("workbench:task", args=[task_a.pk])).content.decode()
    assert "已完成规划纲要公开" in page and "2026-12-01" in page
    cooperating = logged_in(editor_b).get(reverse("workbench:task", args=[task_a.pk])).content.decode()
    assert "已完成规划纲要公开" in cooperating and "填报进展" not in cooperating
    assert "发出督办" in logged_in(office).get(reverse("workbench:task", args=[task_a.pk])).content.decode()


def test_a_bad_progress_form_names_the_field(logged_in: Any, editor_a: Any, task_a: Task) -> None:
    response = logged_in(editor_a).post(
        reverse("workbench:task_progress", args=[task_a.pk]), {"progress-on": "2026-12-09", "progress-text": ""}
    )
    text = response.content.decode()
    assert response.status_code == 422
    assert "请填写“进展情况”" in text and "进展日期不能晚于今天" not in text  # the form stops first
    later = logged_in(editor_a).post(
        reverse("workbench:task_progress", args=[task_a.pk]), {"progress-on": "2026-12-09", "progress-text": "x"}
    )
    assert later.status_code == 422 and "进展日期不能晚于今天" in later.content.decode()


def test_notice_and_reply_pages(logged_in: Any, office: Any, editor_a: Any, task_a: Task, unit_a: Unit) -> None:
    response = logged_in(office).post(
        reverse("workbench:task_notice", args=[task_a.pk]),
        {"notice-unit": unit_a.pk, "notice-text": "请加快进度", "notice-reply_due_on": "2026-12-09"},
    )
    assert response.status_code == 302
    notice = task_a.notices.get()
    page = logged_in(editor_a).get(reverse("workbench:task", args=[task_a.pk])).content.decode()
    assert "请加快进度" in page and "提交反馈" in page
    empty = logged_in(editor_a).post(reverse("workbench:task_notice_reply", args=[notice.pk]), {"reply-reply": ""})
    assert empty.status_code == 422 and "请填写“反馈情况”" in empty.content.decode()
    done = logged_in(editor_a).post(reverse("workbench:task_notice_reply", args=[notice.pk]), {"reply-reply": "已加快"})
    assert done.status_code == 302 and task_a.notices.get().reply == "已加快"


def test_the_import_page_lists_every_bad_row(logged_in: Any, office: Any, ledger: Ledger, unit_a: Unit) -> None:
    data = workbook([["1", "", "测试区民政局", "", "", ""], ["2", "任务", "无此单位", "", "下个月", ""]])
    response = logged_in(office).post(reverse("workbench:tasks_import"), {"ledger": ledger.pk, "file": upload(data)})
    text = response.content.decode()
    assert response.status_code == 422
    assert "发现3处问题" in text and "第2行" in text and "第3行" in text and "无此单位" in text and "下个月" in text
    assert ledger.tasks.count() == 0
    rejected = logged_in(office).post(reverse("workbench:tasks_import"), {"year": 2031, "file": upload(data)})
    assert rejected.status_code == 422 and not Ledger.objects.filter(year=2031).exists()
    good = workbook([["1", "任务", "测试区民政局", "", "2026-12-31", ""]])
    ok = logged_in(office).post(reverse("workbench:tasks_import"), {"year": 2027, "file": upload(good)})
    assert ok.status_code == 302 and Ledger.objects.get(year=2027).tasks.count() == 1


def test_the_look_back_page_carries_with_one_post(logged_in: Any, office: Any, ledger: Ledger, unit_a: Unit) -> None:
    last = services.ledger_for_year(office, 2025)
    old = services.create_task(office, ledger=last, title="去年没做完", unit=unit_a, due_on=dt.date(2025, 12, 31))
    client = logged_in(office)
    page = client.get(reverse("workbench:tasks_lookback")).content.decode()
    assert "去年没做完" in page and "待结转" in page
    response = client.post(reverse("workbench:tasks_lookback"), {"from_ledger": last.pk, "to_ledger": ledger.pk})
    assert response.status_code == 302
    client.post(reverse("workbench:tasks_lookback"), {"from_ledger": last.pk, "to_ledger": ledger.pk})
    assert ledger.tasks.filter(carried_from=old).count() == 1
    carried = ledger.tasks.get(carried_from=old)
    assert "上年度" in client.get(reverse("workbench:task", args=[carried.pk])).content.decode()


def test_ledger_settings_publish_the_ledger(logged_in: Any, office: Any, ledger: Ledger) -> None:
    client = logged_in(office)
    assert ledger.title in client.get(reverse("workbench:task_ledgers")).content.decode()
    assert client.post(reverse("workbench:task_ledger", args=[ledger.pk]), {"public": "on"}).status_code == 302
    assert Ledger.objects.get(pk=ledger.pk).public


def test_the_public_page_shows_only_public_ledgers_without_staff_names(
    client: Any, office: Any, editor_a: Any, ledger: Ledger, task_a: Task
) -> None:
    editor_a.first_name, editor_a.last_name = "娜", "李"
    editor_a.save()
    services.report_progress(editor_a, task_a, on=TODAY, text="规划纲要已公开")
    hidden = services.ledger_for_year(office, 2025, title="未公开的台账")
    assert client.get(reverse("portal:tasks_ledger", args=[ledger.pk])).status_code == 404
    assert client.get(reverse("portal:tasks_ledger", args=[hidden.pk])).status_code == 404
    services.set_public(office, ledger, True)
    index = client.get(reverse("portal:tasks")).content.decode()
    assert ledger.title in index and "未公开的台账" not in index
    page = client.get(reverse("portal:tasks_ledger", args=[ledger.pk])).content.decode()
    assert task_a.title in page and "规划纲要已公开" in page and "测试区民政局" in page and "测试区教育局" in page
    assert "推进中" in page and "2026-12-31" in page
    assert "editor_a" not in page and "李娜" not in page and "娜" not in page

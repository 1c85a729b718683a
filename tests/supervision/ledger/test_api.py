"""API.md "Task ledger": import 201/422, list filters, progress by the responsible unit, export."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.test import Client
from openpyxl import load_workbook

from gongkai.api import tokens
from gongkai.supervision.ledger.models import Ledger, Task
from tests.supervision.ledger.conftest import workbook


def _upload(user: Any, data: bytes, **params: Any) -> Any:
    headers = {"Authorization": f"Bearer {tokens.issue(user)}"} if user else {}
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return Client().post(f"/api/v1/tasks/import?{query}", {"file": io.BytesIO(data)}, headers=headers)


def test_import_201_into_the_current_years_ledger(office: Any, unit_a: Any) -> None:
    data = workbook([["1", "推进政策文件库建设", "测试区民政局", "", "2026年底", "已梳理"]])
    response = _upload(office, data)
    assert response.status_code == 201, response.content
    assert response.json()["created"] == 1
    ledger = Ledger.objects.get(pk=response.json()["ledger_id"])
    assert ledger.year == 2026 and ledger.tasks.get().due_on == dt.date(2026, 12, 31)


def test_import_422_lists_every_bad_row_and_creates_nothing(office: Any, unit_a: Any) -> None:
    data = workbook([
        ["1", "", "测试区民政局", "", "2026-12-31", ""],
        ["2", "任务", "不存在的局", "", "2026-13-01", ""],
    ])  # fmt: skip
    response = _upload(office, data, year=2030)
    assert response.status_code == 422
    found = response.json()
    assert set(found) == {"detail", "field", "errors"}
    assert [(e["row"], e["field"]) for e in found["errors"]] == [(2, "工作任务"), (3, "责任单位"), (3, "完成时限")]
    assert Task.objects.count() == 0 and not Ledger.objects.filter(year=2030).exists()


def test_import_needs_the_office_a_token_and_a_workbook(office: Any, editor_a: Any) -> None:
    data = workbook([])
    assert _upload(None, data).status_code == 401
    assert _upload(editor_a, data).status_code == 403
    refused = _upload(office, b"not a zip")
    assert refused.status_code == 422 and refused.json()["field"] == "file"
    missing = Client().post("/api/v1/tasks/import", {}, headers={"Authorization": f"Bearer {tokens.issue(office)}"})
    assert missing.status_code == 422 and missing.json()["field"] == "file"
    assert _upload(office, data, ledger_id=999).status_code == 404


def test_list_filters_by_status_and_unit(
    api_as: Any, office: Any, task_a: Task, task_b: Task, unit_a: Any, unit_b: Any
) -> None:
    client = api_as(office)
    every = client.get("/tasks").json()
    assert {t["id"]: t["status"] for t in every} == {task_a.pk: "not_started", task_b.pk: "overdue"}
    assert set(every[0]) >= {"id", "title", "unit", "due_on", "status", "last_progress_on"}
    assert [t["id"] for t in client.get("/tasks", status="overdue").json()] == [task_b.pk]
    assert {t["id"] for t in client.get("/tasks", status="open").json()} == {task_a.pk, task_b.pk}
    assert client.get("/tasks", status="done").json() == []
    assert [t["id"] for t in client.get("/tasks", unit_id=unit_a.pk).json()] == [task_a.pk]
    # unit B co-operates on task A and leads task B
    assert {t["id"] for t in client.get("/tasks", unit_id=unit_b.pk).json()} == {task_a.pk, task_b.pk}
    bad = client.get("/tasks", status="late")
    assert bad.status_code == 422 and bad.json()["field"] == "status"


def test_staff_see_only_their_units_tasks(
    api_as: Any, editor_a: Any, editor_b: Any, task_a: Task, task_b: Task
) -> None:
    assert [t["id"] for t in api_as(editor_a).get("/tasks").json()] == [task_a.pk]
    assert {t["id"] for t in api_as(editor_b).get("/tasks").json()} == {task_a.pk, task_b.pk}
    assert api_as(None).get("/tasks").status_code == 401


def test_progress_by_the_responsible_units_staff(api_as: Any, editor_a: Any, task_a: Task) -> None:
    response = api_as(editor_a).post(
        f"/tasks/{task_a.pk}/progress", {"on": "2026-12-01", "text": "已完成", "done": True}
    )
    assert response.status_code == 200, response.content
    assert response.json()["task"]["status"] == "done"
    task_a.refresh_from_db()
    assert (task_a.done_on, task_a.last_progress_on) == (dt.date(2026, 12, 1), dt.date(2026, 12, 1))
    again = api_as(editor_a).post(f"/tasks/{task_a.pk}/progress", {"on": "2026-12-02", "text": "补充", "done": False})
    assert again.status_code == 409 and set(again.json()) == {"detail", "field"}


def test_progress_refused_to_others(
    api_as: Any, editor_b: Any, make_person: Any, unit_a: Any, task_a: Task, task_b: Task
) -> None:
    payload = {"on": "2026-12-01", "text": "进展", "done": False}
    assert api_as(None).post(f"/tasks/{task_a.pk}/progress", payload).status_code == 401
    # unit B only co-operates on task A: it sees the task but may not report
    assert api_as(editor_b).post(f"/tasks/{task_a.pk}/progress", payload).status_code == 403
    handler = make_person("handler_a", "handler", unit_a)
    assert api_as(handler).post(f"/tasks/{task_a.pk}/progress", payload).status_code == 403
    editor_a = make_person("writer_a", "editor", unit_a)
    other = api_as(editor_a).post(f"/tasks/{task_b.pk}/progress", payload)
    assert other.status_code == 404 and set(other.json()) == {"detail", "field"}


def test_progress_bad_input_is_422_naming_the_field(api_as: Any, editor_a: Any, task_a: Task) -> None:
    client = api_as(editor_a)
    cases = [
        ({"on": "2026-13-01", "text": "x"}, "on"),
        ({"on": "2026-12-03", "text": "x"}, "on"),  # after today
        ({"on": "2026-12-01", "text": ""}, "text"),
        ({"on": "2026-12-01", "text": "   "}, "text"),
        ({"text": "x"}, "on"),
    ]
    for payload, field in cases:
        response = client.post(f"/tasks/{task_a.pk}/progress", payload)
        assert (response.status_code, response.json()["field"]) == (422, field), payload
    assert client.post("/tasks/99999999999999999999/progress", {"on": "2026-12-01", "text": "x"}).status_code in {
        404,
        422,
    }


def test_export_is_the_ledger_with_status(api_as: Any, office: Any, editor_a: Any, task_a: Task, task_b: Task) -> None:
    response = api_as(office).get("/tasks/export")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    sheet = [list(r) for r in load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True)]
    assert sheet[0][-1] == "完成状态" and [r[1] for r in sheet[1:]] == [task_a.title, task_b.title]
    assert [r[-1] for r in sheet[1:]] == ["未开始", "已逾期"]
    mine = load_workbook(io.BytesIO(api_as(editor_a).get("/tasks/export").content)).worksheets[0]
    assert mine.max_row == 2  # unit A's editor exports only unit A's task
    assert api_as(None).get("/tasks/export").status_code == 401

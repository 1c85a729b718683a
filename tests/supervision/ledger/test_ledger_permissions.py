"""The permission matrix of the task ledger: every workbench URL and API operation × role × own/other unit.

Staff of a unit named in a task (any role) see it; other units' tasks are 404. Editors,
reviewers and signers of a responsible unit report progress and reply to notices; the handler
(依申请承办) only sees. The office does everything; notices, ledger settings, import, the
look-back and typing in or editing single tasks are the office's only.
``tests/test_permissions.py`` can import ``LEDGER_PAGES``, ``LEDGER_LIST_PAGES`` and
``LEDGER_API_OPERATIONS``.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.api import tokens
from gongkai.orgs.models import Unit
from gongkai.supervision.ledger import services
from gongkai.supervision.ledger.models import Ledger, Notice, ProgressAttachment, Task
from tests.conftest import ApiClient
from tests.supervision.ledger.conftest import workbook

PERSONAS = ["anonymous", "no_role", "editor", "reviewer", "signer", "handler", "office"]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class LedgerWorld:
    people: dict[str, Any]
    units: dict[str, Unit]
    ledger: Ledger
    objects: dict[tuple[str, str], Any]  # (own/other, task/notice/attachment/ledger)


@pytest.fixture
def ledger_world(make_person: Callable[..., Any], unit_a: Unit, unit_b: Unit, office: Any) -> LedgerWorld:
    people: dict[str, Any] = {"anonymous": None, "office": office, "no_role": make_person("nobody")}
    for role in ["editor", "reviewer", "signer", "handler"]:
        people[role] = make_person(f"{role}_a", role, unit_a)
    units = {"own": unit_a, "other": unit_b}
    ledger = services.ledger_for_year(office, 2026)
    found: dict[tuple[str, str], Any] = {}
    for which, unit in units.items():
        task = services.create_task(
            office, ledger=ledger, title=f"{which}任务", unit=unit, due_on=dt.date(2026, 12, 31)
        )
        progress = services.report_progress(
            office, task, on=dt.date(2026, 11, 2), text="进展", attachments=[services.Upload("佐证.pdf", PDF)]
        )
        notice = services.issue_notice(office, task, unit=unit, text="督办", reply_due_on=dt.date(2026, 12, 9))
        found[(which, "task")] = task
        found[(which, "notice")] = notice
        found[(which, "attachment")] = ProgressAttachment.objects.get(progress=progress)
        found[(which, "ledger")] = ledger
    return LedgerWorld(people, units, ledger, found)


WRITE_OK = {"editor": 302, "reviewer": 302, "signer": 302, "handler": 403, "office": 302}
SEE_OK = {"editor": 200, "reviewer": 200, "signer": 200, "handler": 200, "office": 200}
OFFICE_ONLY = {"editor": 403, "reviewer": 403, "signer": 403, "handler": 403, "office": 302}
# (url name, method, which object, form data, {role: answer for the own unit})
LEDGER_PAGES: list[tuple[str, str, str, dict[str, Any], dict[str, int]]] = [
    ("workbench:task", "get", "task", {}, SEE_OK),
    ("workbench:task_progress", "post", "task", {"progress-on": "2026-12-01", "progress-text": "进展"}, WRITE_OK),
    (
        "workbench:task_notice", "post", "task",
        {"notice-unit": "{unit}", "notice-text": "请加快", "notice-reply_due_on": "2026-12-09"}, OFFICE_ONLY,
    ),
    ("workbench:task_notice_reply", "post", "notice", {"reply-reply": "已加快"}, WRITE_OK),
    ("workbench:task_attachment", "get", "attachment", {}, SEE_OK),
    ("workbench:task_ledger", "get", "ledger", {}, {**OFFICE_ONLY, "office": 200}),
    ("workbench:task_new", "get", "ledger", {}, {**OFFICE_ONLY, "office": 200}),
    (
        "workbench:task_new", "post", "ledger", {"title": "新任务", "units": "测试区民政局", "due": "长期坚持"},
        OFFICE_ONLY,
    ),
    ("workbench:task_edit", "get", "task", {}, {**OFFICE_ONLY, "office": 200}),
    (
        "workbench:task_edit", "post", "task",
        {"number": "1", "title": "改过的任务", "units": "测试区民政局、测试区教育局", "due": "2026-12-31"}, OFFICE_ONLY,
    ),
]  # fmt: skip
# Pages only the office may open, whatever the unit: another unit's object is a 403 there, not a 404.
OFFICE_PAGES = {"workbench:task_notice", "workbench:task_ledger", "workbench:task_new", "workbench:task_edit"}
# Unscoped pages: (url name, method, who may, answer)
LEDGER_LIST_PAGES: list[tuple[str, str, set[str], int]] = [
    ("workbench:tasks", "get", {"editor", "reviewer", "signer", "handler", "office"}, 200),
    ("workbench:tasks_export", "get", {"editor", "reviewer", "signer", "handler", "office"}, 200),
    ("workbench:tasks_import", "get", {"office"}, 200),
    ("workbench:task_ledgers", "get", {"office"}, 200),
    ("workbench:tasks_lookback", "get", {"office"}, 200),
]


def _client(world: LedgerWorld, persona: str) -> Client:
    client = Client()
    if world.people[persona] is not None:
        client.force_login(world.people[persona], backend="django.contrib.auth.backends.ModelBackend")
    return client


def _expect_page(name: str, persona: str, which: str, allowed: dict[str, int]) -> int:
    if persona == "anonymous":
        return 302
    if persona == "no_role":
        return 403
    if persona == "office" or which == "own":
        return allowed[persona]
    return 403 if name in OFFICE_PAGES else 404


@pytest.mark.parametrize("which", ["own", "other"])
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("name", "method", "kind", "data", "allowed"), LEDGER_PAGES, ids=[f"{p[1]}:{p[0]}" for p in LEDGER_PAGES]
)
def test_ledger_pages_matrix(
    ledger_world: LedgerWorld, persona: str, which: str, name: str, method: str, kind: str, data: Any, allowed: Any
) -> None:
    target = ledger_world.objects[(which, kind)]
    body = {k: str(v).format(unit=ledger_world.units[which].pk) for k, v in data.items()}
    response = getattr(_client(ledger_world, persona), method)(reverse(name, args=[target.pk]), body)
    assert response.status_code == _expect_page(name, persona, which, allowed), f"{persona} {method} {name} {which}"


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("name", "method", "roles", "ok"), LEDGER_LIST_PAGES, ids=[p[0] for p in LEDGER_LIST_PAGES])
def test_ledger_list_pages_matrix(
    ledger_world: LedgerWorld, persona: str, name: str, method: str, roles: set[str], ok: int
) -> None:
    response = getattr(_client(ledger_world, persona), method)(reverse(name))
    expected = 302 if persona == "anonymous" else (ok if persona in roles else 403)
    assert response.status_code == expected, f"{persona} {name}"


def test_a_notice_to_another_unit_is_not_the_units_to_answer(ledger_world: LedgerWorld) -> None:
    """Unit A's staff do not even see unit B's notice, on a task of unit A."""
    office = ledger_world.people["office"]
    task = ledger_world.objects[("own", "task")]
    services.create_task(office, ledger=ledger_world.ledger, title="x", unit=ledger_world.units["other"], due_on=None)
    assert not Notice.objects.filter(task=task, unit=ledger_world.units["other"]).exists()


LEDGER_API_OPERATIONS = {
    ("post", "/tasks/import"),
    ("get", "/tasks"),
    ("get", "/tasks/export"),
    ("post", "/tasks/{task_id}/progress"),
}


def _expect_progress(persona: str, which: str) -> int:
    if persona == "anonymous":
        return 401
    if persona == "office" or (persona in {"editor", "reviewer", "signer"} and which == "own"):
        return 200
    if persona == "handler" and which == "own":
        return 403  # sees the task, may not report on it
    return 404


@pytest.mark.parametrize("which", ["own", "other"])
@pytest.mark.parametrize("persona", PERSONAS)
def test_progress_api_matrix(ledger_world: LedgerWorld, api_as: Any, persona: str, which: str) -> None:
    task: Task = ledger_world.objects[(which, "task")]
    client: ApiClient = api_as(ledger_world.people[persona])
    response = client.post(f"/tasks/{task.pk}/progress", {"on": "2026-12-01", "text": "进展", "done": False})
    expected = _expect_progress(persona, which)
    assert response.status_code == expected, f"{persona} {which}: {response.content!r}"
    if expected >= 400:
        assert set(response.json()) == {"detail", "field"}


@pytest.mark.parametrize("persona", PERSONAS)
def test_list_export_and_import_api_matrix(ledger_world: LedgerWorld, api_as: Any, persona: str) -> None:
    user = ledger_world.people[persona]
    client: ApiClient = api_as(user)
    listed = client.get("/tasks")
    exported = client.get("/tasks/export")
    headers = {"Authorization": f"Bearer {tokens.issue(user)}"} if user else {}
    data = workbook([["1", "任务", ledger_world.units["own"].name, "", "2026-12-31", ""]])
    imported = Client().post("/api/v1/tasks/import", {"file": io.BytesIO(data)}, headers=headers)
    if persona == "anonymous":
        assert (listed.status_code, exported.status_code, imported.status_code) == (401, 401, 401)
        return
    assert listed.status_code == 200
    seen = {t["id"] for t in listed.json()}
    own, other = ledger_world.objects[("own", "task")].pk, ledger_world.objects[("other", "task")].pk
    expected_seen = {"office": {own, other}, "no_role": set()}.get(persona, {own})
    assert seen == expected_seen
    assert exported.status_code == (403 if persona == "no_role" else 200)
    assert imported.status_code == (201 if persona == "office" else 403)


def test_operations_are_the_routers(db: Any) -> None:
    from gongkai.api.routers.tasks import router

    found = {
        (method.lower(), path)
        for path, view in router.path_operations.items()
        for op in view.operations
        for method in op.methods
    }
    assert found == LEDGER_API_OPERATIONS

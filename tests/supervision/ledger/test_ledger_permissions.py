"""The permission matrix of the task ledger: every workbench URL and API operation × role × own/other unit.

Staff of a unit named in a task (any role) see it; other units' tasks are 404. Editors,
reviewers and signers of a responsible unit report progress and reply to notices; the handler
(依申请承办) only sees. The office does everything; notices, ledger settings, import, the
look-back and typing in or editing single tasks are the office's only.
``tests/test_permissions.py`` can import ``LEDGER_PAGES``, ``LEDGER_LIST_PAGES`` and
``LEDGER_API_OPERATIONS``.

The rules are checked without HTTP for every persona × object (``test_the_rules_without_http``);
the pages and the API with one request per role class (``tests/matrix.py``). The world is built
once for the module; each test runs in a savepoint inside it (``tests/builders.py``).
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.test import Client, override_settings
from django.urls import reverse

from gongkai.api import tokens
from gongkai.orgs import access as org_access
from gongkai.orgs.models import Unit
from gongkai.supervision.ledger import access, services
from gongkai.supervision.ledger.models import Ledger, Notice, ProgressAttachment, Task
from tests import builders
from tests.conftest import ApiClient
from tests.matrix import LET_IN, Guard, guards_answer, mismatches, one_per_class
from tests.supervision.ledger.conftest import NOW, workbook

PERSONAS = ["anonymous", "no_role", "editor", "reviewer", "signer", "handler", "office"]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class LedgerWorld:
    people: dict[str, Any]
    units: dict[str, Unit]
    ledger: Ledger
    objects: dict[tuple[str, str], Any]  # (own/other, task/notice/attachment/ledger)
    media: Path  # the attachments' files (MEDIA_ROOT of the module's tests that read them)


def _build() -> LedgerWorld:
    # The per-test MEDIA_ROOT (tests/conftest.py) is not set yet: the attachments go to a folder of
    # the module's own, removed after its last test (_media_removed).
    media = Path(tempfile.mkdtemp(prefix="gongkai-ledger-permissions-"))
    with (
        time_machine.travel(NOW, tick=False),
        override_settings(MEDIA_ROOT=media / "media", DATA_DIR=media / "data"),
    ):
        cast = builders.Cast()
        office = cast.office
        people: dict[str, Any] = {"anonymous": None, "office": office, "no_role": builders.person("nobody")}
        for role in ["editor", "reviewer", "signer", "handler"]:
            people[role] = builders.person(f"{role}_a", role, cast.unit_a)
        units = {"own": cast.unit_a, "other": cast.unit_b}
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
        return LedgerWorld(people, units, ledger, found, media)


# Built once for the module; each test runs in a savepoint inside it (tests/builders.py).
ledger_world = builders.module_data(_build)
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def _media_removed(ledger_world: LedgerWorld) -> Iterator[None]:
    yield
    shutil.rmtree(ledger_world.media, ignore_errors=True)


@pytest.fixture
def world_media(settings: Any, ledger_world: LedgerWorld) -> None:
    """The test reads the world's attachments: MEDIA_ROOT is where they were written."""
    settings.MEDIA_ROOT = ledger_world.media / "media"


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


def _expect_list_page(persona: str, roles: set[str], ok: int) -> int:
    return 302 if persona == "anonymous" else (ok if persona in roles else 403)


# Least to most privileged in the ledger (the handler only sees; editor, reviewer and signer
# report; the office does everything); another unit's object before the own unit's.
ORDER = ["anonymous", "no_role", "handler", "editor", "reviewer", "signer", "office"]
WHICH = ["other", "own"]
# The anonymous are a class of their own (one_per_class's ``anonymous``): their 302 to the login
# page must not stand for a successful POST's 302.

PageCase = tuple[tuple[str, str, str, dict[str, Any], dict[str, int]], str, str]
PAGE_CASES: list[PageCase] = one_per_class(
    [(page, persona, which) for page in LEDGER_PAGES for persona in ORDER for which in WHICH],
    row=lambda c: (c[0][0], c[0][1]),
    answer=lambda c: _expect_page(c[0][0], c[1], c[2], c[0][4]),
    anonymous=lambda c: c[1] == "anonymous",
)
ListCase = tuple[tuple[str, str, set[str], int], str]
LIST_CASES: list[ListCase] = one_per_class(
    [(page, persona) for page in LEDGER_LIST_PAGES for persona in ORDER],
    row=lambda c: (c[0][0], c[0][1]),
    answer=lambda c: _expect_list_page(c[1], c[0][2], c[0][3]),
    anonymous=lambda c: c[1] == "anonymous",
)


def _as_answer(status: int) -> object:
    """A table's answer as ``_answer`` gives it: a page or an API call that lets in, else its refusal."""
    return "let in" if status in LET_IN or status == 201 else status


def _refuse_unless(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _staff(user: Any) -> None:
    """What ``@staff_required`` asks of a logged-in person."""
    _refuse_unless(org_access.is_staff_member(user))


def _guards(name: str, user: Any, target: Any) -> list[Guard]:
    """The access functions the view of ``name`` calls on ``target``, in order (``@office_required``
    is ``@staff_required`` then ``org_access.require_office``)."""
    staff: list[Guard] = [(_staff, user)]
    office: list[Guard] = [*staff, (org_access.require_office, user)]
    match name:
        case "workbench:task":
            return [*staff, (access.get_task_for, user, target.pk)]
        case "workbench:task_progress":
            return [*staff, (access.get_task_for, user, target.pk), (access.require_reporter, user, target)]
        case "workbench:task_notice":
            return [*staff, (access.require_office, user), (access.get_task_for, user, target.pk)]
        case "workbench:task_notice_reply":
            return [
                *staff, (access.get_notice_for, user, target.pk), (access.require_replier, user, target),
                (access.get_task_for, user, target.task_id),
            ]  # fmt: skip
        case "workbench:task_attachment":
            return [*staff, (access.get_task_for, user, target.progress.task_id)]
        case "workbench:task_ledger" | "workbench:task_new":
            return [*office, (access.get_ledger_for, user, target.pk)]
        case "workbench:task_edit":
            return [*office, (access.get_task_for, user, target.pk)]
        case "workbench:tasks" | "workbench:tasks_export":
            return staff
        case "workbench:tasks_import" | "workbench:task_ledgers" | "workbench:tasks_lookback":
            return office
    raise AssertionError(f"no guards for {name}: add the URL's access functions here")


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


def _expect_listed(persona: str) -> set[str]:
    """Whose tasks GET /tasks lists (own/other unit's)."""
    return {"office": {"own", "other"}, "no_role": set()}.get(persona, {"own"})


def _expect_export(persona: str) -> int:
    return 403 if persona == "no_role" else 200


def _expect_import(persona: str) -> int:
    return 201 if persona == "office" else 403


def _expect_tasks_api(operation: str, persona: str) -> int:
    if persona == "anonymous":
        return 401
    return {"list": 200, "export": _expect_export(persona), "import": _expect_import(persona)}[operation]


def test_the_rules_without_http(ledger_world: LedgerWorld) -> None:
    """Every persona × object (task, notice, attachment of the own/other unit; the ledger) ×
    access function, against the same tables the pages and the API are checked with: each
    workbench URL's guards, seeing a task, reporting on it, seeing and answering a notice, the
    ledgers and units a persona may choose, and the API's rules."""
    world = ledger_world
    wrong: list[str] = []
    tasks_roles = next(p[2] for p in LEDGER_LIST_PAGES if p[0] == "workbench:tasks")
    office_roles = next(p[2] for p in LEDGER_LIST_PAGES if p[0] == "workbench:tasks_import")
    for persona in ORDER:
        user = world.people[persona]
        if user is None:
            continue  # the anonymous are sent to the login page (401 from the API) before any rule is asked
        sees_task = {w: _expect_page("workbench:task", persona, w, SEE_OK) == 200 for w in WHICH}
        for which in WHICH:
            task, notice = world.objects[(which, "task")], world.objects[(which, "notice")]
            found: dict[str, object] = {
                f"{method} {name}": guards_answer(*_guards(name, user, world.objects[(which, kind)]))
                for name, method, kind, _data, _allowed in LEDGER_PAGES
            }
            expected: dict[str, object] = {
                f"{method} {name}": _as_answer(_expect_page(name, persona, which, allowed))
                for name, method, _kind, _data, allowed in LEDGER_PAGES
            }
            found |= {
                f"{method} {name}": guards_answer(*_guards(name, user, None)) for name, method, *_ in LEDGER_LIST_PAGES
            }
            expected |= {
                f"{method} {name}": _as_answer(_expect_list_page(persona, roles, ok))
                for name, method, roles, ok in LEDGER_LIST_PAGES
            }
            found |= {
                "may use the ledger": access.may_use(user),
                "is the office": access.is_office(user),
                "sees the task": access.tasks_visible_to(user).filter(pk=task.pk).exists(),
                "reports on the task": access.can_report(user, task),
                "sees the notice": access.notices_visible_to(user).filter(pk=notice.pk).exists(),
                "replies to the notice": access.can_reply(user, notice),
                "sees the ledger": access.ledgers_visible_to(user).filter(pk=world.ledger.pk).exists(),
                "filters by the task's unit": access.task_units(user).filter(pk=world.units[which].pk).exists(),
                "api POST /tasks/{id}/progress": guards_answer(
                    (access.get_task_for, user, task.pk), (access.require_reporter, user, task)
                ),
                "api GET /tasks lists the task": access.tasks_visible_to(user).filter(pk=task.pk).exists(),
                "api GET /tasks/export": guards_answer((_refuse_unless, access.may_use(user))),
                "api POST /tasks/import": guards_answer((org_access.require_office, user)),
            }
            reply = _expect_page("workbench:task_notice_reply", persona, which, WRITE_OK)
            expected |= {
                "may use the ledger": persona in tasks_roles,
                "is the office": persona in office_roles,
                "sees the task": sees_task[which],
                "reports on the task": _expect_page("workbench:task_progress", persona, which, WRITE_OK) == 302,
                "sees the notice": persona in tasks_roles and reply != 404,
                "replies to the notice": reply == 302,
                "sees the ledger": any(sees_task.values()),  # it holds one of the persona's tasks
                "filters by the task's unit": sees_task[which],
                "api POST /tasks/{id}/progress": _as_answer(_expect_progress(persona, which)),
                "api GET /tasks lists the task": which in _expect_listed(persona),
                "api GET /tasks/export": _as_answer(_expect_export(persona)),
                "api POST /tasks/import": _as_answer(_expect_import(persona)),
            }
            wrong += [f"{persona} {which}: {line}" for line in mismatches(found, expected)]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize(("page", "persona", "which"), PAGE_CASES,
                         ids=[f"{c[0][1]}:{c[0][0]}:{c[1]}:{c[2]}" for c in PAGE_CASES])  # fmt: skip
def test_ledger_pages_one_per_role_class(
    ledger_world: LedgerWorld,
    world_media: None,
    page: tuple[str, str, str, dict[str, Any], dict[str, int]],
    persona: str,
    which: str,
) -> None:
    name, method, kind, data, allowed = page
    target = ledger_world.objects[(which, kind)]
    body = {k: str(v).format(unit=ledger_world.units[which].pk) for k, v in data.items()}
    response = getattr(_client(ledger_world, persona), method)(reverse(name, args=[target.pk]), body)
    assert response.status_code == _expect_page(name, persona, which, allowed), f"{persona} {method} {name} {which}"


@pytest.mark.parametrize(("page", "persona"), LIST_CASES, ids=[f"{c[0][0]}:{c[1]}" for c in LIST_CASES])
def test_ledger_list_pages_one_per_role_class(
    ledger_world: LedgerWorld, page: tuple[str, str, set[str], int], persona: str
) -> None:
    name, method, roles, ok = page
    response = getattr(_client(ledger_world, persona), method)(reverse(name))
    assert response.status_code == _expect_list_page(persona, roles, ok), f"{persona} {name}"


def test_a_notice_to_another_unit_is_not_the_units_to_answer(ledger_world: LedgerWorld) -> None:
    """Unit A's staff do not even see unit B's notice, on a task of unit A."""
    office = ledger_world.people["office"]
    task = ledger_world.objects[("own", "task")]
    services.create_task(office, ledger=ledger_world.ledger, title="x", unit=ledger_world.units["other"], due_on=None)
    assert not Notice.objects.filter(task=task, unit=ledger_world.units["other"]).exists()


PROGRESS_API_CASES: list[tuple[str, str]] = one_per_class(
    [(persona, which) for persona in ORDER for which in WHICH],
    row=lambda c: "progress",
    answer=lambda c: _expect_progress(*c),
)


@pytest.mark.parametrize(("persona", "which"), PROGRESS_API_CASES)
def test_progress_api_one_per_role_class(ledger_world: LedgerWorld, api_as: Any, persona: str, which: str) -> None:
    task: Task = ledger_world.objects[(which, "task")]
    client: ApiClient = api_as(ledger_world.people[persona])
    response = client.post(f"/tasks/{task.pk}/progress", {"on": "2026-12-01", "text": "进展", "done": False})
    expected = _expect_progress(persona, which)
    assert response.status_code == expected, f"{persona} {which}: {response.content!r}"
    if expected >= 400:
        assert set(response.json()) == {"detail", "field"}


TASKS_API_CASES: list[tuple[str, str]] = one_per_class(
    [(operation, persona) for operation in ["list", "export", "import"] for persona in ORDER],
    row=lambda c: c[0],
    answer=lambda c: _expect_tasks_api(*c),
    let_in=lambda status: status in {200, 201},
)
# The personas that stand for a role class in any of list, export and import (one request each).
TASKS_API_PERSONAS = [p for p in ORDER if p in {persona for _operation, persona in TASKS_API_CASES}]


@pytest.mark.parametrize("persona", TASKS_API_PERSONAS)
def test_list_export_and_import_api_one_per_role_class(ledger_world: LedgerWorld, api_as: Any, persona: str) -> None:
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
    expected_seen = {ledger_world.objects[(which, "task")].pk for which in _expect_listed(persona)}
    assert seen == expected_seen
    assert exported.status_code == _expect_export(persona)
    assert imported.status_code == _expect_import(persona)


def test_operations_are_the_routers(db: Any) -> None:
    from gongkai.api.routers.tasks import router

    found = {
        (method.lower(), path)
        for path, view in router.path_operations.items()
        for op in view.operations
        for method in op.methods
    }
    assert found == LEDGER_API_OPERATIONS

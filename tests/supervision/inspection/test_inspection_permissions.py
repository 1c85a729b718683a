"""The permission matrix of the inspection: every workbench URL and API operation × persona.

Inspections, reports, running, assigning and the office's rules, dictionaries and schedule are
the office's: everyone else with a role gets 403, anonymous visitors the login page. Every staff
member may open "my unit's findings", which shows only their own units' findings.
``tests/test_permissions.py`` can import ``INSPECTION_PAGES`` and ``INSPECTION_API_OPERATIONS``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.orgs.models import Unit
from gongkai.supervision.inspection import services
from gongkai.supervision.inspection.models import ColumnRule, Finding, Inspection, WordEntry
from tests.conftest import ApiClient

PERSONAS = ["anonymous", "no_role", "editor", "reviewer", "signer", "handler", "office"]
OFFICE = {"office": 200}
OFFICE_POST = {"office": 302}
SETTINGS_FORM = {
    "every_days": "7", "enabled": "on", "home_max_age_days": "14", "stale_veto_count": "5", "empty_veto_count": "5",
    "stale_cap": "20", "empty_points": "1", "empty_cap": "10", "broken_link_points": "1", "broken_link_cap": "5",
    "wrong_word_points": "1", "wrong_word_cap": "5",
}  # fmt: skip

COLUMN_FORM = {"name": "动态要闻", "max_age_days": "14", "points": "2"}
NEW_WORD_FORM = {"new-kind": "wrong", "new-word": "按装", "new-correct": "安装"}

# (url name, method, which object, form data, {role: answer for the own unit})
INSPECTION_PAGES: list[tuple[str, str, str, dict[str, Any], dict[str, int]]] = [
    ("workbench:inspections", "get", "none", {}, OFFICE),
    ("workbench:inspection_run", "post", "none", {"check_links": ""}, OFFICE_POST),
    ("workbench:inspection", "get", "inspection", {}, OFFICE),
    ("workbench:inspection_assign", "post", "finding", {"unit": "{unit}", "due_on": "2099-12-31"}, OFFICE_POST),
    (
        "workbench:inspection_unit_findings", "get", "none", {},
        {"editor": 200, "reviewer": 200, "signer": 200, "handler": 200, "office": 200},
    ),
    ("workbench:inspection_columns", "get", "none", {}, OFFICE),
    ("workbench:inspection_columns", "post", "none", {"new-name": "新栏目", "new-points": "2"}, OFFICE_POST),
    ("workbench:inspection_column", "get", "column", {}, OFFICE),
    ("workbench:inspection_column", "post", "column", COLUMN_FORM, OFFICE_POST),
    ("workbench:inspection_words", "get", "none", {}, OFFICE),
    ("workbench:inspection_words", "post", "none", NEW_WORD_FORM, OFFICE_POST),
    ("workbench:inspection_word", "get", "word", {}, OFFICE),
    ("workbench:inspection_word", "post", "word", {"kind": "wrong", "word": "按装", "correct": "安装"}, OFFICE_POST),
    ("workbench:inspection_word_delete", "post", "word", {}, OFFICE_POST),
    ("workbench:inspection_settings", "get", "none", {}, OFFICE),
    ("workbench:inspection_settings", "post", "none", SETTINGS_FORM, OFFICE_POST),
]  # fmt: skip

INSPECTION_API_OPERATIONS = {
    ("post", "/inspections"),
    ("get", "/inspections"),
    ("get", "/inspections/{inspection_id}"),
}


@dataclass
class InspectionWorld:
    people: dict[str, Any]
    units: dict[str, Unit]
    inspection: Inspection
    findings: dict[str, Finding]  # own / other


@pytest.fixture
def inspection_world(make_person: Callable[..., Any], unit_a: Unit, unit_b: Unit, office: Any) -> InspectionWorld:
    people: dict[str, Any] = {"anonymous": None, "office": office, "no_role": make_person("nobody")}
    for role in ["editor", "reviewer", "signer", "handler"]:
        people[role] = make_person(f"{role}_a", role, unit_a)
    inspection = services.run_inspection(office, check_links=False)
    findings = {
        which: Finding.objects.create(inspection=inspection, rule="wrong_word", detail=f"{which}的问题", unit=unit)
        for which, unit in (("own", unit_a), ("other", unit_b))
    }
    return InspectionWorld(people, {"own": unit_a, "other": unit_b}, inspection, findings)


def _client(world: InspectionWorld, persona: str) -> Client:
    client = Client()
    if world.people[persona] is not None:
        client.force_login(world.people[persona], backend="django.contrib.auth.backends.ModelBackend")
    return client


def _args(world: InspectionWorld, kind: str, which: str) -> list[int]:
    if kind == "inspection":
        return [world.inspection.pk]
    if kind == "finding":
        return [world.findings[which].pk]
    if kind == "column":
        return [ColumnRule.objects.get(name="动态要闻").pk]
    if kind == "word":
        return [WordEntry.objects.order_by("pk").first().pk]  # type: ignore[union-attr]
    return []


def _expect(persona: str, allowed: dict[str, int]) -> int:
    if persona == "anonymous":
        return 302
    return allowed.get(persona, 403)


@pytest.mark.parametrize("which", ["own", "other"])
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("name", "method", "kind", "data", "allowed"), INSPECTION_PAGES, ids=[f"{p[1]}:{p[0]}" for p in INSPECTION_PAGES]
)
def test_inspection_pages_matrix(
    inspection_world: InspectionWorld,
    persona: str,
    which: str,
    name: str,
    method: str,
    kind: str,
    data: Any,
    allowed: Any,
) -> None:
    unit = inspection_world.units[which]
    body = {k: str(v).format(unit=unit.pk) for k, v in data.items()}
    url = reverse(name, args=_args(inspection_world, kind, which))
    response = getattr(_client(inspection_world, persona), method)(url, body)
    assert response.status_code == _expect(persona, allowed), f"{persona} {method} {name} {which}"


def test_a_units_staff_see_only_their_units_findings(inspection_world: InspectionWorld) -> None:
    text = _client(inspection_world, "editor").get(reverse("workbench:inspection_unit_findings")).content.decode()
    assert "own的问题" in text and "other的问题" not in text


def _expect_api(persona: str) -> int:
    return {"anonymous": 401, "office": 200}.get(persona, 403)


@pytest.mark.parametrize("persona", PERSONAS)
def test_inspection_api_matrix(inspection_world: InspectionWorld, api_as: Any, persona: str) -> None:
    client: ApiClient = api_as(inspection_world.people[persona])
    answers = [
        client.get("/inspections"),
        client.get(f"/inspections/{inspection_world.inspection.pk}"),
        client.post("/inspections?check_links=false", {}),
    ]
    for response in answers:
        assert response.status_code == _expect_api(persona), f"{persona}: {response.content!r}"
        if response.status_code >= 400:
            assert set(response.json()) == {"detail", "field"}


def test_operations_are_the_routers(db: Any) -> None:
    from gongkai.api.routers.inspections import router

    found = {
        (method.lower(), path)
        for path, view in router.path_operations.items()
        for op in view.operations
        for method in op.methods
    }
    assert found == INSPECTION_API_OPERATIONS


def test_every_inspection_url_is_in_the_matrix() -> None:
    from gongkai.workbench import urls_inspection

    assert {f"workbench:{p.name}" for p in urls_inspection.urlpatterns} == {p[0] for p in INSPECTION_PAGES}

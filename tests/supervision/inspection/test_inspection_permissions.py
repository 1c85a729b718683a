"""The permission matrix of the inspection: every workbench URL and API operation × persona.

Inspections, reports, running, assigning and the office's rules, dictionaries and schedule are
the office's: everyone else with a role gets 403, anonymous visitors the login page. Every staff
member may open "my unit's findings", which shows only their own units' findings.
``tests/test_permissions.py`` can import ``INSPECTION_PAGES`` and ``INSPECTION_API_OPERATIONS``.

The rules are checked without HTTP for every persona × object (``test_the_rules_without_http``);
the pages and the API with one request per role class (``tests/matrix.py``). The world is built
once for the module; each test runs in a savepoint inside it (``tests/builders.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from gongkai.orgs import access as org_access
from gongkai.orgs.models import Unit
from gongkai.supervision.inspection import access, services
from gongkai.supervision.inspection.models import ColumnRule, Finding, Inspection, WordEntry
from tests import builders
from tests.conftest import ApiClient
from tests.matrix import LET_IN, Guard, guards_answer, mismatches, one_per_class

PERSONAS = ["anonymous", "no_role", "editor", "reviewer", "signer", "handler", "office"]
OFFICE = {"office": 200}
OFFICE_POST = {"office": 302}
SETTINGS_FORM = {
    "every_days": "7", "enabled": "on", "home_max_age_days": "14", "stale_veto_count": "5", "empty_veto_count": "5",
    "stale_cap": "20", "empty_points": "1", "empty_cap": "10", "broken_link_points": "1", "broken_link_cap": "5",
    "wrong_word_points": "1", "wrong_word_cap": "5", "service_broken_veto_percent": "20",
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


def _build() -> InspectionWorld:
    cast = builders.Cast()
    people = cast.personas()
    inspection = services.run_inspection(cast.office, check_links=False)
    findings = {
        which: Finding.objects.create(inspection=inspection, rule="wrong_word", detail=f"{which}的问题", unit=unit)
        for which, unit in (("own", cast.unit_a), ("other", cast.unit_b))
    }
    return InspectionWorld(people, {"own": cast.unit_a, "other": cast.unit_b}, inspection, findings)


# Built once for the module; each test runs in a savepoint inside it (tests/builders.py).
inspection_world = builders.module_data(_build)
pytestmark = pytest.mark.django_db


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


UNIT_FINDINGS = next(p[4] for p in INSPECTION_PAGES if p[0] == "workbench:inspection_unit_findings")


def _sees_finding(persona: str, which: str) -> bool:
    """The findings "my unit's findings" shows: those of the persona's own units (the office: of every
    unit), to whoever may open it."""
    return _expect(persona, UNIT_FINDINGS) == 200 and (persona == "office" or which == "own")


def _expect_api(persona: str) -> int:
    return {"anonymous": 401, "office": 200}.get(persona, 403)


# Least to most privileged in the inspection (every unit role alike: only the office inspects);
# another unit's finding before the own unit's.
ORDER = ["anonymous", "no_role", "handler", "editor", "reviewer", "signer", "office"]
WHICH = ["other", "own"]
# The anonymous are a class of their own (one_per_class's ``anonymous``): their 302 to the login
# page must not stand for a successful POST's 302.
# Pages whose rule is written in the view itself (it refuses staff without a unit role with
# ``org_access.units_for``, no inspection access function): every persona is asked over HTTP
# (once: the page is not about one unit's object).
DECIDED_IN_THE_VIEW = {"workbench:inspection_unit_findings"}

PageCase = tuple[tuple[str, str, str, dict[str, Any], dict[str, int]], str, str]
ALL_PAGE_CASES: list[PageCase] = [(page, persona, which) for page in INSPECTION_PAGES for persona in ORDER
                                  for which in WHICH]  # fmt: skip
PAGE_CASES: list[PageCase] = one_per_class(
    [c for c in ALL_PAGE_CASES if c[0][0] not in DECIDED_IN_THE_VIEW],
    row=lambda c: (c[0][0], c[0][1]),
    answer=lambda c: _expect(c[1], c[0][4]),
    anonymous=lambda c: c[1] == "anonymous",
) + [c for c in ALL_PAGE_CASES if c[0][0] in DECIDED_IN_THE_VIEW and c[2] == "own"]
API_PERSONAS: list[str] = one_per_class(ORDER, row=lambda persona: "api", answer=_expect_api)


def _as_answer(status: int) -> object:
    return "let in" if status in LET_IN else status


def _staff(user: Any) -> None:
    """What ``@staff_required`` asks of a logged-in person."""
    if not org_access.is_staff_member(user):
        raise PermissionDenied


def _with_a_unit(user: Any) -> None:
    """What "my unit's findings" asks before showing anything."""
    if not org_access.units_for(user).exists():
        raise PermissionDenied


def _guards(name: str, user: Any, world: InspectionWorld, which: str) -> list[Guard]:
    """The access functions the view of ``name`` calls, in order (``@office_required`` is
    ``@staff_required`` then ``org_access.require_office``)."""
    office: list[Guard] = [(_staff, user), (org_access.require_office, user)]
    if name == "workbench:inspection":
        return [*office, (access.get_inspection_for, user, world.inspection.pk)]
    if name == "workbench:inspection_assign":
        return [*office, (access.get_finding_for, user, world.findings[which].pk)]
    if name == "workbench:inspection_unit_findings":
        return [(_staff, user), (_with_a_unit, user)]
    return office


def test_the_rules_without_http(inspection_world: InspectionWorld) -> None:
    """Every persona × finding (own/other unit) × access function, against the same tables the
    pages and the API are checked with: each workbench URL's guards, the API's (the office
    inspects), which findings a persona sees and may open."""
    world = inspection_world
    wrong: list[str] = []
    for persona in ORDER:
        user = world.people[persona]
        if user is None:
            continue  # the anonymous are sent to the login page (401 from the API) before any rule is asked
        for which in WHICH:
            finding = world.findings[which]
            found: dict[str, object] = {
                f"{method} {name}": guards_answer(*_guards(name, user, world, which))
                for name, method, _kind, _data, _allowed in INSPECTION_PAGES
            }
            expected: dict[str, object] = {
                f"{method} {name}": _as_answer(_expect(persona, allowed))
                for name, method, _kind, _data, allowed in INSPECTION_PAGES
            }
            found |= {
                "inspects": access.may_inspect(user),
                "api GET /inspections": guards_answer((access.require_office, user)),
                "api POST /inspections": guards_answer((access.require_office, user)),
                "api GET /inspections/{id}": guards_answer((access.get_inspection_for, user, world.inspection.pk)),
                "sees the inspection": access.inspections_visible_to(user).filter(pk=world.inspection.pk).exists(),
                "sees the finding": access.findings_visible_to(user).filter(pk=finding.pk).exists(),
                "opens the finding": guards_answer((access.get_finding_for, user, finding.pk)),
            }
            api = _as_answer(_expect_api(persona))
            expected |= {
                "inspects": api == "let in",
                "api GET /inspections": api,
                "api POST /inspections": api,
                "api GET /inspections/{id}": api,
                "sees the inspection": api == "let in",
                "sees the finding": _sees_finding(persona, which),
                "opens the finding": "let in" if _sees_finding(persona, which) else 404,
            }
            wrong += [f"{persona} {which}: {line}" for line in mismatches(found, expected)]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize(("page", "persona", "which"), PAGE_CASES,
                         ids=[f"{c[0][1]}:{c[0][0]}:{c[1]}:{c[2]}" for c in PAGE_CASES])  # fmt: skip
def test_inspection_pages_one_per_role_class(
    inspection_world: InspectionWorld,
    page: tuple[str, str, str, dict[str, Any], dict[str, int]],
    persona: str,
    which: str,
) -> None:
    name, method, kind, data, allowed = page
    unit = inspection_world.units[which]
    body = {k: str(v).format(unit=unit.pk) for k, v in data.items()}
    url = reverse(name, args=_args(inspection_world, kind, which))
    response = getattr(_client(inspection_world, persona), method)(url, body)
    assert response.status_code == _expect(persona, allowed), f"{persona} {method} {name} {which}"
    if name == "workbench:inspection_unit_findings" and response.status_code == 200:
        text = response.content.decode()
        assert [f"{w}的问题" in text for w in WHICH] == [_sees_finding(persona, w) for w in WHICH], persona


def test_a_units_staff_see_only_their_units_findings(inspection_world: InspectionWorld) -> None:
    text = _client(inspection_world, "editor").get(reverse("workbench:inspection_unit_findings")).content.decode()
    assert "own的问题" in text and "other的问题" not in text


@pytest.mark.parametrize("persona", API_PERSONAS)
def test_inspection_api_one_per_role_class(inspection_world: InspectionWorld, api_as: Any, persona: str) -> None:
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

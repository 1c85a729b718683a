"""The permission matrix of inquiries: every workbench URL and API operation × role × own/other unit.

A unit's editor (信息员) answers and marks invalid; its reviewer reviews; both see the unit's
inquiries, other units' are 404. Other roles (signer, handler) have no inquiry pages (403). The
office does everything, reassigning included. ``tests/test_permissions.py`` can import
``INQUIRY_PAGES``, ``INQUIRY_LIST_PAGES`` and ``INQUIRY_API_OPERATIONS``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from gongkai.orgs.models import Unit
from gongkai.participation.inquiries import services
from gongkai.participation.models import Inquiry, InquiryUnitSettings
from tests.conftest import ApiClient
from tests.participation.inquiry_fixtures import NOW, ask_at

PERSONAS = ["anonymous", "no_role", "editor", "reviewer", "signer", "handler", "office"]


@dataclass
class InquiryWorld:
    people: dict[str, Any]
    units: dict[str, Unit]
    inquiries: dict[tuple[str, str], Inquiry]  # (own/other, received/review)


@pytest.fixture
def inquiry_world(make_person: Callable[..., Any], unit_a: Unit, unit_b: Unit, office: Any) -> InquiryWorld:
    people: dict[str, Any] = {"anonymous": None, "office": office, "no_role": make_person("nobody")}
    for role in ["editor", "reviewer", "signer", "handler"]:
        people[role] = make_person(f"{role}_a", role, unit_a)
    units = {"own": unit_a, "other": unit_b}
    found = {}
    for which, unit in units.items():
        InquiryUnitSettings.objects.create(unit=unit, review_required=True)
        found[(which, "received")] = ask_at(unit)
        waiting = ask_at(unit)
        # Written by the unit's own editor: nobody reviews an answer they wrote (the office neither).
        services.answer(make_person(f"writer_{which}", "editor", unit), waiting.pk, "<p>待审核的答复</p>")
        found[(which, "review")] = waiting
    return InquiryWorld(people, units, found)


EDIT_OK = {"editor": 302, "reviewer": 403, "office": 302}
REVIEW_OK = {"editor": 403, "reviewer": 302, "office": 302}
REVEAL_OK = {"editor": 200, "reviewer": 403, "office": 200}
# (url name, method, which inquiry, form data, {role: answer for the own unit})
INQUIRY_PAGES: list[tuple[str, str, str, dict[str, Any], dict[str, int]]] = [
    ("workbench:inquiry", "get", "received", {}, {"editor": 200, "reviewer": 200, "office": 200}),
    ("workbench:inquiry_answer", "post", "received", {"answer-body_html": "答复"}, EDIT_OK),
    ("workbench:inquiry_review", "post", "review", {"review-decision": "approve"}, REVIEW_OK),
    (
        "workbench:inquiry_reassign", "post", "received", {"reassign-to_unit": "{to}", "reassign-reason": "职责调整"},
        {"editor": 403, "reviewer": 403, "office": 302},
    ),
    ("workbench:inquiry_invalid", "post", "received", {"invalid-reason": "spam"}, EDIT_OK),
    ("workbench:inquiry_reveal", "post", "received", {"purpose": "回访"}, REVEAL_OK),
]  # fmt: skip
# Unscoped pages: (url name, method, who may, answer)
INQUIRY_LIST_PAGES: list[tuple[str, str, set[str], int]] = [
    ("workbench:inquiries", "get", {"editor", "reviewer", "office"}, 200),
    ("workbench:inquiry_settings", "get", {"office"}, 200),
]


def _client(world: InquiryWorld, persona: str) -> Client:
    client = Client()
    if world.people[persona] is not None:
        client.force_login(world.people[persona], backend="django.contrib.auth.backends.ModelBackend")
    return client


def _expect_page(name: str, persona: str, which: str, allowed: dict[str, int]) -> int:
    if persona == "anonymous":
        return 302
    if persona in {"no_role", "signer", "handler"}:
        return 403
    if persona == "office" or which == "own":
        return allowed[persona]
    return 403 if name == "workbench:inquiry_reassign" else 404


@pytest.mark.parametrize("which", ["own", "other"])
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("name", "method", "kind", "data", "allowed"), INQUIRY_PAGES, ids=[f"{p[1]}:{p[0]}" for p in INQUIRY_PAGES]
)
def test_inquiry_pages_matrix(
    inquiry_world: InquiryWorld, persona: str, which: str, name: str, method: str, kind: str, data: Any, allowed: Any
) -> None:
    inquiry = inquiry_world.inquiries[(which, kind)]
    target = inquiry_world.units["other" if which == "own" else "own"]
    body = {k: str(v).format(to=target.pk) for k, v in data.items()}
    with time_machine.travel(NOW, tick=False):
        response = getattr(_client(inquiry_world, persona), method)(reverse(name, args=[inquiry.pk]), body)
    assert response.status_code == _expect_page(name, persona, which, allowed), f"{persona} {method} {name} {which}"


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("name", "method", "roles", "ok"), INQUIRY_LIST_PAGES, ids=[p[0] for p in INQUIRY_LIST_PAGES])
def test_inquiry_list_pages_matrix(
    inquiry_world: InquiryWorld, persona: str, name: str, method: str, roles: set[str], ok: int
) -> None:
    response = getattr(_client(inquiry_world, persona), method)(reverse(name))
    expected = 302 if persona == "anonymous" else (ok if persona in roles else 403)
    assert response.status_code == expected, f"{persona} {name}"


def test_the_list_shows_only_the_units_inquiries_masked(inquiry_world: InquiryWorld) -> None:
    text = _client(inquiry_world, "editor").get(reverse("workbench:inquiries"), {"state": "all"}).content.decode()
    own = inquiry_world.inquiries[("own", "received")]
    other = inquiry_world.inquiries[("other", "received")]
    assert own.tracking_code in text and other.tracking_code not in text
    assert "郝*" in text and "郝美玲" not in text


INQUIRY_API_OPERATIONS = {
    ("post", "/public/inquiries"),
    ("get", "/public/inquiries"),
    ("get", "/public/inquiries/{tracking_code}"),
    ("post", "/inquiries/{inquiry_id}/answer"),
}


def _expect_api(persona: str, which: str) -> int:
    if persona == "anonymous":
        return 401
    if persona == "office" or (persona == "editor" and which == "own"):
        return 200
    if persona == "reviewer" and which == "own":
        return 403  # sees the inquiry, may not answer it
    return 404


@pytest.mark.parametrize("which", ["own", "other"])
@pytest.mark.parametrize("persona", PERSONAS)
def test_answer_api_matrix(inquiry_world: InquiryWorld, api_as: Any, persona: str, which: str) -> None:
    inquiry = inquiry_world.inquiries[(which, "received")]
    client: ApiClient = api_as(inquiry_world.people[persona])
    response = client.post(f"/inquiries/{inquiry.pk}/answer", {"body_html": "<p>答复</p>"})
    expected = _expect_api(persona, which)
    assert response.status_code == expected, f"{persona} {which}: {response.content!r}"
    if expected >= 400:
        assert set(response.json()) == {"detail", "field"}


@pytest.mark.parametrize("persona", PERSONAS)
def test_public_api_is_open_to_everyone(inquiry_world: InquiryWorld, api_as: Any, persona: str) -> None:
    client: ApiClient = api_as(inquiry_world.people[persona])
    unit = inquiry_world.units["own"]
    payload = {"unit_id": unit.pk, "name": "市民", "phone": "13800000000", "subject": "问", "body": "问题"}
    assert client.post("/public/inquiries", payload).status_code == 201
    assert client.get("/public/inquiries").status_code == 200
    code = inquiry_world.inquiries[("other", "received")].tracking_code
    assert client.get(f"/public/inquiries/{code}").status_code == 200


def test_operations_are_the_routers(db: Any) -> None:
    from gongkai.api.routers.inquiries import router

    found = {
        (method.lower(), path)
        for path, view in router.path_operations.items()
        for op in view.operations
        for method in op.methods
    }
    assert found == INQUIRY_API_OPERATIONS

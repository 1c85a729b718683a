"""The permission matrix of inquiries: every workbench URL and API operation × role × own/other unit.

A unit's editor (信息员) answers and marks invalid; its reviewer reviews; both see the unit's
inquiries, other units' are 404. Other roles (signer, handler) have no inquiry pages (403). The
office does everything, reassigning included. ``tests/test_permissions.py`` can import
``INQUIRY_PAGES``, ``INQUIRY_LIST_PAGES`` and ``INQUIRY_API_OPERATIONS``.

The rules of ``participation/inquiries/access.py`` (and the office's gate in ``orgs/access.py``)
are checked without HTTP for every persona × inquiry; the pages and the API once per role class
(``tests/matrix.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from gongkai.orgs import access as org_access
from gongkai.orgs.models import Unit
from gongkai.participation.inquiries import access, services
from gongkai.participation.models import Inquiry, InquiryUnitSettings
from tests import builders
from tests.conftest import ApiClient
from tests.matrix import LET_IN, lets_through, mismatches, one_per_class
from tests.participation.inquiry_fixtures import NOW, ask_at

PERSONAS = ["anonymous", "no_role", "editor", "reviewer", "signer", "handler", "office"]


@dataclass
class InquiryWorld:
    people: dict[str, Any]
    units: dict[str, Unit]
    inquiries: dict[tuple[str, str], Inquiry]  # (own/other, received/review)


def _build() -> InquiryWorld:
    cast = builders.Cast()
    people = cast.personas()
    units = {"own": cast.unit_a, "other": cast.unit_b}
    found = {}
    for which, unit in units.items():
        InquiryUnitSettings.objects.create(unit=unit, review_required=True)
        found[(which, "received")] = ask_at(unit)
        waiting = ask_at(unit)
        # Written by the unit's own editor: nobody reviews an answer they wrote (the office neither).
        services.answer(builders.person(f"writer_{which}", "editor", unit), waiting.pk, "<p>待审核的答复</p>")
        found[(which, "review")] = waiting
    return InquiryWorld(people, units, found)


# Built once for the module; each test runs in a savepoint inside it (tests/builders.py).
inquiry_world = builders.module_data(_build)
pytestmark = pytest.mark.django_db


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


def _expect_list(persona: str, roles: set[str], ok: int) -> int:
    return 302 if persona == "anonymous" else (ok if persona in roles else 403)


ROWS = {p[0]: p for p in INQUIRY_PAGES}
LIST_ROWS = {p[0]: p for p in INQUIRY_LIST_PAGES}
# What each page asks of participation/inquiries/access.py (and orgs/access.py) once it has
# looked the inquiry up with get_inquiry_for: the views and the services they call.
RULES: dict[str, Callable[[Any, Inquiry], bool]] = {
    "workbench:inquiry_answer": lambda user, inquiry: access.can_answer(user, inquiry.unit_id),
    "workbench:inquiry_review": lambda user, inquiry: access.can_review(user, inquiry.unit_id),
    "workbench:inquiry_reassign": lambda user, inquiry: org_access.is_office(user),
    "workbench:inquiry_invalid": lambda user, inquiry: access.can_answer(user, inquiry.unit_id),
    "workbench:inquiry_reveal": lambda user, inquiry: lets_through(access.require_answerer, user, inquiry.unit_id),
}


def _lets_in_page(name: str, persona: str, which: str) -> bool:
    allowed = ROWS[name][4]
    return _expect_page(name, persona, which, allowed) in LET_IN


def _lets_in_list(name: str, persona: str) -> bool:
    _name, _method, roles, ok = LIST_ROWS[name]
    return _expect_list(persona, roles, ok) == ok


# Least to most privileged in inquiries; another unit's inquiry before the own unit's.
ORDER = ["anonymous", "no_role", "signer", "handler", "reviewer", "editor", "office"]
WHICH = ["other", "own"]
Page = tuple[str, str, str, dict[str, Any], dict[str, int]]
# The anonymous are a class of their own: their 302 to the login page is no let-in and must not
# stand for the 302 of a step that was taken.
PAGE_CASES: list[tuple[Page, str, str]] = one_per_class(
    [(page, persona, which) for page in INQUIRY_PAGES for persona in ORDER for which in WHICH],
    row=lambda case: (case[0][0], case[1] == "anonymous"),
    answer=lambda case: _expect_page(case[0][0], case[1], case[2], case[0][4]),
)
LIST_CASES: list[tuple[tuple[str, str, set[str], int], str]] = one_per_class(
    [(page, persona) for page in INQUIRY_LIST_PAGES for persona in ORDER],
    row=lambda case: (case[0][0], case[1] == "anonymous"),
    answer=lambda case: _expect_list(case[1], case[0][2], case[0][3]),
)


def test_the_rules_without_http(inquiry_world: InquiryWorld) -> None:
    """Every persona × inquiry (own/other unit; received, awaiting review) × access function,
    against the same tables the pages and the API are checked with: using the inquiry pages,
    the settings, seeing an inquiry (else 404), answering, reviewing, reassigning, marking
    invalid, revealing the asker."""
    wrong: list[str] = []
    for persona in ORDER:
        user = inquiry_world.people[persona]
        if user is None:
            continue  # the anonymous are sent to the login page before any rule is asked
        for (which, kind), inquiry in inquiry_world.inquiries.items():
            visible = access.inquiries_visible_to(user).filter(pk=inquiry.pk).exists()
            found: dict[str, object] = {
                "uses the inquiry pages": access.may_use(user),
                "edits the settings": org_access.is_office(user),
                "sees it in the list": visible,
                "looks it up": lets_through(access.get_inquiry_for, user, inquiry.pk),
                "answers (API)": visible and lets_through(access.require_answerer, user, inquiry.unit_id),
            }
            expected: dict[str, object] = {
                "uses the inquiry pages": _lets_in_list("workbench:inquiries", persona),
                "edits the settings": _lets_in_list("workbench:inquiry_settings", persona),
                "sees it in the list": _lets_in_page("workbench:inquiry", persona, which),
                "looks it up": _lets_in_page("workbench:inquiry", persona, which),
                "answers (API)": _expect_api(persona, which) == 200,
            }
            for name, _method, row_kind, _data, _allowed in INQUIRY_PAGES:
                if name in RULES and row_kind == kind:
                    found[name] = visible and RULES[name](user, inquiry)
                    # 404 (cannot see it) and 403 (sees it, may not) are both "may not".
                    expected[name] = _lets_in_page(name, persona, which)
            wrong += [f"{persona} {which} {kind} {line}" for line in mismatches(found, expected)]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize(("page", "persona", "which"), PAGE_CASES,
                         ids=[f"{c[0][1]}:{c[0][0]}:{c[1]}:{c[2]}" for c in PAGE_CASES])  # fmt: skip
def test_inquiry_pages_one_per_role_class(inquiry_world: InquiryWorld, page: Page, persona: str, which: str) -> None:
    name, method, kind, data, allowed = page
    inquiry = inquiry_world.inquiries[(which, kind)]
    target = inquiry_world.units["other" if which == "own" else "own"]
    body = {k: str(v).format(to=target.pk) for k, v in data.items()}
    with time_machine.travel(NOW, tick=False):
        response = getattr(_client(inquiry_world, persona), method)(reverse(name, args=[inquiry.pk]), body)
    assert response.status_code == _expect_page(name, persona, which, allowed), f"{persona} {method} {name} {which}"


@pytest.mark.parametrize(("page", "persona"), LIST_CASES, ids=[f"{c[0][0]}:{c[1]}" for c in LIST_CASES])
def test_inquiry_list_pages_one_per_role_class(
    inquiry_world: InquiryWorld, page: tuple[str, str, set[str], int], persona: str
) -> None:
    name, method, roles, ok = page
    response = getattr(_client(inquiry_world, persona), method)(reverse(name))
    assert response.status_code == _expect_list(persona, roles, ok), f"{persona} {name}"


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


API_CASES = one_per_class(
    [(persona, which) for persona in ORDER for which in WHICH],
    row=lambda case: "answer",
    answer=lambda case: _expect_api(*case),
)


@pytest.mark.parametrize(("persona", "which"), API_CASES, ids=[f"{p}:{w}" for p, w in API_CASES])
def test_answer_api_one_per_role_class(inquiry_world: InquiryWorld, api_as: Any, persona: str, which: str) -> None:
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

"""The permission matrix of applications: every workbench URL and API operation × role × own/other unit.

Applications are handled by the 依申请承办 staff of the unit they are addressed to and by the
office. Everyone else — other roles of the same unit, any role of another unit — gets a 404: an
application's existence is not revealed. ``tests/test_permissions.py`` checks that every URL and
operation is in one of the matrices.

The rules of ``gongkai/foi/access.py`` are checked without HTTP for every persona × application;
over HTTP, each URL gets one request per role class (``tests/matrix.py``). The world is built once
for the module (``tests/builders.py``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from gongkai.foi import access, handling, intake
from gongkai.foi.models import Appeal, Attachment, Request
from gongkai.orgs.models import Unit
from tests import builders
from tests.conftest import ApiClient
from tests.foi.conftest import CITIZEN, NOW
from tests.matrix import lets_through, mismatches, one_per_class

PERSONAS = ["anonymous", "no_role", "editor", "reviewer", "signer", "handler", "office"]
FOI_STAFF = {"handler", "office"}
PDF = b"%PDF-1.4\n%%EOF\n"


@dataclass
class FoiWorld:
    people: dict[str, Any]
    units: dict[str, Unit]
    requests: dict[str, Request]
    ids: dict[str, dict[str, int]]  # own/other → the URL arguments of its application's pages


def _build() -> FoiWorld:
    with time_machine.travel(NOW, tick=False):
        cast = builders.Cast()
        builders.site(cast.government)
        people = cast.personas()
        units = {"own": cast.unit_a, "other": cast.unit_b}
        found, ids = {}, {}
        for which, unit in units.items():
            app = intake.Application(
                **{**CITIZEN, "unit_id": unit.pk, "channel": "letter", "received_on": dt.date(2026, 9, 25)}
            )
            request_obj = intake.register(cast.office, app)
            handling.record_event(
                cast.office, request_obj.pk, "correction_requested", dt.date(2026, 9, 28), items="写明文号"
            )
            # The row only: the file is written into each test's own media folder (``_attachment_file``).
            stored = f"foi/attachments/{which}.pdf"
            attachment = Attachment.objects.create(
                request=request_obj, file=stored, name="id.pdf", format="pdf", size=1, sha256="0"
            )
            appeal = Appeal.objects.create(
                request=request_obj, kind="review", filed_on=dt.date(2026, 10, 9), body="测试区人民政府"
            )
            found[which] = request_obj
            ids[which] = {
                "pk": request_obj.pk,
                "letter_pk": request_obj.letters.get().pk,
                "event_pk": request_obj.events.get().pk,
                "appeal_pk": appeal.pk,
                "attachment_pk": attachment.pk,
            }
        return FoiWorld(people, units, found, ids)


# Built once for the module; each test runs in a savepoint inside it (tests/builders.py).
foi_world = builders.module_data(_build)
pytestmark = pytest.mark.django_db


def _attachment_file(world: FoiWorld, which: str) -> None:
    """The attachment's file, in this test's media folder (``_media_in_tmp`` gives each test its own)."""
    attachment = Attachment.objects.get(pk=world.ids[which]["attachment_pk"])
    assert attachment.file.storage.save(attachment.file.name, ContentFile(PDF)) == attachment.file.name


def _client(world: FoiWorld, persona: str) -> Client:
    client = Client()
    if world.people[persona] is not None:
        client.force_login(world.people[persona], backend="django.contrib.auth.backends.ModelBackend")
    return client


def _expect(persona: str, which: str, ok: int, *, anonymous: int = 302, no_role: int = 403) -> int:
    if persona == "anonymous":
        return anonymous
    if persona == "no_role":
        return no_role
    if persona == "office" or (persona == "handler" and which == "own"):
        return ok
    return 404


APPEAL = {"kind": "review", "filed_on": "2026-10-09", "body": "测试区人民政府", "result": "pending"}
# (url name, method, kwargs (from the ids above), data, answer when allowed)
FOI_PAGES: list[tuple[str, str, tuple[str, ...], dict[str, Any], int]] = [
    ("workbench:request", "get", ("pk",), {}, 200),
    (
        "workbench:request_event",
        "post",
        ("pk",),
        {"kind": "correction_received", "correction_received-on": "2026-09-29"},
        302,
    ),
    ("workbench:request_reveal", "post", ("pk",), {"purpose": "核对"}, 200),
    ("workbench:request_letter", "get", ("pk", "letter_pk"), {}, 200),
    (
        "workbench:request_letter_delivery",
        "post",
        ("pk", "letter_pk"),
        {"delivered_on": "2026-09-29", "method": "邮寄"},
        302,
    ),
    ("workbench:request_letter_complete", "post", ("pk", "event_pk"), {}, 302),
    ("workbench:request_appeal", "post", ("pk",), APPEAL, 302),
    (
        "workbench:request_appeal_edit",
        "post",
        ("pk", "appeal_pk"),
        {"appeal{appeal_pk}-" + k: v for k, v in APPEAL.items()},
        302,
    ),
    ("workbench:request_attachment", "get", ("pk", "attachment_pk"), {}, 200),
    ("workbench:request_released", "post", ("pk",), {}, 302),  # no file: a message, nothing saved
    ("workbench:request_released_remove", "post", ("pk", "attachment_pk"), {}, 302),
]
# Unscoped pages: (url name, method, who may, answer)
FOI_LIST_PAGES: list[tuple[str, str, set[str], int]] = [
    ("workbench:requests", "get", FOI_STAFF, 200),
    ("workbench:request_create", "get", FOI_STAFF, 200),
    ("workbench:foi_settings", "get", {"office"}, 200),
    ("workbench:foi_letter_texts", "get", {"office"}, 200),
]

# Least to most privileged for applications; another unit's application before the own unit's.
ORDER = ["anonymous", "no_role", "editor", "reviewer", "signer", "handler", "office"]
WHICH = ["other", "own"]
# The anonymous are a class of their own (one_per_class's ``anonymous``): their 302 to the login
# page must not stand for a successful POST's 302.
REFUSED = {401, 403, 404}


def _let_in(answer: int) -> bool:
    return answer not in REFUSED  # 200, 201, 302, and a 422 that reached the service


PageCase = tuple[tuple[str, str, tuple[str, ...], dict[str, Any], int], str, str]
PAGE_CASES: list[PageCase] = one_per_class(
    [(page, persona, which) for page in FOI_PAGES for persona in ORDER for which in WHICH],
    row=lambda case: (case[0][0], case[0][1]),
    answer=lambda case: _expect(case[1], case[2], case[0][4]),
    anonymous=lambda case: case[1] == "anonymous",
    let_in=_let_in,
)


@pytest.mark.parametrize(("page", "persona", "which"), PAGE_CASES,
                         ids=[f"{c[0][1]}:{c[0][0]}:{c[1]}:{c[2]}" for c in PAGE_CASES])  # fmt: skip
def test_application_pages_one_per_role_class(
    foi_world: FoiWorld,
    page: tuple[str, str, tuple[str, ...], dict[str, Any], int],
    persona: str,
    which: str,
) -> None:
    name, method, keys, data, ok = page
    ids = foi_world.ids[which]
    kwargs: dict[str, Any] = {key: ids[key] for key in keys}
    body = {k.format(**ids): v for k, v in data.items()}
    if name == "workbench:request_letter":
        kwargs["fmt"] = "docx"
    if name == "workbench:request_attachment":
        _attachment_file(foi_world, which)
    with time_machine.travel(NOW, tick=False):
        response = getattr(_client(foi_world, persona), method)(reverse(name, kwargs=kwargs), body)
    assert response.status_code == _expect(persona, which, ok), f"{persona} {method} {name} {which}"


# The list pages' rules are decided in the views (``require_foi_staff`` and ``request_create`` in
# workbench/views/requests.py, ``office_required``), not in gongkai/foi/access.py: every persona
# is asked over HTTP.
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("name", "method", "roles", "ok"), FOI_LIST_PAGES, ids=[p[0] for p in FOI_LIST_PAGES])
def test_application_list_pages_matrix(
    foi_world: FoiWorld, persona: str, name: str, method: str, roles: set[str], ok: int
) -> None:
    response = getattr(_client(foi_world, persona), method)(reverse(name))
    expected = 302 if persona == "anonymous" else (ok if persona in roles else 403)
    assert response.status_code == expected, f"{persona} {name}"


# API: (method, path, body, answer when allowed)
FOI_API: list[tuple[str, str, dict[str, Any] | None, int]] = [
    ("get", "/requests/{pk}", None, 200),
    ("post", "/requests/{pk}/events", {"kind": "correction_received", "on": "2026-09-29"}, 200),
    ("get", "/requests/{pk}/applicant", None, 200),
    ("get", "/requests/{pk}/letters/{letter_pk}/docx", None, 200),
    ("post", "/requests/{pk}/letters/{letter_pk}/delivery", {"delivered_on": "2026-09-29", "method": "邮寄"}, 200),
    ("post", "/requests/{pk}/events/{event_pk}/letter", {"reasons": "x"}, 422),
    ("post", "/requests/{pk}/appeals", APPEAL, 201),
    ("put", "/requests/{pk}/appeals/{appeal_pk}", {**APPEAL, "result": "upheld", "decided_on": "2026-11-30"}, 200),
]
FOI_API_OPERATIONS = {
    ("post", "/requests"),
    ("get", "/requests"),
    ("get", "/requests/{request_id}"),
    ("post", "/requests/{request_id}/events"),
    ("get", "/requests/{request_id}/applicant"),
    ("get", "/requests/{request_id}/letters/{letter_id}/{fmt}"),
    ("post", "/requests/{request_id}/letters/{letter_id}/delivery"),
    ("post", "/requests/{request_id}/events/{event_id}/letter"),
    ("post", "/requests/{request_id}/appeals"),
    ("put", "/requests/{request_id}/appeals/{appeal_id}"),
    ("get", "/public/requests/{tracking_code}"),
}


def _expect_api(persona: str, which: str, ok: int) -> int:
    return _expect(persona, which, ok, anonymous=401, no_role=404)


def _call(client: ApiClient, method: str, url: str, body: dict[str, Any] | None) -> Any:
    if method == "get":
        return client.client.get(f"/api/v1{url}", headers=client.headers)
    return getattr(client.client, method)(
        f"/api/v1{url}", body, content_type="application/json", headers=client.headers
    )


ApiCase = tuple[tuple[str, str, dict[str, Any] | None, int], str, str]
API_CASES: list[ApiCase] = one_per_class(
    [(row, persona, which) for row in FOI_API for persona in ORDER for which in WHICH],
    row=lambda case: (case[0][0], case[0][1]),
    answer=lambda case: _expect_api(case[1], case[2], case[0][3]),
    anonymous=lambda case: case[1] == "anonymous",
    let_in=_let_in,
)


@pytest.mark.parametrize(("row", "persona", "which"), API_CASES,
                         ids=[f"{c[0][0]}:{c[0][1]}:{c[1]}:{c[2]}" for c in API_CASES])  # fmt: skip
def test_application_api_one_per_role_class(
    foi_world: FoiWorld, api_as: Any, row: tuple[str, str, dict[str, Any] | None, int], persona: str, which: str
) -> None:
    method, path, body, ok = row
    url = path.format(**foi_world.ids[which])
    with time_machine.travel(NOW, tick=False):
        response = _call(api_as(foi_world.people[persona]), method, url, body)
    expected = _expect_api(persona, which, ok)
    assert response.status_code == expected, f"{persona} {method} {url}: {response.content!r}"
    if expected >= 400:
        assert set(response.json()) == {"detail", "field"}


def _may_apply(persona: str, which: str) -> bool:
    """The public applies online without a token; staff register for the units they handle."""
    return persona in {"anonymous", "office"} or (persona == "handler" and which == "own")


APPLY_CASES: list[tuple[str, str]] = one_per_class(
    [(persona, which) for persona in ORDER for which in WHICH],
    row=lambda case: case[1],
    answer=lambda case: 201 if _may_apply(*case) else 403,
    anonymous=lambda case: case[0] == "anonymous",
    let_in=_let_in,
)


@pytest.mark.parametrize(("persona", "which"), APPLY_CASES, ids=[f"{p}:{w}" for p, w in APPLY_CASES])
def test_applying_through_the_api(foi_world: FoiWorld, api_as: Any, persona: str, which: str) -> None:
    """The public applies online without a token; staff register for the units they handle."""
    payload = {**CITIZEN, "unit_id": foi_world.units[which].pk}
    with time_machine.travel(NOW, tick=False):
        response = api_as(foi_world.people[persona]).post("/requests", payload)
    allowed = _may_apply(persona, which)
    assert response.status_code == (201 if allowed else 403), f"{persona} {which}: {response.content!r}"


def _listed(persona: str) -> set[str]:
    """Whose applications ``persona`` finds in the list (own/other unit's)."""
    return {"own", "other"} if persona == "office" else ({"own"} if persona == "handler" else set())


# One persona per answer of the list: 401, none, the own unit's, both units'.
LIST_CASES: list[str] = one_per_class(
    ORDER,
    row=lambda persona: "list",
    answer=lambda persona: 401 if persona == "anonymous" else len(_listed(persona)),
    let_in=lambda answer: answer in {1, 2},
)


@pytest.mark.parametrize("persona", LIST_CASES)
def test_listing_and_tracking(foi_world: FoiWorld, api_as: Any, persona: str) -> None:
    client = api_as(foi_world.people[persona])
    listed = _call(client, "get", "/requests", None)
    if persona == "anonymous":
        assert listed.status_code == 401
    else:
        seen = {r["id"] for r in listed.json()["results"]}
        assert seen == {foi_world.requests[which].pk for which in _listed(persona)}, persona
    tracked = _call(client, "get", f"/public/requests/{foi_world.requests['other'].tracking_code}", None)
    assert tracked.status_code == 200


def _page_allows(name: str, persona: str, which: str) -> bool:
    ok = next(page[4] for page in FOI_PAGES if page[0] == name)
    return _expect(persona, which, ok) == ok


def test_the_rules_without_http(foi_world: FoiWorld) -> None:
    """Every persona × application (own/other unit) × access function, against the same tables
    the pages and the API are checked with: seeing it (else 404), handling it (every page and
    operation asks ``get_request_for``, then ``require_handler`` itself or in the service),
    revealing the applicant, registering an application for the unit."""
    wrong: list[str] = []
    for persona in ORDER:
        user = foi_world.people[persona]
        if user is None:
            continue  # the anonymous are sent to log in (or asked for a token) before any rule is asked
        for which, request_obj in foi_world.requests.items():
            opens = lets_through(access.get_request_for, user, request_obj.pk)
            handles = access.can_handle(user, request_obj.unit_id)
            found: dict[str, object] = {
                "sees it": access.requests_visible_to(user).filter(pk=request_obj.pk).exists(),
                "opens it": opens,
                "handles it": handles,
                "require_handler lets through": lets_through(access.require_handler, user, request_obj.unit_id),
                "reveals the applicant": lets_through(access.reveal_applicant, user, request_obj, purpose="核对"),
                "registers for the unit": lets_through(access.require_handler, user, foi_world.units[which]),
            }
            expected: dict[str, object] = {
                "sees it": which in _listed(persona),
                "opens it": _page_allows("workbench:request", persona, which),
                "handles it": _page_allows("workbench:request_event", persona, which),
                "require_handler lets through": _page_allows("workbench:request_event", persona, which),
                "reveals the applicant": _page_allows("workbench:request_reveal", persona, which),
                "registers for the unit": _may_apply(persona, which),
            }
            for name, method, _keys, _data, ok in FOI_PAGES:
                found[f"page {method} {name}"] = opens and handles
                expected[f"page {method} {name}"] = _expect(persona, which, ok) == ok
            for method, path, _body, ok in FOI_API:
                found[f"api {method} {path}"] = opens and handles
                expected[f"api {method} {path}"] = _expect_api(persona, which, ok) == ok
            wrong += [f"{persona} {which} {line}" for line in mismatches(found, expected)]
    assert not wrong, "\n".join(wrong)

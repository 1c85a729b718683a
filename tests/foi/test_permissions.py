"""The permission matrix of applications: every workbench URL and API operation × role × own/other unit.

Applications are handled by the 依申请承办 staff of the unit they are addressed to and by the
office. Everyone else — other roles of the same unit, any role of another unit — gets a 404: an
application's existence is not revealed. ``tests/test_permissions.py`` checks that every URL and
operation is in one of the matrices.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from gongkai.foi import handling, intake
from gongkai.foi.models import Appeal, Attachment, Request
from gongkai.orgs.models import SiteProfile, Unit
from tests.conftest import ApiClient
from tests.foi.conftest import CITIZEN, NOW

PERSONAS = ["anonymous", "no_role", "editor", "reviewer", "signer", "handler", "office"]
FOI_STAFF = {"handler", "office"}


@dataclass
class FoiWorld:
    people: dict[str, Any]
    units: dict[str, Unit]
    requests: dict[str, Request]


@pytest.fixture
def foi_world(
    make_person: Callable[..., Any], unit_a: Unit, unit_b: Unit, office: Any, site: SiteProfile
) -> Iterator[FoiWorld]:
    with time_machine.travel(NOW, tick=False):
        people: dict[str, Any] = {"anonymous": None, "office": office, "no_role": make_person("nobody")}
        for role in ["editor", "reviewer", "signer", "handler"]:
            people[role] = make_person(f"{role}_a", role, unit_a)
        units = {"own": unit_a, "other": unit_b}
        found = {}
        for which, unit in units.items():
            app = intake.Application(
                **{**CITIZEN, "unit_id": unit.pk, "channel": "letter", "received_on": dt.date(2026, 9, 25)}
            )
            request_obj = intake.register(office, app)
            handling.record_event(
                office, request_obj.pk, "correction_requested", dt.date(2026, 9, 28), items="写明文号"
            )
            attachment = Attachment(request=request_obj, name="id.pdf", format="pdf", size=1, sha256="0")
            attachment.file.save("id.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
            Appeal.objects.create(
                request=request_obj, kind="review", filed_on=dt.date(2026, 10, 9), body="测试区人民政府"
            )
            found[which] = request_obj
        yield FoiWorld(people, units, found)


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


def _ids(r: Request) -> dict[str, int]:
    return {"pk": r.pk, "letter_pk": r.letters.get().pk, "event_pk": r.events.get().pk, "appeal_pk": r.appeals.get().pk}


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
]
# Unscoped pages: (url name, method, who may, answer)
FOI_LIST_PAGES: list[tuple[str, str, set[str], int]] = [
    ("workbench:requests", "get", FOI_STAFF, 200),
    ("workbench:request_create", "get", FOI_STAFF, 200),
    ("workbench:foi_settings", "get", {"office"}, 200),
]


@pytest.mark.parametrize("which", ["own", "other"])
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("name", "method", "keys", "data", "ok"), FOI_PAGES, ids=[f"{p[1]}:{p[0]}" for p in FOI_PAGES])
def test_application_pages_matrix(
    foi_world: FoiWorld,
    persona: str,
    which: str,
    name: str,
    method: str,
    keys: tuple[str, ...],
    data: dict[str, Any],
    ok: int,
) -> None:
    request_obj = foi_world.requests[which]
    ids = {**_ids(request_obj), "attachment_pk": request_obj.attachments.get().pk}
    kwargs = {key: ids[key] for key in keys}
    body = {k.format(**ids): v for k, v in data.items()}
    if name == "workbench:request_letter":
        kwargs["fmt"] = "docx"
    with time_machine.travel(NOW, tick=False):
        response = getattr(_client(foi_world, persona), method)(reverse(name, kwargs=kwargs), body)
    assert response.status_code == _expect(persona, which, ok), f"{persona} {method} {name} {which}"


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


def _call(client: ApiClient, method: str, url: str, body: dict[str, Any] | None) -> Any:
    if method == "get":
        return client.client.get(f"/api/v1{url}", headers=client.headers)
    return getattr(client.client, method)(
        f"/api/v1{url}", body, content_type="application/json", headers=client.headers
    )


@pytest.mark.parametrize("which", ["own", "other"])
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("method", "path", "body", "ok"), FOI_API, ids=[f"{c[0]}:{c[1]}" for c in FOI_API])
def test_application_api_matrix(
    foi_world: FoiWorld, api_as: Any, persona: str, which: str, method: str, path: str, body: Any, ok: int
) -> None:
    url = path.format(**_ids(foi_world.requests[which]))
    with time_machine.travel(NOW, tick=False):
        response = _call(api_as(foi_world.people[persona]), method, url, body)
    expected = _expect(persona, which, ok, anonymous=401, no_role=404)
    assert response.status_code == expected, f"{persona} {method} {url}: {response.content!r}"
    if expected >= 400:
        assert set(response.json()) == {"detail", "field"}


@pytest.mark.parametrize("which", ["own", "other"])
@pytest.mark.parametrize("persona", PERSONAS)
def test_applying_through_the_api(foi_world: FoiWorld, api_as: Any, persona: str, which: str) -> None:
    """The public applies online without a token; staff register for the units they handle."""
    payload = {**CITIZEN, "unit_id": foi_world.units[which].pk}
    with time_machine.travel(NOW, tick=False):
        response = api_as(foi_world.people[persona]).post("/requests", payload)
    allowed = persona in {"anonymous", "office"} or (persona == "handler" and which == "own")
    assert response.status_code == (201 if allowed else 403), f"{persona} {which}: {response.content!r}"


@pytest.mark.parametrize("persona", PERSONAS)
def test_listing_and_tracking(foi_world: FoiWorld, api_as: Any, persona: str) -> None:
    client = api_as(foi_world.people[persona])
    listed = _call(client, "get", "/requests", None)
    if persona == "anonymous":
        assert listed.status_code == 401
    else:
        seen = {r["id"] for r in listed.json()["results"]}
        own, other = foi_world.requests["own"].pk, foi_world.requests["other"].pk
        expected = {own, other} if persona == "office" else ({own} if persona == "handler" else set())
        assert seen == expected, persona
    tracked = _call(client, "get", f"/public/requests/{foi_world.requests['other'].tracking_code}", None)
    assert tracked.status_code == 200

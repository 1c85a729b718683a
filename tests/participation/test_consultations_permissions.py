"""The permission matrix of consultations: every workbench URL and API operation × persona ×
own/other unit. Staff see their units' consultations (another unit's is a 404); editors change
the period; reviewers (and the office) moderate; editors and signers write the adoption report;
signers publish it; the office edits the settings. ``CONSULTATION_PAGES`` and
``CONSULTATION_API_OPERATIONS`` are for the global check in ``tests/test_permissions.py``."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from gongkai.orgs.models import Role, Unit
from gongkai.participation.consultations import demo, services
from gongkai.participation.models import Consultation
from tests.conftest import ApiClient
from tests.participation.conftest import AFTER, BEFORE, CLOSES, DURING, OPENS

PERSONAS = ["anonymous", "no_role", "editor", "reviewer", "signer", "handler", "office"]
STAFF = {"editor", "reviewer", "signer", "handler", "office"}
PERIOD = {"opens_on": OPENS.isoformat(), "closes_on": CLOSES.isoformat()}

# (url name, method, needs a consultation, data, who may, the allowed answer, unit-scoped)
CONSULTATION_PAGES: list[tuple[str, str, bool, dict[str, Any], set[str], int, bool]] = [
    ("workbench:consultations", "get", False, {}, STAFF, 200, False),
    ("workbench:consultation_settings", "get", False, {}, {"office"}, 200, False),
    ("workbench:consultation", "get", True, {}, STAFF, 200, True),
    ("workbench:consultation_period", "post", True, PERIOD, {"editor", "office"}, 302, True),
    (
        "workbench:consultation_comment",
        "post",
        True,
        {"action": "hide", "reason": "广告"},
        {"reviewer", "office"},
        302,
        True,
    ),
    ("workbench:consultation_adoption", "post", True, {"summary": ""}, {"editor", "signer", "office"}, 422, True),
    ("workbench:consultation_adoption_publish", "post", True, {}, {"signer", "office"}, 409, True),
]
CONSULTATION_API_OPERATIONS = {
    ("get", "/public/consultations/{consultation_id}"),
    ("post", "/public/consultations/{consultation_id}/comments"),
    ("post", "/consultations/{consultation_id}/adoption"),
}


@pytest.fixture
def world(make_person: Any, unit_a: Unit, unit_b: Unit, office: Any, site: Any) -> dict[str, Any]:
    people: dict[str, Any] = {"anonymous": None, "office": office, "no_role": make_person("nobody")}
    for role in ["editor", "reviewer", "signer", "handler"]:
        people[role] = make_person(f"{role}_a", role, unit_a)
    found = {}
    for which, unit, suffix in (("own", unit_a, "a"), ("other", unit_b, "b")):
        crew = (
            {r: people[r] for r in ("editor", "reviewer", "signer")}
            if which == "own"
            else {r: make_person(f"{r}_{suffix}", r, unit) for r in ("editor", "reviewer", "signer")}
        )
        with time_machine.travel(BEFORE, tick=False):
            c = services.create_consultation(
                crew["editor"], unit, title=f"{which}草案", body_html="<p>x</p>", opens_on=OPENS, closes_on=CLOSES
            )
            demo.publish_draft(
                c, {Role.EDITOR: crew["editor"], Role.REVIEWER: crew["reviewer"], Role.SIGNER: crew["signer"]}
            )
        with time_machine.travel(DURING, tick=False):
            comment = services.submit_comment(c.pk, name="市民", phone="", body="意见")
        found[which] = (Consultation.objects.get(pk=c.pk), comment)
    return {"people": people, "found": found}


def _client(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.mark.parametrize("which", ["own", "other"])
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("name", "method", "scoped", "data", "allowed", "ok", "unit"),
    CONSULTATION_PAGES,
    ids=[f"{p[1]}:{p[0]}" for p in CONSULTATION_PAGES],
)
def test_pages_matrix(
    world: dict[str, Any],
    persona: str,
    which: str,
    name: str,
    method: str,
    scoped: bool,
    data: dict[str, Any],
    allowed: set[str],
    ok: int,
    unit: bool,
) -> None:
    consultation, comment = world["found"][which]
    kwargs: dict[str, Any] = {"pk": consultation.pk} if scoped else {}
    if name == "workbench:consultation_comment":
        kwargs["comment_pk"] = comment.pk
    with time_machine.travel(AFTER, tick=False):
        response = getattr(_client(world["people"][persona]), method)(reverse(name, kwargs=kwargs), data)
    if persona == "anonymous":
        expected = 302
    elif persona == "no_role":
        expected = 403
    elif unit and which == "other" and persona != "office":
        expected = 404
    elif persona in allowed:
        expected = ok
    else:
        expected = 403
    assert response.status_code == expected, f"{persona} {method} {name} {which}"


@pytest.mark.parametrize("which", ["own", "other"])
@pytest.mark.parametrize("persona", PERSONAS)
def test_adoption_api_matrix(world: dict[str, Any], api_as: Any, persona: str, which: str) -> None:
    consultation, comment = world["found"][which]
    body = {"summary": "总体", "decisions": [{"comment_id": comment.pk, "decision": "adopted", "reason": ""}]}
    client: ApiClient = api_as(world["people"][persona])
    with time_machine.travel(AFTER, tick=False):
        response = client.post(f"/consultations/{consultation.pk}/adoption", body)
    if persona == "anonymous":
        expected = 401
    elif persona == "office" or (which == "own" and persona in {"editor", "signer"}):
        expected = 201
    elif which == "other" or persona == "no_role":
        expected = 404
    else:
        expected = 403
    assert response.status_code == expected, f"{persona} {which}: {response.content!r}"


@pytest.mark.parametrize("persona", PERSONAS)
def test_public_api_answers_everyone_alike(world: dict[str, Any], api_as: Any, persona: str) -> None:
    consultation, _comment = world["found"]["own"]
    with time_machine.travel(DURING, tick=False):
        assert api_as(world["people"][persona]).get(f"/public/consultations/{consultation.pk}").status_code == 200
        answer = api_as(world["people"][persona]).post(
            f"/public/consultations/{consultation.pk}/comments", {"name": "市民", "body": "再提一条"}
        )
    assert answer.status_code == 201


def test_the_matrix_covers_every_consultation_url_and_operation() -> None:
    from gongkai.api.api import api
    from gongkai.workbench import urls_consultations

    names = {f"workbench:{p.name}" for p in urls_consultations.urlpatterns}
    assert names == {p[0] for p in CONSULTATION_PAGES}
    paths = api.get_openapi_schema()["paths"]
    found = {(m, p.removeprefix("/api/v1")) for p, ops in paths.items() for m in ops if "consultation" in p}
    assert found == CONSULTATION_API_OPERATIONS

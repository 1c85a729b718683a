"""The permission matrix of the knowledge base: every workbench URL × persona × own/other unit.
Staff see their units' entries (another unit's is a 404); the unit's editor (and the office)
creates entries, edits links and promotes answered inquiries. Promotion goes through the
inquiry's access first, so people who do not handle inquiries (signer, FOI handler) get its 404.
``KNOWLEDGE_PAGES`` is for the global check in ``tests/test_permissions.py``."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from gongkai.orgs.models import Unit
from gongkai.participation.knowledge import services
from tests.participation.test_knowledge import ANSWER, NOW, QUESTION, answered_inquiry

PERSONAS = ["anonymous", "no_role", "editor", "reviewer", "signer", "handler", "office"]
STAFF = {"editor", "reviewer", "signer", "handler", "office"}
CREATE = {"title": "", "body_html": "", "topic": "civil"}  # invalid on purpose: 422, nothing saved

# (url name, method, object: None / "entry" / "inquiry", data, who may, the allowed answer, unit-scoped)
KNOWLEDGE_PAGES: list[tuple[str, str, str | None, dict[str, Any], set[str], int, bool]] = [
    ("workbench:knowledge", "get", None, {}, STAFF, 200, False),
    ("workbench:knowledge_create", "get", None, {}, {"editor", "office"}, 200, False),
    ("workbench:knowledge_create", "post", None, CREATE, {"editor", "office"}, 422, False),
    ("workbench:knowledge_entry", "get", "entry", {}, STAFF, 200, True),
    ("workbench:knowledge_links", "post", "entry", {"aliases": "x"}, {"editor", "office"}, 302, True),
    ("workbench:knowledge_promote", "post", "inquiry", {}, {"editor", "office"}, 302, True),
]
# Promotion looks the inquiry up through inquiries.access first: only its editors and reviewers
# (and the office) see it at all, as on the inquiry's own pages.
NOT_INQUIRY_STAFF = {"signer", "handler"}


@pytest.fixture
def world(make_person: Any, unit_a: Unit, unit_b: Unit, office: Any, site: Any) -> dict[str, Any]:
    people: dict[str, Any] = {"anonymous": None, "office": office, "no_role": make_person("nobody")}
    for role in ["editor", "reviewer", "signer", "handler"]:
        people[role] = make_person(f"{role}_a", role, unit_a)
    found = {}
    for which, unit, editor in (
        ("own", unit_a, people["editor"]),
        ("other", unit_b, make_person("ed_b", "editor", unit_b)),
    ):
        with time_machine.travel(NOW, tick=False):
            entry = services.create_entry(editor, unit, question=QUESTION, answer_html=ANSWER)
            found[which] = {"entry": entry.pk, "inquiry": answered_inquiry(unit, editor).pk}
    return {"people": people, "found": found}


def _client(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _expected(persona: str, which: str, obj: str | None, allowed: set[str], ok: int, unit: bool) -> int:
    if persona == "anonymous":
        return 302
    if persona == "no_role":
        return 403
    if unit and which == "other" and persona != "office":
        return 404
    if obj == "inquiry" and persona in NOT_INQUIRY_STAFF:
        return 404
    return ok if persona in allowed else 403


@pytest.mark.parametrize("which", ["own", "other"])
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("name", "method", "obj", "data", "allowed", "ok", "unit"),
    KNOWLEDGE_PAGES,
    ids=[f"{p[1]}:{p[0]}" for p in KNOWLEDGE_PAGES],
)
def test_pages_matrix(
    world: dict[str, Any],
    persona: str,
    which: str,
    name: str,
    method: str,
    obj: str | None,
    data: dict[str, Any],
    allowed: set[str],
    ok: int,
    unit: bool,
) -> None:
    kwargs: dict[str, Any] = {}
    if obj == "entry":
        kwargs["pk"] = world["found"][which]["entry"]
    elif obj == "inquiry":
        kwargs["inquiry_pk"] = world["found"][which]["inquiry"]
    response = getattr(_client(world["people"][persona]), method)(reverse(name, kwargs=kwargs), data)
    assert response.status_code == _expected(persona, which, obj, allowed, ok, unit), (
        f"{persona} {method} {name} {which}"
    )


def test_every_knowledge_url_is_in_the_matrix() -> None:
    from gongkai.workbench import urls_knowledge

    names = {f"workbench:{p.name}" for p in urls_knowledge.urlpatterns}
    assert names == {p[0] for p in KNOWLEDGE_PAGES}


def test_list_shows_only_own_units_entries(world: dict[str, Any], logged_in: Any) -> None:
    own, other = world["found"]["own"]["entry"], world["found"]["other"]["entry"]
    page = logged_in(world["people"]["reviewer"]).get(reverse("workbench:knowledge")).content.decode()
    assert reverse("workbench:knowledge_entry", args=[own]) in page
    assert reverse("workbench:knowledge_entry", args=[other]) not in page
    everything = logged_in(world["people"]["office"]).get(reverse("workbench:knowledge")).content.decode()
    assert reverse("workbench:knowledge_entry", args=[other]) in everything

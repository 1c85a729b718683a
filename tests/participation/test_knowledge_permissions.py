"""The permission matrix of the knowledge base: every workbench URL × persona × own/other unit.
Staff see their units' entries (another unit's is a 404); the unit's editor (and the office)
creates entries, edits links and promotes answered inquiries. Promotion goes through the
inquiry's access first, so people who do not handle inquiries (signer, FOI handler) get its 404.
``KNOWLEDGE_PAGES`` is for the global check in ``tests/test_permissions.py``.

The rules of ``participation/knowledge/access.py`` (with the inquiry's access for promotion and
the workbench's gate in ``orgs/access.py``) are checked without HTTP for every persona × entry
and inquiry; the pages once per role class (``tests/matrix.py``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from gongkai.orgs import access as org_access
from gongkai.participation.inquiries import access as inquiry_access
from gongkai.participation.knowledge import access, services
from gongkai.participation.models import Inquiry, KnowledgeEntry
from tests import builders
from tests.matrix import lets_through, mismatches, one_per_class
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


@dataclass
class KnowledgeWorld:
    people: dict[str, Any]
    found: dict[str, tuple[KnowledgeEntry, Inquiry]]  # own/other unit: an entry, an answered inquiry


def _build() -> KnowledgeWorld:
    cast = builders.Cast()
    builders.site(cast.government)
    people = cast.personas()
    found = {}
    for which, unit, editor in (
        ("own", cast.unit_a, people["editor"]),
        ("other", cast.unit_b, builders.person("ed_b", "editor", cast.unit_b)),
    ):
        with time_machine.travel(NOW, tick=False):
            entry = services.create_entry(editor, unit, question=QUESTION, answer_html=ANSWER)
            found[which] = (KnowledgeEntry.objects.get(pk=entry.pk), answered_inquiry(unit, editor))
    return KnowledgeWorld(people, found)


# Built once for the module; each test runs in a savepoint inside it (tests/builders.py).
knowledge_world = builders.module_data(_build)
pytestmark = pytest.mark.django_db


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


Page = tuple[str, str, str | None, dict[str, Any], set[str], int, bool]
ROWS: dict[tuple[str, str], Page] = {(p[0], p[1]): p for p in KNOWLEDGE_PAGES}


def _answer(page: Page, persona: str, which: str) -> int:
    _name, _method, obj, _data, allowed, ok, unit = page
    return _expected(persona, which, obj, allowed, ok, unit)


def _lets_in(name: str, method: str, persona: str, which: str) -> bool:
    """Does the table let ``persona`` through (its allowed answer, not a refusal)?"""
    page = ROWS[(name, method)]
    return _answer(page, persona, which) == page[5]


# Least to most privileged in the knowledge base; another unit's object before the own unit's.
ORDER = ["anonymous", "no_role", "handler", "signer", "reviewer", "editor", "office"]
WHICH = ["other", "own"]


# The anonymous are a class of their own: their 302 to the login page is no let-in and must not
# stand for the 302 of a change that was made. The let-in is the table's allowed answer (422 too:
# the rule let the person through to the form).
def _page_cases() -> list[tuple[Page, str, str]]:
    cases: list[tuple[Page, str, str]] = []
    for page in KNOWLEDGE_PAGES:
        cases += one_per_class(
            [(page, persona, which) for persona in ORDER for which in (WHICH if page[2] else ["own"])],
            row=lambda case: case[1] == "anonymous",
            answer=lambda case: _answer(*case),
            let_in=page[5].__eq__,
        )
    return cases


PAGE_CASES = _page_cases()


def test_the_rules_without_http(knowledge_world: KnowledgeWorld) -> None:
    """Every persona × entry and answered inquiry (own/other unit) × access function, against the
    same table the pages are checked with: the workbench's gate, creating entries, seeing an entry
    (else 404), editing its links, finding the inquiry to promote (else 404) and promoting it."""
    wrong: list[str] = []
    for persona in ORDER:
        user = knowledge_world.people[persona]
        if user is None:
            continue  # the anonymous are sent to the login page before any rule is asked
        for which, (entry, inquiry) in knowledge_world.found.items():
            sees_entry = access.entries_visible_to(user).filter(pk=entry.pk).exists()
            sees_inquiry = inquiry_access.inquiries_visible_to(user).filter(pk=inquiry.pk).exists()
            found: dict[str, object] = {
                "uses the knowledge pages": org_access.is_staff_member(user),
                "creates entries": access.editable_units(user).exists(),
                "sees the entry in the list": sees_entry,
                "looks the entry up": lets_through(access.get_entry_for, user, entry.pk),
                "edits the links": sees_entry and access.can_edit(user, entry.item.unit_id),
                "edits the links (require)": sees_entry
                and lets_through(access.require_editor, user, entry.item.unit_id),
                "promotes the inquiry": sees_inquiry and access.can_edit(user, inquiry.unit_id),
            }
            expected: dict[str, object] = {
                "uses the knowledge pages": _lets_in("workbench:knowledge", "get", persona, which),
                "creates entries": _lets_in("workbench:knowledge_create", "get", persona, which),
                "sees the entry in the list": _lets_in("workbench:knowledge_entry", "get", persona, which),
                "looks the entry up": _lets_in("workbench:knowledge_entry", "get", persona, which),
                "edits the links": _lets_in("workbench:knowledge_links", "post", persona, which),
                "edits the links (require)": _lets_in("workbench:knowledge_links", "post", persona, which),
                "promotes the inquiry": _lets_in("workbench:knowledge_promote", "post", persona, which),
            }
            if org_access.is_staff_member(user):  # past the workbench's gate: 404 means "not found"
                found["finds the inquiry to promote"] = lets_through(inquiry_access.get_inquiry_for, user, inquiry.pk)
                promote = ROWS[("workbench:knowledge_promote", "post")]
                expected["finds the inquiry to promote"] = _answer(promote, persona, which) != 404
            wrong += [f"{persona} {which} {line}" for line in mismatches(found, expected)]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize(("page", "persona", "which"), PAGE_CASES,
                         ids=[f"{c[0][1]}:{c[0][0]}:{c[1]}:{c[2]}" for c in PAGE_CASES])  # fmt: skip
def test_pages_one_per_role_class(knowledge_world: KnowledgeWorld, page: Page, persona: str, which: str) -> None:
    name, method, obj, data, allowed, ok, unit = page
    entry, inquiry = knowledge_world.found[which]
    kwargs: dict[str, Any] = {}
    if obj == "entry":
        kwargs["pk"] = entry.pk
    elif obj == "inquiry":
        kwargs["inquiry_pk"] = inquiry.pk
    response = getattr(_client(knowledge_world.people[persona]), method)(reverse(name, kwargs=kwargs), data)
    assert response.status_code == _expected(persona, which, obj, allowed, ok, unit), (
        f"{persona} {method} {name} {which}"
    )


def test_every_knowledge_url_is_in_the_matrix() -> None:
    from gongkai.workbench import urls_knowledge

    names = {f"workbench:{p.name}" for p in urls_knowledge.urlpatterns}
    assert names == {p[0] for p in KNOWLEDGE_PAGES}


def test_list_shows_only_own_units_entries(knowledge_world: KnowledgeWorld, logged_in: Any) -> None:
    own, other = knowledge_world.found["own"][0].pk, knowledge_world.found["other"][0].pk
    page = logged_in(knowledge_world.people["reviewer"]).get(reverse("workbench:knowledge")).content.decode()
    assert reverse("workbench:knowledge_entry", args=[own]) in page
    assert reverse("workbench:knowledge_entry", args=[other]) not in page
    everything = logged_in(knowledge_world.people["office"]).get(reverse("workbench:knowledge")).content.decode()
    assert reverse("workbench:knowledge_entry", args=[other]) in everything

"""The permission matrix of consultations: every workbench URL and API operation × persona ×
own/other unit. Staff see their units' consultations (another unit's is a 404); editors change
the period; reviewers (and the office) moderate; editors and signers write the adoption report;
signers publish it; the office edits the settings. ``CONSULTATION_PAGES`` and
``CONSULTATION_API_OPERATIONS`` are for the global check in ``tests/test_permissions.py``.

The rules of ``participation/consultations/access.py`` (and the workbench's gates in
``orgs/access.py``) are checked without HTTP for every persona × consultation; the pages and the
API once per role class (``tests/matrix.py``). Who changes the period and who publishes the
report is decided in the services, not by an access function: those pages are asked of every
persona over HTTP."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from gongkai.orgs import access as org_access
from gongkai.orgs.models import Role
from gongkai.participation.consultations import access, services
from gongkai.participation.models import Comment, Consultation
from tests import builders
from tests.conftest import ApiClient
from tests.matrix import lets_through, mismatches, one_per_class
from tests.participation.conftest import AFTER, CLOSES, DURING, OPENS, build_consultation

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
# Decided in the services with orgs.access.can_act (update_consultation: an editor of the unit;
# adoption.publish_adoption: a signer of the unit), not by an access function of consultations:
# no rule test stands for them, so these pages are asked of every persona over HTTP.
DECIDED_IN_THE_SERVICES = {"workbench:consultation_period", "workbench:consultation_adoption_publish"}
Page = tuple[str, str, bool, dict[str, Any], set[str], int, bool]
ROWS: dict[str, Page] = {p[0]: p for p in CONSULTATION_PAGES}


@dataclass
class ConsultationWorld:
    people: dict[str, Any]
    found: dict[str, tuple[Consultation, Comment]]  # own/other unit: a published draft and a comment


def _build() -> ConsultationWorld:
    cast = builders.Cast()
    builders.site(cast.government)
    people = cast.personas()
    found = {}
    for which, unit, suffix in (("own", cast.unit_a, "a"), ("other", cast.unit_b, "b")):
        crew = (
            {r: people[r] for r in ("editor", "reviewer", "signer")}
            if which == "own"
            else {r: builders.person(f"{r}_{suffix}", r, unit) for r in ("editor", "reviewer", "signer")}
        )
        pipeline = {Role.EDITOR: crew["editor"], Role.REVIEWER: crew["reviewer"], Role.SIGNER: crew["signer"]}
        c = build_consultation(unit, pipeline, title=f"{which}草案", body_html="<p>x</p>")
        with time_machine.travel(DURING, tick=False):
            comment = services.submit_comment(c.pk, name="市民", phone="", body="意见")
        found[which] = (Consultation.objects.get(pk=c.pk), comment)
    return ConsultationWorld(people, found)


# Built once for the module; each test runs in a savepoint inside it (tests/builders.py).
consultation_world = builders.module_data(_build)
pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _expect_page(persona: str, which: str, allowed: set[str], ok: int, unit: bool) -> int:
    if persona == "anonymous":
        return 302
    if persona == "no_role":
        return 403
    if unit and which == "other" and persona != "office":
        return 404
    if persona in allowed:
        return ok
    return 403


def _expect_api(persona: str, which: str) -> int:
    if persona == "anonymous":
        return 401
    if persona == "office" or (which == "own" and persona in {"editor", "signer"}):
        return 201
    if which == "other" or persona == "no_role":
        return 404
    return 403


def _lets_in(name: str, persona: str, which: str) -> bool:
    """Does the table let ``persona`` through the page ``name`` (its allowed answer, not a refusal)?"""
    _name, _method, _scoped, _data, allowed, ok, unit = ROWS[name]
    return _expect_page(persona, which, allowed, ok, unit) == ok


# Least to most privileged in consultations; another unit's consultation before the own unit's.
ORDER = ["anonymous", "no_role", "handler", "reviewer", "editor", "signer", "office"]
WHICH = ["other", "own"]
PageCase = tuple[Page, str, str]


def _page_cases() -> list[PageCase]:
    """Per page, one case per role class; the anonymous are a class of their own (their 302 to
    the login page is no let-in, and must not stand for the 302 of a step that was taken), and
    the let-in is the table's allowed answer (422 and 409 too: the rule let the person through)."""
    cases: list[PageCase] = []
    for page in CONSULTATION_PAGES:
        every = [(page, persona, which) for persona in ORDER for which in (WHICH if page[2] else ["own"])]
        if page[0] in DECIDED_IN_THE_SERVICES:
            cases += every
            continue
        cases += one_per_class(
            every,
            row=lambda case: case[1] == "anonymous",
            answer=lambda case: _expect_page(case[1], case[2], *case[0][4:]),
            let_in=page[5].__eq__,
        )
    return cases


PAGE_CASES = _page_cases()
API_CASES = one_per_class(
    [(persona, which) for persona in ORDER for which in WHICH],
    row=lambda case: case[0] == "anonymous",
    answer=lambda case: _expect_api(*case),
    let_in=(201).__eq__,
)


def test_the_rules_without_http(consultation_world: ConsultationWorld) -> None:
    """Every persona × consultation (own/other unit) × access function, against the same table
    the pages are checked with: the workbench's and the settings' gates, seeing a consultation
    (else 404), moderating its comments, writing its adoption report (the page and the API)."""
    wrong: list[str] = []
    for persona in ORDER:
        user = consultation_world.people[persona]
        if user is None:
            continue  # the anonymous are sent to the login page before any rule is asked
        for which, (consultation, _comment) in consultation_world.found.items():
            visible = access.consultations_visible_to(user).filter(pk=consultation.pk).exists()
            found: dict[str, object] = {
                "uses the consultation pages": org_access.is_staff_member(user),
                "edits the settings": org_access.is_office(user),
                "sees it in the list": visible,
                "looks it up": lets_through(access.get_consultation_for, user, consultation.pk),
                "moderates": visible and access.can_moderate(user, consultation),
                "moderates (require)": visible and lets_through(access.require_moderator, user, consultation),
                "writes the report": visible and access.can_write_report(user, consultation),
                "writes the report (require)": visible
                and lets_through(access.require_report_writer, user, consultation),
                "writes the report (API)": visible and access.can_write_report(user, consultation),
            }
            expected: dict[str, object] = {
                "uses the consultation pages": _lets_in("workbench:consultations", persona, which),
                "edits the settings": _lets_in("workbench:consultation_settings", persona, which),
                "sees it in the list": _lets_in("workbench:consultation", persona, which),
                "looks it up": _lets_in("workbench:consultation", persona, which),
                "moderates": _lets_in("workbench:consultation_comment", persona, which),
                "moderates (require)": _lets_in("workbench:consultation_comment", persona, which),
                "writes the report": _lets_in("workbench:consultation_adoption", persona, which),
                "writes the report (require)": _lets_in("workbench:consultation_adoption", persona, which),
                "writes the report (API)": _expect_api(persona, which) == 201,
            }
            wrong += [f"{persona} {which} {line}" for line in mismatches(found, expected)]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize(("page", "persona", "which"), PAGE_CASES,
                         ids=[f"{c[0][1]}:{c[0][0]}:{c[1]}:{c[2]}" for c in PAGE_CASES])  # fmt: skip
def test_pages_one_per_role_class(consultation_world: ConsultationWorld, page: Page, persona: str, which: str) -> None:
    name, method, scoped, data, allowed, ok, unit = page
    consultation, comment = consultation_world.found[which]
    kwargs: dict[str, Any] = {"pk": consultation.pk} if scoped else {}
    if name == "workbench:consultation_comment":
        kwargs["comment_pk"] = comment.pk
    with time_machine.travel(AFTER, tick=False):
        response = getattr(_client(consultation_world.people[persona]), method)(reverse(name, kwargs=kwargs), data)
    expected = _expect_page(persona, which, allowed, ok, unit)
    assert response.status_code == expected, f"{persona} {method} {name} {which}"


@pytest.mark.parametrize(("persona", "which"), API_CASES, ids=[f"{p}:{w}" for p, w in API_CASES])
def test_adoption_api_one_per_role_class(
    consultation_world: ConsultationWorld, api_as: Any, persona: str, which: str
) -> None:
    consultation, comment = consultation_world.found[which]
    body = {"summary": "总体", "decisions": [{"comment_id": comment.pk, "decision": "adopted", "reason": ""}]}
    client: ApiClient = api_as(consultation_world.people[persona])
    with time_machine.travel(AFTER, tick=False):
        response = client.post(f"/consultations/{consultation.pk}/adoption", body)
    expected = _expect_api(persona, which)
    assert response.status_code == expected, f"{persona} {which}: {response.content!r}"


@pytest.mark.parametrize("persona", PERSONAS)
def test_public_api_answers_everyone_alike(consultation_world: ConsultationWorld, api_as: Any, persona: str) -> None:
    consultation, _comment = consultation_world.found["own"]
    user = consultation_world.people[persona]
    with time_machine.travel(DURING, tick=False):
        assert api_as(user).get(f"/public/consultations/{consultation.pk}").status_code == 200
        answer = api_as(user).post(
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

"""The permission matrix of the assessment: every staff member reads the assessment page and their
own unit's scorecard (another unit's is a 404); only the office scores, edits the tree, changes the
state and exports; a draft scheme is the office's alone.

``ASSESSMENT_PAGES`` lists every URL of ``workbench/urls_assessment.py`` for the global coverage
check in ``tests/test_permissions.py``.

The rules (``gongkai/assessment/access.py``; the office's pages are ``office_required``, i.e.
``gongkai/orgs/access.py``'s ``is_office``) are checked without HTTP for every persona × unit;
over HTTP, each URL gets one request per role class (``tests/matrix.py``). The world is built once
for the module (``tests/builders.py``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from gongkai.assessment import access, services
from gongkai.assessment.models import Scheme
from gongkai.orgs import access as org_access
from tests import builders
from tests.matrix import lets_through, mismatches, one_per_class

PERSONAS = ["anonymous", "no_role", "editor", "reviewer", "signer", "handler", "office"]
STAFF = {"editor", "reviewer", "signer", "handler", "office"}
OFFICE = {"office"}
JAN = dt.datetime(2027, 1, 10, 2, tzinfo=dt.UTC)
DRAFT_YEAR = 2024  # the world's draft scheme (2026's is published; the create row makes 2025's)

Ctx = dict[str, Any]
Build = Callable[[Ctx, str], dict[str, Any]]


def _year(c: Ctx, u: str) -> dict[str, Any]:
    return {"year": c["scheme"].year}


def _unit(c: Ctx, u: str) -> dict[str, Any]:
    return {"year": c["scheme"].year, "unit": c[u].pk}


def _none(c: Ctx, u: str) -> dict[str, Any]:
    return {}


def _pk(code: str) -> Callable[[Ctx, str], int]:
    return lambda c, u: c["scheme"].indicators.get(code=code).pk


# (url name, method, kwargs, data, who may, the allowed answer, scoped to a unit). POST rows of the
# office's forms carry a body each view answers in its own way (a saved score, an invalid form …).
ASSESSMENT_PAGES: list[tuple[str, str, Build, Build, set[str], int, bool]] = [
    ("workbench:assessment", "get", _none, lambda c, u: {"year": "2026"}, STAFF, 200, False),
    ("workbench:assessment_create", "post", _none, lambda c, u: {"year": "2025"}, OFFICE, 302, False),
    ("workbench:assessment_unit", "get", _unit, _none, STAFF, 200, True),
    (
        "workbench:assessment_score",
        "post",
        _unit,
        lambda c, u: {"indicator": _pk("D1")(c, u), "score": "8", "comment": ""},
        OFFICE,
        302,
        True,
    ),
    ("workbench:assessment_scheme", "get", _year, _none, OFFICE, 200, False),
    ("workbench:assessment_scheme", "post", _year, lambda c, u: {"indicator": _pk("A1")(c, u)}, OFFICE, 422, False),
    ("workbench:assessment_indicator_add", "post", _year, lambda c, u: {"new-code": ""}, OFFICE, 422, False),
    (
        "workbench:assessment_indicator_remove",
        "post",
        lambda c, u: {"year": c["scheme"].year, "pk": _pk("E")(c, u)},
        _none,
        OFFICE,
        302,
        False,
    ),
    ("workbench:assessment_state", "post", _year, lambda c, u: {"state": "closed"}, OFFICE, 302, False),
    ("workbench:assessment_export", "get", _year, _none, OFFICE, 200, False),
]


@dataclass
class AssessmentWorld:
    people: dict[str, Any]
    published: Ctx  # the published 2026 scheme, and the units: "own", "other"
    draft: Scheme


def _build() -> AssessmentWorld:
    cast = builders.Cast()
    builders.site(cast.government)
    people = cast.personas()
    with time_machine.travel(JAN, tick=False):
        scheme = services.create_scheme(cast.office, 2026)
        scheme = services.change_state(cast.office, scheme, "published")
        draft = services.create_scheme(cast.office, DRAFT_YEAR)
    return AssessmentWorld(people, {"scheme": scheme, "own": cast.unit_a, "other": cast.unit_b}, draft)


# Built once for the module; each test runs in a savepoint inside it (tests/builders.py).
assessment_world = builders.module_data(_build)
pytestmark = pytest.mark.django_db


def _client(person: Any) -> Client:
    client = Client()
    if person is not None:
        client.force_login(person, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _expected(persona: str, which: str, roles: set[str], ok: int, scoped: bool) -> int:
    if persona == "anonymous":
        return 302
    if persona not in roles:
        return 403
    if scoped and which == "other" and persona != "office":
        return 404
    return ok


def _expect_draft(persona: str) -> int:
    """A draft scheme's scorecard of the own unit."""
    return {"anonymous": 302, "no_role": 403, "office": 200}.get(persona, 404)


# Least to most privileged in the assessment (every role reads alike); another unit before the own.
ORDER = ["anonymous", "no_role", "editor", "reviewer", "signer", "handler", "office"]
WHICH = ["other", "own"]
# The anonymous are a class of their own (one_per_class's ``anonymous``): their redirect to the
# login page must not stand for a successful POST's 302.
REFUSED = {403, 404}


def _let_in(answer: int) -> bool:
    return answer not in REFUSED  # 200, 302, and a 422 from a view that let the office in


Page = tuple[str, str, Build, Build, set[str], int, bool]
PAGE_CASES: list[tuple[Page, str, str]] = one_per_class(
    [(page, persona, which) for page in ASSESSMENT_PAGES for persona in ORDER for which in WHICH],
    row=lambda case: (case[0][0], case[0][1]),
    answer=lambda case: _expected(case[1], case[2], *case[0][4:]),
    anonymous=lambda case: case[1] == "anonymous",
    let_in=_let_in,
)


@pytest.mark.parametrize(("page", "persona", "which"), PAGE_CASES,
                         ids=[f"{c[0][1]}:{c[0][0]}:{c[1]}:{c[2]}" for c in PAGE_CASES])  # fmt: skip
def test_assessment_pages_one_per_role_class(
    assessment_world: AssessmentWorld, page: Page, persona: str, which: str
) -> None:
    name, method, kwargs, data, roles, ok, scoped = page
    published = assessment_world.published
    url = reverse(name, kwargs=kwargs(published, which))
    with time_machine.travel(JAN, tick=False):
        response = getattr(_client(assessment_world.people[persona]), method)(url, data(published, which))
    assert response.status_code == _expected(persona, which, roles, ok, scoped), f"{persona} {method} {url}"
    if persona == "anonymous":
        assert response["Location"].startswith(reverse("workbench:login"))


DRAFT_CASES: list[str] = one_per_class(
    ORDER,
    row=lambda persona: "draft",
    answer=_expect_draft,
    let_in=_let_in,
    anonymous=lambda persona: persona == "anonymous",
)


@pytest.mark.parametrize("persona", DRAFT_CASES)
def test_a_draft_scheme_is_hidden_from_the_units(assessment_world: AssessmentWorld, persona: str) -> None:
    own = assessment_world.published["own"]
    with time_machine.travel(JAN, tick=False):
        url = reverse("workbench:assessment_unit", args=[assessment_world.draft.year, own.pk])
        response = _client(assessment_world.people[persona]).get(url)
    assert response.status_code == _expect_draft(persona), persona


def _row_allows(name: str, persona: str, which: str) -> bool:
    *_, roles, ok, scoped = next(page for page in ASSESSMENT_PAGES if page[0] == name)
    return _expected(persona, which, roles, ok, scoped) == ok


def test_the_rules_without_http(assessment_world: AssessmentWorld) -> None:
    """Every persona × unit (own/other) × rule, against the same tables the pages are checked
    with: opening the published and the draft scheme, a unit's scorecard (else 404), the ranking,
    and each page's gate (``staff_required`` or ``office_required``: ``orgs.access``)."""
    published, draft = assessment_world.published, assessment_world.draft
    wrong: list[str] = []
    for persona in ORDER:
        user = assessment_world.people[persona]
        if user is None:
            continue  # the anonymous are sent to the login page before any rule is asked
        for which in WHICH:
            unit = published[which]
            opens_scheme = lets_through(access.get_scheme_for, user, published["scheme"].year)
            opens_card = lets_through(access.get_unit_for, user, unit.pk)
            found: dict[str, object] = {
                "sees the published scheme": access.schemes_visible_to(user).filter(pk=published["scheme"].pk).exists(),
                "opens the published scheme": opens_scheme,
                "sees the unit's card": access.units_visible_to(user).filter(pk=unit.pk).exists(),
                "opens the unit's card": opens_card,
                "sees the draft": access.schemes_visible_to(user).filter(pk=draft.pk).exists(),
                "opens the draft": lets_through(access.get_scheme_for, user, draft.year),
                "sees the ranking": access.sees_ranking(user),
            }
            card = _row_allows("workbench:assessment_unit", persona, which)
            expected: dict[str, object] = {
                "sees the published scheme": _row_allows("workbench:assessment_unit", persona, "own"),
                "opens the published scheme": _row_allows("workbench:assessment_unit", persona, "own"),
                "sees the unit's card": card,
                "opens the unit's card": card,
                "sees the draft": _expect_draft(persona) == 200,
                "opens the draft": _expect_draft(persona) == 200,
                # The ranking of all units is the office's, as its pages are (the table's OFFICE).
                "sees the ranking": persona in OFFICE,
            }
            for name, method, _kwargs, _data, roles, ok, scoped in ASSESSMENT_PAGES:
                gate = org_access.is_office(user) if roles == OFFICE else org_access.is_staff_member(user)
                found[f"{method} {name}"] = gate and (opens_scheme and opens_card if scoped else True)
                expected[f"{method} {name}"] = _expected(persona, which, roles, ok, scoped) == ok
            wrong += [f"{persona} {which} {line}" for line in mismatches(found, expected)]
    assert not wrong, "\n".join(wrong)


def test_the_matrix_covers_every_assessment_url() -> None:
    from gongkai.workbench import urls_assessment

    names = {f"workbench:{pattern.name}" for pattern in urls_assessment.urlpatterns}
    assert names == {p[0] for p in ASSESSMENT_PAGES}

"""The permission matrix of the assessment: every staff member reads the assessment page and their
own unit's scorecard (another unit's is a 404); only the office scores, edits the tree, changes the
state and exports; a draft scheme is the office's alone.

``ASSESSMENT_PAGES`` lists every URL of ``workbench/urls_assessment.py`` for the global coverage
check in ``tests/test_permissions.py``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from gongkai.assessment import services
from gongkai.assessment.models import Scheme
from gongkai.orgs.models import SiteProfile, Unit

PERSONAS = ["anonymous", "no_role", "editor", "reviewer", "signer", "handler", "office"]
STAFF = {"editor", "reviewer", "signer", "handler", "office"}
OFFICE = {"office"}
JAN = dt.datetime(2027, 1, 10, 2, tzinfo=dt.UTC)

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


@pytest.fixture
def people(make_person: Callable[..., Any], unit_a: Unit, office: Any, site: SiteProfile) -> dict[str, Any]:
    found: dict[str, Any] = {"anonymous": None, "office": office, "no_role": make_person("nobody")}
    for role in ["editor", "reviewer", "signer", "handler"]:
        found[role] = make_person(f"{role}_a", role, unit_a)
    return found


@pytest.fixture
def published(people: dict[str, Any], unit_a: Unit, unit_b: Unit) -> Iterator[Ctx]:
    with time_machine.travel(JAN, tick=False):
        scheme = services.create_scheme(people["office"], 2026)
        scheme = services.change_state(people["office"], scheme, "published")
        yield {"scheme": scheme, "own": unit_a, "other": unit_b}


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


@pytest.mark.parametrize("which", ["own", "other"])
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("name", "method", "kwargs", "data", "roles", "ok", "scoped"),
    ASSESSMENT_PAGES,
    ids=[f"{p[1]}:{p[0]}" for p in ASSESSMENT_PAGES],
)
def test_assessment_pages_matrix(
    people: dict[str, Any],
    published: Ctx,
    persona: str,
    which: str,
    name: str,
    method: str,
    kwargs: Build,
    data: Build,
    roles: set[str],
    ok: int,
    scoped: bool,
) -> None:
    url = reverse(name, kwargs=kwargs(published, which))
    with time_machine.travel(JAN, tick=False):
        response = getattr(_client(people[persona]), method)(url, data(published, which))
    assert response.status_code == _expected(persona, which, roles, ok, scoped), f"{persona} {method} {url}"
    if persona == "anonymous":
        assert response["Location"].startswith(reverse("workbench:login"))


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_draft_scheme_is_hidden_from_the_units(people: dict[str, Any], unit_a: Unit, persona: str) -> None:
    with time_machine.travel(JAN, tick=False):
        scheme: Scheme = services.create_scheme(people["office"], 2026)
        response = _client(people[persona]).get(reverse("workbench:assessment_unit", args=[scheme.year, unit_a.pk]))
    expected = {"anonymous": 302, "no_role": 403, "office": 200}.get(persona, 404)
    assert response.status_code == expected, persona


def test_the_matrix_covers_every_assessment_url() -> None:
    from gongkai.workbench import urls_assessment

    names = {f"workbench:{pattern.name}" for pattern in urls_assessment.urlpatterns}
    assert names == {p[0] for p in ASSESSMENT_PAGES}

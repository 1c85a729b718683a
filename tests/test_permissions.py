"""The permission matrix: every staff URL and API endpoint × role × own/other unit.

A new workbench URL or API operation fails ``test_matrix_covers_every_url`` until it is added
here with the answer each persona must get.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from gongkai.api.api import api
from gongkai.orgs.models import Membership, Role, Unit
from gongkai.workdays.models import DayOverride
from tests.conftest import ApiClient

PERSONAS = ["anonymous", "no_role", "editor", "reviewer", "signer", "handler", "office"]
STAFF = {"editor", "reviewer", "signer", "handler", "office"}


@dataclass
class World:
    unit_own: Unit
    unit_other: Unit
    people: dict[str, Any]
    membership_pk: int
    override_pk: int


@pytest.fixture
def world(make_person: Callable[..., Any], unit_a: Unit, unit_b: Unit, office: Any) -> World:
    people: dict[str, Any] = {"anonymous": None, "office": office, "no_role": make_person("nobody")}
    for role in ["editor", "reviewer", "signer", "handler"]:
        people[role] = make_person(f"{role}_a", role, unit_a)
    extra = make_person("someone_b", Role.EDITOR, unit_b)
    override = DayOverride.objects.create(day=dt.date(2026, 12, 31), is_working_day=True, name="测试")
    membership = Membership.objects.get(user=extra)
    return World(unit_a, unit_b, people, membership.pk, override.pk)


def _unit(world: World, which: str) -> Unit:
    return world.unit_own if which == "own" else world.unit_other


# (url name, method, kwargs builder, data builder, who may, the allowed answer)
PAGES: list[
    tuple[str, str, Callable[[World, str], dict[str, Any]], Callable[[World, str], dict[str, Any]], set[str], int]
] = [
    ("workbench:inbox", "get", lambda w, u: {}, lambda w, u: {}, STAFF, 200),
    ("workbench:units", "get", lambda w, u: {}, lambda w, u: {}, STAFF, 200),
    ("workbench:calendar", "get", lambda w, u: {}, lambda w, u: {}, STAFF, 200),
    ("workbench:security", "get", lambda w, u: {}, lambda w, u: {}, STAFF, 200),
    ("workbench:totp_start", "post", lambda w, u: {}, lambda w, u: {}, STAFF, 302),
    ("workbench:totp_confirm", "post", lambda w, u: {}, lambda w, u: {"token": "000000"}, STAFF, 302),
    ("workbench:totp_disable", "post", lambda w, u: {}, lambda w, u: {"token": "000000"}, STAFF, 302),
    ("workbench:unit_create", "get", lambda w, u: {}, lambda w, u: {}, {"office"}, 200),
    ("workbench:unit_edit", "get", lambda w, u: {"pk": _unit(w, u).pk}, lambda w, u: {}, {"office"}, 200),
    ("workbench:unit_edit", "post", lambda w, u: {"pk": _unit(w, u).pk}, lambda w, u: {"name": ""}, {"office"}, 200),
    ("workbench:people", "get", lambda w, u: {}, lambda w, u: {}, {"office"}, 200),
    ("workbench:person_create", "get", lambda w, u: {}, lambda w, u: {}, {"office"}, 200),
    ("workbench:person", "get", lambda w, u: {"pk": w.people["editor"].pk}, lambda w, u: {}, {"office"}, 200),
    (
        "workbench:person_active",
        "post",
        lambda w, u: {"pk": w.people["editor"].pk},
        lambda w, u: {"active": "1"},
        {"office"},
        302,
    ),
    ("workbench:membership_revoke", "post", lambda w, u: {"pk": w.membership_pk}, lambda w, u: {}, {"office"}, 302),
    ("workbench:calendar_year", "post", lambda w, u: {}, lambda w, u: {"year": ""}, {"office"}, 422),
    ("workbench:calendar_override", "post", lambda w, u: {}, lambda w, u: {"day": "bad"}, {"office"}, 422),
    (
        "workbench:calendar_override_remove",
        "post",
        lambda w, u: {"pk": w.override_pk},
        lambda w, u: {},
        {"office"},
        302,
    ),
    ("workbench:site", "get", lambda w, u: {}, lambda w, u: {}, {"office"}, 200),
    ("workbench:site", "post", lambda w, u: {}, lambda w, u: {"site_name": ""}, {"office"}, 422),
    ("workbench:audit", "get", lambda w, u: {}, lambda w, u: {}, {"office"}, 200),
    ("workbench:audit_export", "get", lambda w, u: {}, lambda w, u: {}, {"office"}, 200),
]
PUBLIC_WORKBENCH = {"workbench:login", "workbench:logout"}


def _client(world: World, persona: str) -> Client:
    client = Client()
    user = world.people[persona]
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _expected(persona: str, allowed: set[str], ok: int) -> int:
    if persona == "anonymous":
        return 302
    return ok if persona in allowed else 403


@pytest.mark.parametrize("which", ["own", "other"])
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("name", "method", "kwargs", "data", "allowed", "ok"), PAGES, ids=[f"{p[1]}:{p[0]}" for p in PAGES]
)
def test_workbench_matrix(
    world: World, persona: str, which: str, name: str, method: str, kwargs: Any, data: Any, allowed: set[str], ok: int
) -> None:
    url = reverse(name, kwargs=kwargs(world, which))
    response = getattr(_client(world, persona), method)(url, data(world, which))
    expected = _expected(persona, allowed, ok)
    assert response.status_code == expected, f"{persona} {method.upper()} {url}"
    if persona == "anonymous":
        assert response["Location"].startswith(reverse("workbench:login"))


# API: (method, path, body, who may, answer when allowed, answer for the anonymous)
API_CASES: list[tuple[str, Callable[[World, str], str], Any, set[str] | None, int, int]] = [
    ("get", lambda w, u: "/me", None, STAFF | {"no_role"}, 200, 401),
    ("get", lambda w, u: "/units", None, None, 200, 200),
    (
        "post",
        lambda w, u: "/units",
        {"name": "新单位", "kind": "department", "credit_code": "91350100M000100Y43"},
        {"office"},
        201,
        401,
    ),
    ("get", lambda w, u: "/calendar/deadline?start=2026-09-25&working_days=20", None, None, 200, 200),
]
API_OPERATIONS = {("get", "/me"), ("get", "/units"), ("post", "/units"), ("get", "/calendar/deadline")}


@pytest.mark.parametrize("which", ["own", "other"])
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("method", "path", "payload", "allowed", "ok", "anon"),
    API_CASES,
    ids=[f"{c[0]}:{c[1](None, '')}" for c in API_CASES],
)  # type: ignore[arg-type]
def test_api_matrix(
    world: World,
    api_as: Callable[[Any], ApiClient],
    persona: str,
    which: str,
    method: str,
    path: Any,
    payload: Any,
    allowed: set[str] | None,
    ok: int,
    anon: int,
) -> None:
    client = api_as(world.people[persona])
    url = path(world, which)
    if method == "get":
        response = client.client.get(f"/api/v1{url}", headers=client.headers)
    else:
        response = client.post(url, payload)
    if persona == "anonymous":
        expected = anon
    elif allowed is None or persona in allowed:
        expected = ok
    else:
        expected = 403
    assert response.status_code == expected, f"{persona} {method.upper()} {url}: {response.content!r}"
    if expected >= 400:
        assert set(response.json()) == {"detail", "field"}


def _names(resolver: URLResolver, prefix: str = "") -> list[str]:
    names = []
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            names += _names(pattern, ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.append(prefix + pattern.name)
    return names


def test_matrix_covers_every_url() -> None:
    workbench = {n for n in _names(get_resolver()) if n.startswith("workbench:")}
    covered = {p[0] for p in PAGES} | PUBLIC_WORKBENCH
    assert workbench - covered == set(), "add the new workbench URLs to PAGES"
    schema = api.get_openapi_schema()
    operations = {(m, p.removeprefix("/api/v1")) for p, ops in schema["paths"].items() for m in ops}
    assert operations == API_OPERATIONS, "add the new API operations to API_CASES"

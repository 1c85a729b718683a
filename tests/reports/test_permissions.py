"""The permission matrix of annual reports: a unit's staff see its report, its editors write it, the
office sees and reviews all; another unit's report is a 404. ``tests/test_permissions.py`` checks
that every URL and operation is in a matrix."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from gongkai.orgs.models import SiteProfile, Unit
from gongkai.reports import services
from gongkai.reports.models import AnnualReport

PERSONAS = ["anonymous", "no_role", "editor", "reviewer", "signer", "handler", "office"]
STAFF = {"editor", "reviewer", "signer", "handler", "office"}
WRITERS = {"editor", "office"}
JAN = dt.datetime(2027, 1, 10, 2, tzinfo=dt.UTC)


@pytest.fixture
def people(make_person: Callable[..., Any], unit_a: Unit, office: Any, site: SiteProfile) -> dict[str, Any]:
    found: dict[str, Any] = {"anonymous": None, "office": office, "no_role": make_person("nobody")}
    for role in ["editor", "reviewer", "signer", "handler"]:
        found[role] = make_person(f"{role}_a", role, unit_a)
    return found


@pytest.fixture
def reports(people: dict[str, Any], unit_a: Unit, unit_b: Unit) -> Iterator[dict[str, AnnualReport]]:
    with time_machine.travel(JAN, tick=False):
        yield {
            "own": services.create_report(people["office"], unit_a, 2026),
            "other": services.create_report(people["office"], unit_b, 2026),
        }


def _client(person: Any) -> Client:
    client = Client()
    if person is not None:
        client.force_login(person, backend="django.contrib.auth.backends.ModelBackend")
    return client


# (url name, method, data, who may, answer)
REPORT_PAGES: list[tuple[str, str, dict[str, Any], set[str], int]] = [
    ("workbench:report", "get", {}, STAFF, 200),
    ("workbench:report_sections", "post", {"version": 1, "overview": "总体情况"}, WRITERS, 302),
    ("workbench:report_figures", "post", {"licensing": "3"}, WRITERS, 302),
    ("workbench:report_action", "post", {"action": "submit"}, WRITERS, 302),
    ("workbench:report_export", "get", {}, STAFF, 200),
]
REPORT_LIST_PAGES: list[tuple[str, str, set[str], int]] = [("workbench:reports", "get", STAFF, 200)]
REPORT_CREATE = "workbench:report_create"
REPORT_API_OPERATIONS = {("get", "/reports/annual/{year}")}


@pytest.mark.parametrize("which", ["own", "other"])
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("name", "method", "data", "roles", "ok"), REPORT_PAGES, ids=[f"{p[1]}:{p[0]}" for p in REPORT_PAGES]
)
def test_report_pages_matrix(
    people: dict[str, Any],
    reports: dict[str, AnnualReport],
    persona: str,
    which: str,
    name: str,
    method: str,
    data: dict[str, Any],
    roles: set[str],
    ok: int,
) -> None:
    kwargs: dict[str, Any] = {"pk": reports[which].pk}
    if name == "workbench:report_export":
        kwargs["fmt"] = "xlsx"
    with time_machine.travel(JAN, tick=False):
        response = getattr(_client(people[persona]), method)(reverse(name, kwargs=kwargs), data)
    if persona == "anonymous":
        expected = 302
    elif persona == "no_role":
        expected = 403
    elif persona != "office" and which == "other":
        expected = 404
    else:
        expected = ok if persona in roles else 403
    assert response.status_code == expected, f"{persona} {method} {name} {which}"


@pytest.mark.parametrize("persona", PERSONAS)
def test_report_list_and_create_matrix(people: dict[str, Any], unit_a: Unit, persona: str) -> None:
    with time_machine.travel(JAN, tick=False):
        client = _client(people[persona])
        listed = client.get(reverse("workbench:reports"))
        created = client.post(reverse(REPORT_CREATE), {"unit": unit_a.pk, "year": 2026})
    if persona == "anonymous":
        assert (listed.status_code, created.status_code) == (302, 302)
        return
    assert listed.status_code == (200 if persona in STAFF else 403)
    assert created.status_code == (302 if persona in WRITERS else 403), persona
    assert AnnualReport.objects.exists() == (persona in WRITERS)


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_report_api_is_public(people: dict[str, Any], api_as: Any, unit_a: Unit, persona: str) -> None:
    with time_machine.travel(JAN, tick=False):
        response = api_as(people[persona]).get(f"/reports/annual/2026?unit_id={unit_a.pk}")
    assert response.status_code == 200
    assert api_as(people[persona]).get("/reports/annual/1990").status_code == 422

"""The permission matrix of annual reports: a unit's staff see its report, its editors write it, the
office sees and reviews all; another unit's report is a 404. ``tests/test_permissions.py`` checks
that every URL and operation is in a matrix.

The rules (``gongkai/reports/access.py``; writing is the editor's of the unit, asked of
``gongkai/orgs/access.py`` by the services) are checked without HTTP for every persona × report;
over HTTP, each URL gets one request per role class (``tests/matrix.py``). The world is built once
for the module (``tests/builders.py``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
import time_machine
from django.http import Http404
from django.test import Client
from django.urls import reverse

from gongkai.orgs import access as org_access
from gongkai.orgs.models import Role, Unit
from gongkai.reports import access, services
from gongkai.reports.models import AnnualReport, AppealCase
from tests import builders
from tests.matrix import mismatches, one_per_class

PERSONAS = ["anonymous", "no_role", "editor", "reviewer", "signer", "handler", "office"]
STAFF = {"editor", "reviewer", "signer", "handler", "office"}
WRITERS = {"editor", "office"}
JAN = dt.datetime(2027, 1, 10, 2, tzinfo=dt.UTC)
CREATED_YEAR = 2025  # the world holds the 2026 reports; a report is created for another year


@dataclass
class ReportWorld:
    people: dict[str, Any]
    units: dict[str, Unit]
    reports: dict[str, AnnualReport]
    case: AppealCase  # a review the office recorded outside the platform's applications (Table 四)


def _build() -> ReportWorld:
    cast = builders.Cast()
    builders.site(cast.government)
    people = cast.personas()
    units = {"own": cast.unit_a, "other": cast.unit_b}
    with time_machine.travel(JAN, tick=False):
        reports = {which: services.create_report(cast.office, unit, 2026) for which, unit in units.items()}
    case = AppealCase.objects.create(
        unit=cast.unit_a, matter="proactive", kind="review", filed_on=dt.date(2026, 6, 19), body="测试区人民政府",
        recorded_by=cast.office,
    )  # fmt: skip
    return ReportWorld(people, units, reports, case)


# Built once for the module; each test runs in a savepoint inside it (tests/builders.py).
report_world = builders.module_data(_build)
pytestmark = pytest.mark.django_db


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
OFFICE = {"office"}
# The list, then the office's own pages (not of one report): cases outside the platform, settings.
REPORT_LIST_PAGES: list[tuple[str, str, set[str], int]] = [
    ("workbench:reports", "get", STAFF, 200),
    ("workbench:report_appeal_cases", "get", OFFICE, 200),
    ("workbench:report_appeal_cases", "post", OFFICE, 422),  # an empty form, refused naming fields
    ("workbench:report_appeal_case", "get", OFFICE, 200),
    ("workbench:report_appeal_case", "post", OFFICE, 422),
    ("workbench:report_settings", "get", OFFICE, 200),
    ("workbench:report_settings", "post", OFFICE, 302),
]
REPORT_CREATE = "workbench:report_create"
REPORT_API_OPERATIONS = {("get", "/reports/annual/{year}")}


def _expect(persona: str, which: str, roles: set[str], ok: int) -> int:
    if persona == "anonymous":
        return 302
    if persona == "no_role":
        return 403
    if persona != "office" and which == "other":
        return 404
    return ok if persona in roles else 403


def _expect_list(persona: str) -> int:
    _name, _method, roles, ok = REPORT_LIST_PAGES[0]
    return 302 if persona == "anonymous" else (ok if persona in roles else 403)


def _expect_create(persona: str) -> int:
    return 302 if persona == "anonymous" or persona in WRITERS else 403


# Least to most privileged in annual reports; another unit's report before the own unit's.
ORDER = ["anonymous", "no_role", "handler", "signer", "reviewer", "editor", "office"]
WHICH = ["other", "own"]
# The anonymous are a class of their own (one_per_class's ``anonymous``): their redirect to the
# login page must not stand for a successful POST's 302.


PageCase = tuple[tuple[str, str, dict[str, Any], set[str], int], str, str]
PAGE_CASES: list[PageCase] = one_per_class(
    [(page, persona, which) for page in REPORT_PAGES for persona in ORDER for which in WHICH],
    row=lambda case: (case[0][0], case[0][1]),
    answer=lambda case: _expect(case[1], case[2], case[0][3], case[0][4]),
    anonymous=lambda case: case[1] == "anonymous",
)


@pytest.mark.parametrize(("page", "persona", "which"), PAGE_CASES,
                         ids=[f"{c[0][1]}:{c[0][0]}:{c[1]}:{c[2]}" for c in PAGE_CASES])  # fmt: skip
def test_report_pages_one_per_role_class(
    report_world: ReportWorld, page: tuple[str, str, dict[str, Any], set[str], int], persona: str, which: str
) -> None:
    name, method, data, roles, ok = page
    kwargs: dict[str, Any] = {"pk": report_world.reports[which].pk}
    if name == "workbench:report_export":
        kwargs["fmt"] = "xlsx"
    with time_machine.travel(JAN, tick=False):
        response = getattr(_client(report_world.people[persona]), method)(reverse(name, kwargs=kwargs), data)
    expected = _expect(persona, which, roles, ok)
    assert response.status_code == expected, f"{persona} {method} {name} {which}"


# The list page's answer splits the personas first, then creating a report does.
LIST_AND_CREATE_CASES: list[str] = one_per_class(
    ORDER, row=_expect_list, answer=_expect_create, anonymous=lambda persona: persona == "anonymous"
)


@pytest.mark.parametrize("persona", LIST_AND_CREATE_CASES)
def test_report_list_and_create_one_per_role_class(report_world: ReportWorld, persona: str) -> None:
    own = report_world.units["own"]
    with time_machine.travel(JAN, tick=False):
        client = _client(report_world.people[persona])
        listed = client.get(reverse("workbench:reports"))
        created = client.post(reverse(REPORT_CREATE), {"unit": own.pk, "year": CREATED_YEAR})
    if persona == "anonymous":
        assert (listed.status_code, created.status_code) == (302, 302)
        return
    assert listed.status_code == (200 if persona in STAFF else 403)
    assert created.status_code == (302 if persona in WRITERS else 403), persona
    assert AnnualReport.objects.filter(unit=own, year=CREATED_YEAR).exists() == (persona in WRITERS)


def _expect_office(persona: str, ok: int) -> int:
    return 302 if persona == "anonymous" else (ok if persona == "office" else 403)


OfficeCase = tuple[tuple[str, str, set[str], int], str]
OFFICE_CASES: list[OfficeCase] = one_per_class(
    [(page, persona) for page in REPORT_LIST_PAGES[1:] for persona in ORDER],
    row=lambda case: (case[0][0], case[0][1]),
    answer=lambda case: _expect_office(case[1], case[0][3]),
    anonymous=lambda case: case[1] == "anonymous",
)


@pytest.mark.parametrize(("page", "persona"), OFFICE_CASES, ids=[f"{c[0][1]}:{c[0][0]}:{c[1]}" for c in OFFICE_CASES])
def test_the_offices_report_pages_one_per_role_class(
    report_world: ReportWorld, page: tuple[str, str, set[str], int], persona: str
) -> None:
    name, method, _roles, ok = page
    kwargs = {"pk": report_world.case.pk} if name == "workbench:report_appeal_case" else None
    with time_machine.travel(JAN, tick=False):
        response = getattr(_client(report_world.people[persona]), method)(reverse(name, kwargs=kwargs), {})
    assert response.status_code == _expect_office(persona, ok), f"{persona} {method} {name}"


# The API is public: no rule to ask, every persona is asked over HTTP.
@pytest.mark.parametrize("persona", PERSONAS)
def test_the_report_api_is_public(report_world: ReportWorld, api_as: Any, persona: str) -> None:
    with time_machine.travel(JAN, tick=False):
        response = api_as(report_world.people[persona]).get(
            f"/reports/annual/2026?unit_id={report_world.units['own'].pk}"
        )
    assert response.status_code == 200
    assert api_as(report_world.people[persona]).get("/reports/annual/1990").status_code == 422


def _row_allows(name: str, persona: str, which: str) -> bool:
    _name, _method, _data, roles, ok = next(page for page in REPORT_PAGES if page[0] == name)
    return _expect(persona, which, roles, ok) == ok


def _opens(user: Any, report: AnnualReport) -> bool:
    try:
        access.get_report_for(user, report.pk)
    except Http404:
        return False
    return True


def test_the_rules_without_http(report_world: ReportWorld) -> None:
    """Every persona × report (own/other unit) × rule, against the same tables the pages are
    checked with: seeing the report (else 404) and, for the pages that write, being the unit's
    editor (what the services ask, ``orgs.access.require(…, Role.EDITOR)``); the workbench and
    creating a report for the own unit."""
    wrong: list[str] = []
    for persona in ORDER:
        user = report_world.people[persona]
        if user is None:
            continue  # the anonymous are sent to the login page before any rule is asked
        for which, report in report_world.reports.items():
            opens = _opens(user, report)
            writes = org_access.can_act(user, report.unit, Role.EDITOR)
            found: dict[str, object] = {
                "sees it": access.reports_visible_to(user).filter(pk=report.pk).exists(),
                "opens it": opens,
                "uses the workbench": org_access.is_staff_member(user),
                "creates the own unit's": org_access.can_act(user, report_world.units["own"], Role.EDITOR),
            }
            expected: dict[str, object] = {
                "sees it": _row_allows("workbench:report", persona, which),
                "opens it": _row_allows("workbench:report", persona, which),
                "uses the workbench": _expect_list(persona) == 200,
                "creates the own unit's": _expect_create(persona) == 302,
            }
            for name, method, _data, roles, ok in REPORT_PAGES:
                found[f"{method} {name}"] = opens and (writes if method == "post" else True)
                expected[f"{method} {name}"] = _expect(persona, which, roles, ok) == ok
            wrong += [f"{persona} {which} {line}" for line in mismatches(found, expected)]
    assert not wrong, "\n".join(wrong)

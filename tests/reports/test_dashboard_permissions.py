"""The permission matrix of the dashboards: every staff member may view them (scoped to their units,
``tests/reports/test_dashboards.py`` checks the scope); no role is a 403, anonymous goes to the
login page. ``tests/test_permissions.py`` checks that every URL is in a matrix.

The rule (``staff_required``: ``gongkai/orgs/access.py``'s ``is_staff_member``) is checked without
HTTP for every persona; over HTTP, each URL gets one request per role class (``tests/matrix.py``).
The people are made once for the module (``tests/builders.py``).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.orgs import access as org_access
from tests import builders
from tests.matrix import mismatches, one_per_class

PERSONAS = ["anonymous", "no_role", "editor", "reviewer", "signer", "handler", "office"]
STAFF = {"editor", "reviewer", "signer", "handler", "office"}

# Unscoped pages: (url name, method, who may, answer)
DASHBOARD_PAGES: list[tuple[str, str, set[str], int]] = [
    ("workbench:dashboard", "get", STAFF, 200),
    ("workbench:dashboard_csv", "get", STAFF, 200),
]
# The URL arguments a row needs (the CSV of one section).
KWARGS: dict[str, dict[str, str]] = {"workbench:dashboard_csv": {"chart": "timeliness"}}


def _build() -> dict[str, Any]:
    cast = builders.Cast()
    builders.site(cast.government)
    found: dict[str, Any] = {"anonymous": None, "office": cast.office, "no_role": builders.person("nobody")}
    for role in ["editor", "reviewer", "signer", "handler"]:
        found[role] = builders.person(f"{role}_a", role, cast.unit_a)
    return found


# Made once for the module; each test runs in a savepoint inside it (tests/builders.py).
people = builders.module_data(_build)
pytestmark = pytest.mark.django_db


def _expect(persona: str, roles: set[str], ok: int) -> int:
    if persona == "anonymous":
        return 302
    return ok if persona in roles else 403


# Least to most privileged for the dashboards (every role sees them, scoped to its units).
ORDER = ["anonymous", "no_role", "handler", "signer", "reviewer", "editor", "office"]
# The anonymous are a class of their own: their redirect to the login page is a refusal.
CASES: list[tuple[tuple[str, str, set[str], int], str]] = one_per_class(
    [(page, persona) for page in DASHBOARD_PAGES for persona in ORDER],
    row=lambda case: (case[0][0], case[0][1]),
    answer=lambda case: _expect(case[1], case[0][2], case[0][3]),
    anonymous=lambda case: case[1] == "anonymous",
)


@pytest.mark.parametrize(("page", "persona"), CASES, ids=[f"{c[0][0]}-{c[1]}" for c in CASES])
def test_dashboard_pages_one_per_role_class(
    people: dict[str, Any], page: tuple[str, str, set[str], int], persona: str
) -> None:
    name, method, roles, ok = page
    client = Client()
    if people[persona] is not None:
        client.force_login(people[persona], backend="django.contrib.auth.backends.ModelBackend")
    response = getattr(client, method)(reverse(name, kwargs=KWARGS.get(name)))
    if persona == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("workbench:login"))
        return
    expected = _expect(persona, roles, ok)
    assert response.status_code == expected, f"{persona} {name}"


def test_the_rules_without_http(people: dict[str, Any]) -> None:
    """Every persona × dashboard page against the same table the pages are checked with: the
    pages ask ``staff_required``, i.e. ``orgs.access.is_staff_member``."""
    wrong: list[str] = []
    for persona in ORDER:
        user = people[persona]
        if user is None:
            continue  # the anonymous are sent to the login page before any rule is asked
        found: dict[str, object] = {name: org_access.is_staff_member(user) for name, *_ in DASHBOARD_PAGES}
        expected: dict[str, object] = {
            name: _expect(persona, roles, ok) == ok for name, _m, roles, ok in DASHBOARD_PAGES
        }
        wrong += [f"{persona} {line}" for line in mismatches(found, expected)]
    assert not wrong, "\n".join(wrong)

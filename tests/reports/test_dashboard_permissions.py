"""The permission matrix of the dashboards: every staff member may view them (scoped to their units,
``tests/reports/test_dashboards.py`` checks the scope); no role is a 403, anonymous goes to the
login page. ``tests/test_permissions.py`` checks that every URL is in a matrix."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.orgs.models import SiteProfile, Unit

PERSONAS = ["anonymous", "no_role", "editor", "reviewer", "signer", "handler", "office"]
STAFF = {"editor", "reviewer", "signer", "handler", "office"}

# Unscoped pages: (url name, method, who may, answer)
DASHBOARD_PAGES: list[tuple[str, str, set[str], int]] = [
    ("workbench:dashboard", "get", STAFF, 200),
    ("workbench:dashboard_csv", "get", STAFF, 200),
]
# The URL arguments a row needs (the CSV of one section).
KWARGS: dict[str, dict[str, str]] = {"workbench:dashboard_csv": {"chart": "timeliness"}}


@pytest.fixture
def people(make_person: Callable[..., Any], unit_a: Unit, office: Any, site: SiteProfile) -> dict[str, Any]:
    found: dict[str, Any] = {"anonymous": None, "office": office, "no_role": make_person("nobody")}
    for role in ["editor", "reviewer", "signer", "handler"]:
        found[role] = make_person(f"{role}_a", role, unit_a)
    return found


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("name", "method", "roles", "ok"), DASHBOARD_PAGES, ids=[p[0] for p in DASHBOARD_PAGES])
def test_dashboard_pages_matrix(
    people: dict[str, Any], persona: str, name: str, method: str, roles: set[str], ok: int
) -> None:
    client = Client()
    if people[persona] is not None:
        client.force_login(people[persona], backend="django.contrib.auth.backends.ModelBackend")
    response = getattr(client, method)(reverse(name, kwargs=KWARGS.get(name)))
    if persona == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("workbench:login"))
        return
    expected = ok if persona in roles else 403
    assert response.status_code == expected, f"{persona} {name}"

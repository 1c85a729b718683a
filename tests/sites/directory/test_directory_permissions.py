"""The permission matrix of the service directory: every workbench URL and API operation × role.

The directory is the office's: its workbench pages answer the office only (the anonymous go to the
login page; every other staff role and a user without a role get 403). The public API lists the
services of the host's site to anyone; creating, changing and removing a service is the office's
(anonymous 401, anyone else 403). ``tests/test_permissions.py`` can import ``SERVICE_PAGES`` and
``SERVICE_API_OPERATIONS``; pages whose kind is "" are not about one service."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.orgs import access as org_access
from gongkai.sites.directory import services
from gongkai.sites.directory.models import Service
from tests import builders
from tests.conftest import ApiClient
from tests.matrix import one_per_class
from tests.sites.directory.conftest import COMPLETE

ORDER = ["anonymous", "no_role", "signer", "handler", "reviewer", "editor", "office"]


@dataclass
class DirectoryWorld:
    people: dict[str, Any]
    service: Service


def _build() -> DirectoryWorld:
    cast = builders.Cast()
    people = cast.personas()
    return DirectoryWorld(people, services.create_service(cast.office, name="结婚登记", **COMPLETE))


directory_world = builders.module_data(_build)
pytestmark = pytest.mark.django_db

PAGE = {"office": 200}
CHANGE = {"office": 302}
FORM = {"name": "居住证申领", "department_name": "公安分局", "basis": "《居住证暂行条例》", "active": "on"}
# (url name, method, kind ("service": about the world's service; "": none), form data, {role: answer})
SERVICE_PAGES: list[tuple[str, str, str, dict[str, Any], dict[str, int]]] = [
    ("workbench:services", "get", "", {}, PAGE),
    ("workbench:service_create", "get", "", {}, PAGE),
    ("workbench:service_create", "post", "", FORM, CHANGE),
    ("workbench:service_edit", "get", "service", {}, PAGE),
    ("workbench:service_edit", "post", "service", FORM, CHANGE),
    ("workbench:service_deactivate", "post", "service", {}, CHANGE),
    ("workbench:service_check_links", "post", "", {}, CHANGE),
]
SERVICE_API_OPERATIONS = {
    ("get", "/public/services"),
    ("post", "/services"),
    ("patch", "/services/{service_id}"),
    ("delete", "/services/{service_id}"),
}


def _expect(persona: str, allowed: dict[str, int]) -> int:
    if persona == "anonymous":
        return 302
    return allowed.get(persona, 403)


PageCase = tuple[tuple[str, str, str, dict[str, Any], dict[str, int]], str]
PAGE_CASES: list[PageCase] = one_per_class(
    [(page, persona) for page in SERVICE_PAGES for persona in ORDER],
    row=lambda c: (c[0][0], c[0][1]),
    answer=lambda c: _expect(c[1], c[0][4]),
    anonymous=lambda c: c[1] == "anonymous",
)


def test_the_rules_without_http(directory_world: DirectoryWorld) -> None:
    """Only the office writes the directory; the check is the service's own, so a view or the
    API that forgot its guard still refuses."""
    for persona in ORDER:
        user = directory_world.people[persona]
        allowed = user is not None and org_access.is_office(user)
        assert allowed == (persona == "office")
        if not allowed:
            with pytest.raises(Exception, match="公开办"):
                services.update_service(user, directory_world.service, name="改名")


@pytest.mark.parametrize(("page", "persona"), PAGE_CASES, ids=[f"{c[0][1]}:{c[0][0]}:{c[1]}" for c in PAGE_CASES])
def test_pages_one_per_role_class(
    directory_world: DirectoryWorld, page: PageCase, persona: str, monkeypatch: Any
) -> None:
    from gongkai.supervision.inspection import servicecheck

    monkeypatch.setattr(servicecheck, "check", lambda services, checker: {})  # no network
    name, method, kind, data, allowed = page
    client = Client()
    if directory_world.people[persona] is not None:
        client.force_login(directory_world.people[persona], backend="django.contrib.auth.backends.ModelBackend")
    args = [directory_world.service.pk] if kind else []
    response = getattr(client, method)(reverse(name, args=args), data)
    assert response.status_code == _expect(persona, allowed), f"{persona} {method} {name}"


def _api_expect(persona: str, ok: int) -> int:
    return {"anonymous": 401, "office": ok}.get(persona, 403)


@pytest.mark.parametrize("persona", ORDER)
def test_api_matrix(directory_world: DirectoryWorld, api_as: Any, persona: str) -> None:
    client: ApiClient = api_as(directory_world.people[persona])
    pk = directory_world.service.pk
    assert client.get("/public/services").status_code == 200
    created = client.post("/services", {"name": "居住证申领", "department_name": "公安分局"})
    assert created.status_code == _api_expect(persona, 201)
    patched = client.client.patch(
        f"/api/v1/services/{pk}", {"name": "改名"}, content_type="application/json", headers=client.headers
    )
    assert patched.status_code == _api_expect(persona, 200)
    deleted = client.client.delete(f"/api/v1/services/{pk}", headers=client.headers)
    assert deleted.status_code == _api_expect(persona, 204)


def test_the_matrix_lists_every_operation_of_the_services_router() -> None:
    from gongkai.api.api import api

    schema = api.get_openapi_schema()
    found = {
        (method, path.removeprefix("/api/v1"))
        for path, operations in schema["paths"].items()
        for method in operations
        if path.removeprefix("/api/v1").startswith(("/services", "/public/services"))
    }
    assert found == SERVICE_API_OPERATIONS

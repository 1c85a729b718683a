"""The permission matrix of sites and columns (issue 19): every workbench URL and API operation ×
persona × own/other site.

The office manages every site and alone creates sites and sets their host, units and managers. A
site's manager (Site.managers: here an editor of unit B) edits that site's identity and columns
and nothing of another site (403: sites are public, nothing to hide behind a 404). Staff who
manage no site (an editor of unit A) and people without a role get 403; the anonymous are sent
to the login page. ``tests/test_permissions.py`` imports ``SITES_PAGES`` and
``SITES_API_OPERATIONS``; pages whose kind is "" are about no one site.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.publishing import services as publishing
from gongkai.publishing.models import Item
from gongkai.publishing.workflow import drive
from gongkai.sites import access
from gongkai.sites import services as sites
from gongkai.sites.models import Column, Site
from tests import builders
from tests.conftest import ApiClient
from tests.matrix import mismatches, one_per_class

PERSONAS = ["anonymous", "no_role", "editor", "manager", "office"]


@dataclass
class SitesWorld:
    people: dict[str, Any]
    sites: dict[str, Site]  # own: the manager's site; other: a site they do not manage
    columns: dict[str, Column]
    item: Item


def _build() -> SitesWorld:
    cast = builders.Cast()
    everyone = cast.personas()
    people = {name: p for name, p in everyone.items() if name in PERSONAS}
    people["manager"] = builders.person("manager_b", "editor", cast.unit_b)
    office = cast.office
    own = sites.create_site(office, code="own", name="本站", host="own.example.cn")
    other = sites.create_site(office, code="other", name="他站", host="other.example.cn")
    sites.set_managers(office, own, [people["manager"]])
    item = publishing.create_item(
        people["editor"],
        cast.unit_a,
        title="手选的通知",
        body_html="<p>正文</p>",
        formed_on=dt.date(2026, 9, 25),
        genre="notice",
        topic="civil",
    )
    item = drive(item.pk, everyone["editor"], everyone["reviewer"], everyone["signer"])  # only public items are picked
    columns = {}
    for which, site in (("own", own), ("other", other)):
        columns[which] = sites.create_column(office, site, name="栏目", slug="lm", item_ids=[item.pk])
        sites.create_column(office, site, name="第二栏目", slug="lm2")
    return SitesWorld(people, {"own": own, "other": other}, columns, item)


sites_world = builders.module_data(_build)
pytestmark = pytest.mark.django_db

OFFICE = {"manager": 403, "office": 302}
MANAGE = {"manager": 302, "office": 302}
SEE = {"manager": 200, "office": 200}
OFFICE_PAGE = {"manager": 403, "office": 200}
NEW_SITE = {"code": "new", "name": "新站", "host": "new.example.cn", "language": "zh-Hans", "position": "0"}
SETUP = {
    "code": "{code}",
    "name": "改名",
    "host": "{code}.example.cn",
    "language": "zh-Hans",
    "position": "0",
    "active": "on",
}
COLUMN = {"name": "新栏目", "slug": "xlm", "home_count": "6"}
# (url name, method, which object ("" none, "site", "column", "pick"), form data, {persona: answer on the own site})
SITES_PAGES: list[tuple[str, str, str, dict[str, Any], dict[str, int]]] = [
    ("workbench:sites", "get", "", {}, SEE),
    ("workbench:site_create", "get", "", {}, OFFICE_PAGE),
    ("workbench:site_create", "post", "", NEW_SITE, OFFICE),
    ("workbench:site_identity", "get", "site", {}, SEE),
    ("workbench:site_identity", "post", "site", {"name": "改名", "colour": "#123456"}, MANAGE),
    ("workbench:site_setup", "get", "site", {}, OFFICE_PAGE),
    ("workbench:site_setup", "post", "site", SETUP, OFFICE),
    ("workbench:site_columns", "get", "site", {}, SEE),
    ("workbench:column_create", "get", "site", {}, SEE),
    ("workbench:column_create", "post", "site", COLUMN, MANAGE),
    ("workbench:column_edit", "get", "column", {}, SEE),
    ("workbench:column_edit", "post", "column", {"name": "改名", "slug": "lm", "home_count": "6"}, MANAGE),
    ("workbench:column_move", "post", "column", {"direction": "down"}, MANAGE),
    ("workbench:column_retire", "get", "column", {}, SEE),
    ("workbench:column_retire", "post", "column", {"redirect_to": ""}, MANAGE),
    ("workbench:column_restore", "post", "column", {}, MANAGE),
    ("workbench:column_picks", "get", "column", {}, SEE),
    ("workbench:column_picks", "post", "column", {"item_id": "{item}"}, MANAGE),
    ("workbench:column_pick_change", "post", "pick", {"action": "remove"}, MANAGE),
]  # fmt: skip
OFFICE_ONLY = {"workbench:site_create", "workbench:site_setup"}
ORDER = ["anonymous", "no_role", "editor", "manager", "office"]


def _expect(name: str, persona: str, which: str, allowed: dict[str, int]) -> int:
    if persona == "anonymous":
        return 302
    if persona in {"no_role", "editor"}:
        return 403
    if persona == "office":
        return allowed["office"]
    return allowed["manager"] if which == "own" and name not in OFFICE_ONLY else 403


def _args(world: SitesWorld, kind: str, which: str) -> list[int]:
    if kind == "site":
        return [world.sites[which].pk]
    if kind == "column":
        return [world.columns[which].pk]
    if kind == "pick":
        return [world.columns[which].pk, world.item.pk]
    return []


def _client(world: SitesWorld, persona: str) -> Client:
    client = Client()
    if world.people[persona] is not None:
        client.force_login(world.people[persona], backend="django.contrib.auth.backends.ModelBackend")
    return client


Case = tuple[tuple[str, str, str, dict[str, Any], dict[str, int]], str, str]
CASES: list[Case] = one_per_class(
    [
        (page, persona, which)
        for page in SITES_PAGES
        for persona in ORDER
        for which in (("other", "own") if page[2] else ("own",))
    ],
    row=lambda case: (case[0][0], case[0][1]),
    answer=lambda case: _expect(case[0][0], case[1], case[2], case[0][4]),
    anonymous=lambda case: case[1] == "anonymous",
)


def test_the_rules_without_http(sites_world: SitesWorld) -> None:
    """Every persona × site against the table the pages are checked with."""
    wrong: list[str] = []
    for persona in ORDER[1:]:
        user = sites_world.people[persona]
        for which, site in sites_world.sites.items():
            found = {"manages": access.may_manage(user, site)}
            expected = {"manages": _expect("workbench:site_columns", persona, which, SEE) == 200}
            wrong += [f"{persona} {which} {line}" for line in mismatches(found, expected)]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize(("page", "persona", "which"), CASES, ids=[f"{c[0][1]}:{c[0][0]}:{c[1]}:{c[2]}" for c in CASES])
def test_pages_one_per_role_class(
    sites_world: SitesWorld, page: tuple[str, str, str, dict[str, Any], dict[str, int]], persona: str, which: str
) -> None:
    name, method, kind, data, allowed = page
    site = sites_world.sites[which]
    body = {k: str(v).format(code=site.code, item=sites_world.item.pk) for k, v in data.items()}
    client = _client(sites_world, persona)
    response = getattr(client, method)(reverse(name, args=_args(sites_world, kind, which)), body)
    assert response.status_code == _expect(name, persona, which, allowed), f"{persona} {method} {name} {which}"


SITES_API_OPERATIONS = {
    ("get", "/sites"),
    ("post", "/sites"),
    ("patch", "/sites/{site_id}"),
    ("get", "/sites/{site_id}/columns"),
    ("post", "/sites/{site_id}/columns"),
    ("patch", "/columns/{column_id}"),
    ("get", "/public/columns/{column_id}/items"),
}


def _api_expect(persona: str, which: str, office_only: bool, ok: int) -> int:
    if persona == "anonymous":
        return 401
    if persona == "office" or (persona == "manager" and which == "own" and not office_only):
        return ok
    return 403


def _patch(client: ApiClient, path: str, data: dict[str, Any]) -> Any:
    return client.client.patch(
        f"/api/v1{path}", json.dumps(data), content_type="application/json", headers=client.headers
    )


@pytest.mark.parametrize("which", ["own", "other"])
@pytest.mark.parametrize("persona", PERSONAS)
def test_api_matrix(sites_world: SitesWorld, api_as: Any, persona: str, which: str) -> None:
    client: ApiClient = api_as(sites_world.people[persona])
    site, column = sites_world.sites[which], sites_world.columns[which]
    answers = {
        "create a site": (client.post("/sites", {"code": "n", "name": "新", "host": "n.example.cn"}), True, 201),
        "rename the site": (_patch(client, f"/sites/{site.pk}", {"name": "改名"}), False, 200),
        "move the site": (_patch(client, f"/sites/{site.pk}", {"host": "m.example.cn"}), True, 200),
        "create a column": (client.post(f"/sites/{site.pk}/columns", {"name": "新", "slug": "x"}), False, 201),
        "change a column": (_patch(client, f"/columns/{column.pk}", {"name": "改"}), False, 200),
    }
    wrong = [
        f"{what}: {response.status_code} ≠ {_api_expect(persona, which, office_only, ok)}"
        for what, (response, office_only, ok) in answers.items()
        if response.status_code != _api_expect(persona, which, office_only, ok)
    ]
    assert not wrong, f"{persona} {which}: " + "; ".join(wrong)


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_public_reads_answer_everyone(sites_world: SitesWorld, api_as: Any, persona: str) -> None:
    client: ApiClient = api_as(sites_world.people[persona])
    column = sites_world.columns["own"]
    assert client.get("/sites").status_code == 200
    assert client.get(f"/sites/{column.site_id}/columns").status_code == 200
    assert client.get(f"/public/columns/{column.pk}/items").status_code == 200

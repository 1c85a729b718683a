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
from gongkai.reminders.models import Reminder
from gongkai.workdays.models import DayOverride
from tests.assessment.test_permissions import ASSESSMENT_PAGES
from tests.catalog.factories import a_domain, an_entry
from tests.conftest import ApiClient
from tests.foi.test_permissions import FOI_API_OPERATIONS, FOI_LIST_PAGES, FOI_PAGES
from tests.participation.test_consultations_permissions import CONSULTATION_API_OPERATIONS, CONSULTATION_PAGES
from tests.participation.test_inquiries_permissions import INQUIRY_API_OPERATIONS, INQUIRY_LIST_PAGES, INQUIRY_PAGES
from tests.participation.test_knowledge_permissions import KNOWLEDGE_PAGES
from tests.reports.test_dashboard_permissions import DASHBOARD_PAGES
from tests.reports.test_permissions import REPORT_API_OPERATIONS, REPORT_CREATE, REPORT_LIST_PAGES, REPORT_PAGES
from tests.supervision.inspection.test_inspection_permissions import INSPECTION_API_OPERATIONS, INSPECTION_PAGES
from tests.supervision.ledger.test_ledger_permissions import LEDGER_API_OPERATIONS, LEDGER_LIST_PAGES, LEDGER_PAGES
from tests.supervision.newmedia.test_newmedia_permissions import NEWMEDIA_API_OPERATIONS, NEWMEDIA_PAGES

PERSONAS = ["anonymous", "no_role", "editor", "reviewer", "signer", "handler", "office"]
STAFF = {"editor", "reviewer", "signer", "handler", "office"}


@dataclass
class World:
    unit_own: Unit
    unit_other: Unit
    people: dict[str, Any]
    membership_pk: int
    override_pk: int
    alert_pk: int
    reminder_pk: int


@pytest.fixture
def world(make_person: Callable[..., Any], unit_a: Unit, unit_b: Unit, office: Any) -> World:
    people: dict[str, Any] = {"anonymous": None, "office": office, "no_role": make_person("nobody")}
    for role in ["editor", "reviewer", "signer", "handler"]:
        people[role] = make_person(f"{role}_a", role, unit_a)
    extra = make_person("someone_b", Role.EDITOR, unit_b)
    override = DayOverride.objects.create(day=dt.date(2026, 12, 31), is_working_day=True, name="测试")
    membership = Membership.objects.get(user=extra)
    from gongkai.publishing.models import SiteAlert

    alert = SiteAlert.objects.create(text="暴雪预警")
    failed = Reminder.objects.create(
        topic="foi",
        key="request:1",
        kind="overdue",
        on=dt.date(2026, 12, 1),
        recipients=["a@example.gov.cn"],
        subject="【已超期】",
        state=Reminder.State.FAILED,
        attempts=5,
    )
    return World(unit_a, unit_b, people, membership.pk, override.pk, alert.pk, failed.pk)


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
    ("workbench:password_change", "post", lambda w, u: {}, lambda w, u: {"old_password": "wrong"}, STAFF, 422),
    ("workbench:totp_start", "post", lambda w, u: {}, lambda w, u: {}, STAFF, 302),
    ("workbench:totp_confirm", "post", lambda w, u: {}, lambda w, u: {"token": "000000"}, STAFF, 302),
    ("workbench:totp_disable", "post", lambda w, u: {}, lambda w, u: {"token": "000000"}, STAFF, 302),
    ("workbench:unit_create", "get", lambda w, u: {}, lambda w, u: {}, {"office"}, 200),
    # POST rows of office-only forms carry an invalid body: the office gets the form back (200 or
    # 422, as each view answers), everyone else the same 403 as for GET.
    ("workbench:unit_create", "post", lambda w, u: {}, lambda w, u: {"name": ""}, {"office"}, 200),
    ("workbench:unit_edit", "get", lambda w, u: {"pk": _unit(w, u).pk}, lambda w, u: {}, {"office"}, 200),
    ("workbench:unit_edit", "post", lambda w, u: {"pk": _unit(w, u).pk}, lambda w, u: {"name": ""}, {"office"}, 200),
    ("workbench:people", "get", lambda w, u: {}, lambda w, u: {}, {"office"}, 200),
    ("workbench:person_create", "get", lambda w, u: {}, lambda w, u: {}, {"office"}, 200),
    ("workbench:person_create", "post", lambda w, u: {}, lambda w, u: {"username": ""}, {"office"}, 200),
    ("workbench:person", "get", lambda w, u: {"pk": w.people["editor"].pk}, lambda w, u: {}, {"office"}, 200),
    (
        "workbench:person",
        "post",
        lambda w, u: {"pk": w.people["editor"].pk},
        lambda w, u: {"unit": "", "role": "planet"},
        {"office"},
        200,
    ),
    (
        "workbench:person_password_reset",
        "post",
        lambda w, u: {"pk": w.people["editor"].pk},
        lambda w, u: {},
        {"office"},
        200,
    ),
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
    ("workbench:alerts", "get", lambda w, u: {}, lambda w, u: {}, {"office"}, 200),
    ("workbench:alerts", "post", lambda w, u: {}, lambda w, u: {}, {"office"}, 200),  # the list takes any method
    ("workbench:alert_end", "post", lambda w, u: {"pk": w.alert_pk}, lambda w, u: {}, {"office"}, 302),
    ("workbench:audit", "get", lambda w, u: {}, lambda w, u: {}, {"office"}, 200),
    ("workbench:audit_export", "get", lambda w, u: {}, lambda w, u: {}, {"office"}, 200),
    ("workbench:reminders", "get", lambda w, u: {}, lambda w, u: {}, {"office"}, 200),
    ("workbench:reminder_resend", "post", lambda w, u: {"pk": w.reminder_pk}, lambda w, u: {}, {"office"}, 302),
    ("workbench:catalog", "get", lambda w, u: {}, lambda w, u: {}, {"office"}, 200),
    ("workbench:catalog_export", "get", lambda w, u: {}, lambda w, u: {}, {"office"}, 200),
    ("workbench:catalog_import", "get", lambda w, u: {}, lambda w, u: {}, {"office"}, 200),
    ("workbench:catalog_import", "post", lambda w, u: {}, lambda w, u: {}, {"office"}, 422),
    ("workbench:catalog_entry_create", "get", lambda w, u: {}, lambda w, u: {}, {"office"}, 200),
    ("workbench:catalog_entry_create", "post", lambda w, u: {}, lambda w, u: {"first_level": ""}, {"office"}, 422),
    ("workbench:catalog_entry_edit", "get", lambda w, u: {"pk": an_entry().pk}, lambda w, u: {}, {"office"}, 200),
    (
        "workbench:catalog_entry_edit",
        "post",
        lambda w, u: {"pk": an_entry().pk},
        lambda w, u: {"first_level": ""},
        {"office"},
        422,
    ),
    ("workbench:catalog_domains", "get", lambda w, u: {}, lambda w, u: {}, {"office"}, 200),
    ("workbench:catalog_domain_create", "get", lambda w, u: {}, lambda w, u: {}, {"office"}, 200),
    ("workbench:catalog_domain_create", "post", lambda w, u: {}, lambda w, u: {"name": ""}, {"office"}, 422),
    ("workbench:catalog_domain_edit", "get", lambda w, u: {"pk": a_domain().pk}, lambda w, u: {}, {"office"}, 200),
    (
        "workbench:catalog_domain_edit",
        "post",
        lambda w, u: {"pk": a_domain().pk},
        lambda w, u: {"name": ""},
        {"office"},
        422,
    ),
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
    ("get", lambda w, u: "/public/items", None, None, 200, 200),
    ("get", lambda w, u: "/search?q=%E9%80%9A%E7%9F%A5", None, None, 200, 200),
]
API_OPERATIONS = {
    ("get", "/me"),
    ("get", "/units"),
    ("post", "/units"),
    ("get", "/calendar/deadline"),
    ("post", "/items"),
    ("get", "/items/{item_id}"),
    ("patch", "/items/{item_id}"),
    ("post", "/items/{item_id}/actions"),
    ("get", "/public/items"),
    ("get", "/search"),
}


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
    covered = (
        {p[0] for p in PAGES}
        | PUBLIC_WORKBENCH
        | {p[0] for p in ITEM_PAGES}
        | {p[0] for p in UNSCOPED_ITEM_PAGES}
        | {p[0] for p in GAZETTE_PAGES}
        | {p[0] for p in POLICY_PAGES}
        | {p[0] for p in FOI_PAGES}
        | {p[0] for p in FOI_LIST_PAGES}
        | {p[0] for p in REPORT_PAGES}
        | {p[0] for p in REPORT_LIST_PAGES}
        | {REPORT_CREATE}
        | {p[0] for p in DASHBOARD_PAGES}
        | {p[0] for p in ASSESSMENT_PAGES}
        | {p[0] for p in CONSULTATION_PAGES}
        | {p[0] for p in INQUIRY_PAGES}
        | {p[0] for p in INQUIRY_LIST_PAGES}
        | {p[0] for p in LEDGER_PAGES}
        | {p[0] for p in LEDGER_LIST_PAGES}
        | {p[0] for p in NEWMEDIA_PAGES}
        | {p[0] for p in INSPECTION_PAGES}
        | {p[0] for p in KNOWLEDGE_PAGES}
    )
    assert workbench - covered == set(), "add the new workbench URLs to PAGES"
    schema = api.get_openapi_schema()
    operations = {(m, p.removeprefix("/api/v1")) for p, ops in schema["paths"].items() for m in ops}
    matrices = API_OPERATIONS | FOI_API_OPERATIONS | REPORT_API_OPERATIONS | CONSULTATION_API_OPERATIONS
    matrices |= INQUIRY_API_OPERATIONS | LEDGER_API_OPERATIONS | NEWMEDIA_API_OPERATIONS | INSPECTION_API_OPERATIONS
    assert operations == matrices, "add them to a matrix"


# Items belong to a unit: staff of unit A see and act on A's items only; the office sees all.
# Another unit's item is a 404 (its existence is not revealed).
def _item_world(world: World) -> dict[str, Any]:
    import datetime as dt_

    from django.core.files.base import ContentFile

    from gongkai.publishing import services
    from gongkai.publishing.models import Attachment

    items = {}
    for which, unit in (("own", world.unit_own), ("other", world.unit_other)):
        author = world.people["office"]
        item = services.create_item(
            author, unit, title=f"{which}信息", formed_on=dt_.date(2026, 3, 2), genre="notice", topic="general"
        )
        attachment = Attachment(item=item, name="a.pdf", kind="pdf", size=1, sha256="0", uploaded_by=author)
        attachment.file.save("a.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
        items[which] = item
    return items


def _item_expect(persona: str, which: str, roles: set[str], ok: int) -> int:
    if persona == "anonymous":
        return 302
    if persona == "no_role":
        return 403
    if persona != "office" and which == "other":
        return 404
    return ok if persona in roles else 403


ITEM_PAGES: list[tuple[str, str, dict[str, Any], set[str], int]] = [
    ("workbench:item", "get", {}, STAFF, 200),
    ("workbench:item_edit", "get", {}, {"editor", "office"}, 200),
    ("workbench:item_action", "post", {"action": "submit", "version": 1}, {"editor", "office"}, 302),
    ("workbench:attachment_add", "post", {}, {"editor", "office"}, 302),
    ("workbench:attachment_remove", "post", {}, {"editor", "office"}, 302),
    ("workbench:attachment_download", "get", {}, STAFF, 200),
]
UNSCOPED_ITEM_PAGES = [
    ("workbench:items", "get", STAFF, 200),
    ("workbench:item_deadlines", "get", STAFF, 200),
    ("workbench:item_create", "get", {"editor", "office"}, 200),
    ("workbench:gazette", "get", STAFF, 200),
    ("workbench:gazette_create", "get", {"editor", "office"}, 200),
    ("workbench:policies", "get", STAFF, 200),
    ("workbench:policy_create", "get", {"editor", "office"}, 200),
]


@pytest.mark.parametrize("which", ["own", "other"])
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("name", "method", "data", "roles", "ok"), ITEM_PAGES, ids=[p[0] for p in ITEM_PAGES])
def test_item_pages_matrix(
    world: World, persona: str, which: str, name: str, method: str, data: dict[str, Any], roles: set[str], ok: int
) -> None:
    item = _item_world(world)[which]
    kwargs: dict[str, Any] = {"pk": item.pk}
    if name in {"workbench:attachment_remove", "workbench:attachment_download"}:
        kwargs["attachment_pk"] = item.attachments.get().pk
    response = getattr(_client(world, persona), method)(reverse(name, kwargs=kwargs), data)
    assert response.status_code == _item_expect(persona, which, roles, ok), f"{persona} {name} {which}"


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("name", "method", "roles", "ok"), UNSCOPED_ITEM_PAGES, ids=[p[0] for p in UNSCOPED_ITEM_PAGES]
)
def test_item_list_pages_matrix(world: World, persona: str, name: str, method: str, roles: set[str], ok: int) -> None:
    response = getattr(_client(world, persona), method)(reverse(name))
    assert response.status_code == _item_expect(persona, "own", roles, ok), f"{persona} {name}"


ITEM_API: list[tuple[str, str, dict[str, Any] | None, set[str], int]] = [
    ("get", "/items/{id}", None, STAFF, 200),
    ("patch", "/items/{id}", {"version": 1, "title": "新"}, {"editor", "office"}, 200),
    ("post", "/items/{id}/actions", {"action": "submit"}, {"editor", "office"}, 200),
]


@pytest.mark.parametrize("which", ["own", "other"])
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("method", "path", "payload", "roles", "ok"), ITEM_API, ids=[f"{c[0]}:{c[1]}" for c in ITEM_API]
)
def test_item_api_matrix(
    world: World,
    api_as: Callable[[Any], ApiClient],
    persona: str,
    which: str,
    method: str,
    path: str,
    payload: dict[str, Any] | None,
    roles: set[str],
    ok: int,
) -> None:
    item = _item_world(world)[which]
    client = api_as(world.people[persona])
    url = "/api/v1" + path.format(id=item.pk)
    if method == "get":
        response = client.client.get(url, headers=client.headers)
    else:
        response = getattr(client.client, method)(url, payload, content_type="application/json", headers=client.headers)
    if persona == "anonymous":
        expected = 401
    elif persona == "no_role" or (persona != "office" and which == "other"):
        expected = 404
    else:
        expected = ok if persona in roles else 403
    assert response.status_code == expected, f"{persona} {method} {url}: {response.content!r}"


@pytest.mark.parametrize("which", ["own", "other"])
@pytest.mark.parametrize("persona", PERSONAS)
def test_item_create_api_matrix(world: World, api_as: Callable[[Any], ApiClient], persona: str, which: str) -> None:
    unit = world.unit_own if which == "own" else world.unit_other
    response = api_as(world.people[persona]).post(
        "/items", {"unit_id": unit.pk, "title": "t", "formed_on": "2026-03-02", "genre": "notice", "topic": "general"}
    )
    if persona == "anonymous":
        expected = 401
    elif persona == "office" or (persona == "editor" and which == "own"):
        expected = 201
    else:
        expected = 403
    assert response.status_code == expected, f"{persona} {which}: {response.content!r}"


# Gazette issues are items of kind gazette: the same unit scoping (another unit's issue is a 404).
GAZETTE_PAGES: list[tuple[str, str, dict[str, Any], set[str], int]] = [
    ("workbench:gazette_issue", "get", {}, STAFF, 200),
    ("workbench:gazette_edit", "get", {}, {"editor", "office"}, 200),
    ("workbench:gazette_edit", "post", {"year": ""}, {"editor", "office"}, 422),
    ("workbench:gazette_pdf", "post", {}, {"editor", "office"}, 302),
    ("workbench:gazette_entry_add", "post", {"title": ""}, {"editor", "office"}, 422),
    ("workbench:gazette_entry_edit", "get", {}, {"editor", "office"}, 200),
    ("workbench:gazette_entry_remove", "post", {}, {"editor", "office"}, 302),
]


@pytest.mark.parametrize("which", ["own", "other"])
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("name", "method", "data", "roles", "ok"), GAZETTE_PAGES, ids=[f"{p[1]}:{p[0]}" for p in GAZETTE_PAGES]
)
def test_gazette_pages_matrix(
    world: World, persona: str, which: str, name: str, method: str, data: dict[str, Any], roles: set[str], ok: int
) -> None:
    from gongkai.gazette import services as gazette

    unit = _unit(world, which)
    issue = gazette.create_issue(
        world.people["office"], unit, year=2026, number=1 if which == "own" else 2, issue_date=dt.date(2026, 3, 2)
    )
    entry = gazette.add_entry(world.people["office"], issue, title="目录条目")
    kwargs: dict[str, Any] = {"pk": issue.pk}
    if name in {"workbench:gazette_entry_edit", "workbench:gazette_entry_remove"}:
        kwargs["entry_pk"] = entry.pk
    response = getattr(_client(world, persona), method)(reverse(name, kwargs=kwargs), data)
    assert response.status_code == _item_expect(persona, which, roles, ok), f"{persona} {method} {name} {which}"


# Policy documents and interpretations are items: the same unit scoping. Relations may be
# recorded by editors and signers, an exemption only by a signer.
POLICY_PAGES: list[tuple[str, str, dict[str, Any], set[str], int]] = [
    ("workbench:policy", "get", {}, STAFF, 200),
    ("workbench:policy_edit", "get", {}, {"editor", "office"}, 200),
    ("workbench:policy_edit", "post", {"level": "planet"}, {"editor", "office"}, 422),
    ("workbench:policy_relation_add", "post", {}, {"editor", "signer", "office"}, 302),
    ("workbench:policy_relation_remove", "post", {}, {"editor", "signer", "office"}, 302),
    ("workbench:policy_exemption", "post", {"reason": "不涉及"}, {"signer", "office"}, 302),
    ("workbench:interpretation_create", "get", {}, {"editor", "office"}, 200),
    ("workbench:interpretation_edit", "get", {}, {"editor", "office"}, 200),
]


@pytest.mark.parametrize("which", ["own", "other"])
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("name", "method", "data", "roles", "ok"), POLICY_PAGES, ids=[f"{p[1]}:{p[0]}" for p in POLICY_PAGES]
)
def test_policy_pages_matrix(
    world: World, persona: str, which: str, name: str, method: str, data: dict[str, Any], roles: set[str], ok: int
) -> None:
    from gongkai.policies import services as policies

    office, unit = world.people["office"], _unit(world, which)
    fields = {"formed_on": dt.date(2026, 3, 2), "genre": "measures", "topic": "general"}
    document = policies.create_policy(office, unit, {}, title=f"{which}办法", normative=True, **fields)
    other = policies.create_policy(office, unit, {}, title=f"{which}旧办法", **fields)
    relation = policies.add_relation(office, document, other, "amends")
    meta = {"agency": unit.name, "person": "赵建国", "phone": "0477-8583210"}
    interpretation = policies.create_interpretation(office, unit, document, meta, title="解读", **fields)
    kwargs: dict[str, Any] = {"pk": interpretation.pk if name == "workbench:interpretation_edit" else document.pk}
    if name == "workbench:policy_relation_remove":
        kwargs["relation_pk"] = relation.pk
    response = getattr(_client(world, persona), method)(reverse(name, kwargs=kwargs), data)
    assert response.status_code == _item_expect(persona, which, roles, ok), f"{persona} {method} {name} {which}"

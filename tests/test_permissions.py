"""The permission matrix: every staff URL and API endpoint × role × own/other unit.

A new workbench URL or API operation fails ``test_matrix_covers_every_url`` until it is added
here with the answer each persona must get.

Two halves (``tests/matrix.py``): ``test_the_rules_without_http`` asks the access functions
(``gongkai/orgs/access.py``, ``gongkai/publishing/access.py``, ``gongkai/gazette/access.py``,
``gongkai/catalog/access.py``, the role checks of ``publishing.services`` and the item workflow)
for every persona × object, against the same tables the pages are checked with; the pages and
the API are then asked once per role class (``one_per_class``). The world is built once for the
module (``tests.builders.module_data``); each test runs in a savepoint inside it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from gongkai.api.api import api
from gongkai.catalog import access as catalog_access
from gongkai.gazette import access as gazette_access
from gongkai.gazette.models import GazetteIssue
from gongkai.orgs import access as org_access
from gongkai.orgs.models import Membership, Role, Unit
from gongkai.publishing import access as item_access
from gongkai.publishing import workflow
from gongkai.publishing.models import Attachment, Item
from gongkai.publishing.services import require_unit_role
from gongkai.reminders.models import Reminder
from gongkai.workdays.models import DayOverride
from tests import builders
from tests.assessment.test_permissions import ASSESSMENT_PAGES
from tests.catalog.factories import a_domain, an_entry
from tests.conftest import ApiClient
from tests.exchange.test_exchange_permissions import EXCHANGE_API_OPERATIONS
from tests.exchange.test_partner_pages import EXCHANGE_PARTNER_PAGES
from tests.foi.test_permissions import FOI_API_OPERATIONS, FOI_LIST_PAGES, FOI_PAGES
from tests.matrix import lets_through, mismatches, one_per_class
from tests.participation.test_consultations_permissions import CONSULTATION_API_OPERATIONS, CONSULTATION_PAGES
from tests.participation.test_inquiries_permissions import INQUIRY_API_OPERATIONS, INQUIRY_LIST_PAGES, INQUIRY_PAGES
from tests.participation.test_knowledge_permissions import KNOWLEDGE_PAGES
from tests.reports.test_dashboard_permissions import DASHBOARD_PAGES
from tests.reports.test_permissions import REPORT_API_OPERATIONS, REPORT_CREATE, REPORT_LIST_PAGES, REPORT_PAGES
from tests.sites.directory.test_directory_permissions import SERVICE_API_OPERATIONS, SERVICE_PAGES
from tests.sites.test_sites_permissions import SITES_API_OPERATIONS, SITES_PAGES
from tests.supervision.inspection.test_inspection_permissions import INSPECTION_API_OPERATIONS, INSPECTION_PAGES
from tests.supervision.ledger.test_ledger_permissions import LEDGER_API_OPERATIONS, LEDGER_LIST_PAGES, LEDGER_PAGES
from tests.supervision.newmedia.test_newmedia_permissions import NEWMEDIA_API_OPERATIONS, NEWMEDIA_PAGES

PERSONAS = ["anonymous", "no_role", "editor", "reviewer", "signer", "handler", "office"]
STAFF = {"editor", "reviewer", "signer", "handler", "office"}
# Least to most privileged, for one_per_class; another unit's object before the own unit's. The
# roles of a unit are not ordered among themselves: the editor is put last of them because most
# pages here are the editor's (the refusal nearest the line is then the signer's), the signer
# just before (a signer-only page's nearest refusal is the editor's).
ORDER = ["anonymous", "no_role", "handler", "reviewer", "signer", "editor", "office"]
WHICH = ["other", "own"]
PDF = b"%PDF-1.4\n%%EOF\n"


@dataclass
class World:
    unit_own: Unit
    unit_other: Unit
    people: dict[str, Any]
    membership_pk: int
    override_pk: int
    alert_pk: int
    reminder_pk: int
    items: dict[str, Item]  # own/other: a draft with one attachment
    issues: dict[str, GazetteIssue]  # own/other: a draft issue with one entry
    entries: dict[str, int]
    policies: dict[str, Item]  # own/other: a normative policy document's item
    relations: dict[str, int]  # own/other: the document amends another of its unit
    interpretations: dict[str, Item]  # own/other: an interpretation of the document


def _item(office: Any, unit: Unit, which: str) -> Item:
    from gongkai.publishing import services

    item = services.create_item(
        office, unit, title=f"{which}信息", formed_on=dt.date(2026, 3, 2), genre="notice", topic="general"
    )
    # The file's bytes are written by each test that needs them, into its own media folder
    # (tests/conftest.py gives each test one): the world keeps nothing on disk.
    Attachment.objects.create(
        item=item, file=f"attachments/{which}.pdf", name="a.pdf", kind="pdf", size=len(PDF), sha256="0",
        uploaded_by=office,
    )  # fmt: skip
    return item


def _build() -> World:
    from gongkai.gazette import services as gazette
    from gongkai.policies import services as policies
    from gongkai.publishing.models import SiteAlert

    cast = builders.Cast()
    office = cast.office
    people: dict[str, Any] = {"anonymous": None, "office": office, "no_role": builders.person("nobody")}
    for role in ["editor", "reviewer", "signer", "handler"]:
        people[role] = builders.person(f"{role}_a", role, cast.unit_a)
    extra = builders.person("someone_b", Role.EDITOR, cast.unit_b)
    override = DayOverride.objects.create(day=dt.date(2026, 12, 31), is_working_day=True, name="测试")
    membership = Membership.objects.get(user=extra)
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
    an_entry()  # the catalogue's domain and entry (the table's rows get them)
    units = {"own": cast.unit_a, "other": cast.unit_b}
    items = {which: _item(office, unit, which) for which, unit in units.items()}
    issues, entries = {}, {}
    for which, unit in units.items():
        issues[which] = gazette.create_issue(
            office, unit, year=2026, number=1 if which == "own" else 2, issue_date=dt.date(2026, 3, 2)
        )
        entries[which] = gazette.add_entry(office, issues[which], title="目录条目").pk
    documents, relations, interpretations = {}, {}, {}
    fields = {"formed_on": dt.date(2026, 3, 2), "genre": "measures", "topic": "general"}
    for which, unit in units.items():
        document = policies.create_policy(office, unit, {}, title=f"{which}办法", normative=True, **fields)
        older = policies.create_policy(office, unit, {}, title=f"{which}旧办法", **fields)
        relations[which] = policies.add_relation(office, document, older, "amends").pk
        meta = {"agency": unit.name, "person": "赵建国", "phone": "0477-8583210"}
        interpretation = policies.create_interpretation(office, unit, document, meta, title="解读", **fields)
        documents[which], interpretations[which] = document.item, interpretation.item
    return World(
        cast.unit_a, cast.unit_b, people, membership.pk, override.pk, alert.pk, failed.pk,
        items, issues, entries, documents, relations, interpretations,
    )  # fmt: skip


# Built once for the module; each test runs in a savepoint inside it (tests/builders.py).
world = builders.module_data(_build)
pytestmark = pytest.mark.django_db

# The anonymous are a class of their own (one_per_class's ``anonymous``): their 302 to the login
# page lets nobody in.
REFUSED = {401, 403, 404}


def _let_in(answer: int) -> bool:
    """For one_per_class: a 422 (the form back with its errors) lets in; the login page does not."""
    return answer not in REFUSED


def _unit(world: World, which: str) -> Unit:
    return world.unit_own if which == "own" else world.unit_other


# (url name, method, kwargs builder, data builder, who may, the allowed answer)
PageRow = tuple[str, str, Callable[[World, str], dict[str, Any]], Callable[[World, str], dict[str, Any]], set[str], int]
PAGES: list[PageRow] = [
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
    ("workbench:calendar_notice", "get", lambda w, u: {}, lambda w, u: {}, {"office"}, 200),
    ("workbench:calendar_notice", "post", lambda w, u: {}, lambda w, u: {"text": ""}, {"office"}, 422),
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


PAGE_CASES: list[tuple[PageRow, str, str]] = one_per_class(
    [(page, persona, which) for page in PAGES for persona in ORDER for which in WHICH],
    row=lambda case: (case[0][0], case[0][1]),
    answer=lambda case: _expected(case[1], case[0][4], case[0][5]),
    anonymous=lambda case: case[1] == "anonymous",
    let_in=_let_in,
)


@pytest.mark.parametrize(("page", "persona", "which"), PAGE_CASES,
                         ids=[f"{c[0][1]}:{c[0][0]}:{c[1]}:{c[2]}" for c in PAGE_CASES])  # fmt: skip
def test_workbench_matrix(world: World, page: PageRow, persona: str, which: str) -> None:
    name, method, kwargs, data, allowed, ok = page
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
    ("post", "/items/{item_id}/attachments"),
    ("delete", "/items/{item_id}/attachments/{attachment_id}"),
    ("post", "/items/{item_id}/attachments/{attachment_id}/takedown"),
    ("post", "/items/{item_id}/attachments/{attachment_id}/replacement"),
    ("get", "/public/items"),
    ("get", "/search"),
}


def _api_expect(persona: str, allowed: set[str] | None, ok: int, anon: int) -> int:
    if persona == "anonymous":
        return anon
    if allowed is None or persona in allowed:
        return ok
    return 403


ApiRow = tuple[str, Callable[[World, str], str], Any, set[str] | None, int, int]


def _api_name(case: ApiRow) -> str:
    return f"{case[0]}:{case[1](None, '')}"  # type: ignore[arg-type]  # these paths need no world


API_RUNS: list[tuple[ApiRow, str, str]] = one_per_class(
    [(case, persona, which) for case in API_CASES for persona in ORDER for which in WHICH],
    row=lambda case: _api_name(case[0]),
    answer=lambda case: _api_expect(case[1], case[0][3], case[0][4], case[0][5]),
    let_in=_let_in,
)


@pytest.mark.parametrize(("case", "persona", "which"), API_RUNS,
                         ids=[f"{_api_name(c[0])}:{c[1]}:{c[2]}" for c in API_RUNS])  # fmt: skip
def test_api_matrix(world: World, api_as: Callable[[Any], ApiClient], case: ApiRow, persona: str, which: str) -> None:
    method, path, payload, allowed, ok, anon = case
    client = api_as(world.people[persona])
    url = path(world, which)
    if method == "get":
        response = client.client.get(f"/api/v1{url}", headers=client.headers)
    else:
        response = client.post(url, payload)
    expected = _api_expect(persona, allowed, ok, anon)
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
        | {p[0] for p in SITES_PAGES}
        | {p[0] for p in SERVICE_PAGES}
        | {p[0] for p in EXCHANGE_PARTNER_PAGES}
    )
    assert workbench - covered == set(), "add the new workbench URLs to PAGES"
    schema = api.get_openapi_schema()
    operations = {(m, p.removeprefix("/api/v1")) for p, ops in schema["paths"].items() for m in ops}
    matrices = API_OPERATIONS | FOI_API_OPERATIONS | REPORT_API_OPERATIONS | CONSULTATION_API_OPERATIONS
    matrices |= INQUIRY_API_OPERATIONS | LEDGER_API_OPERATIONS | NEWMEDIA_API_OPERATIONS | INSPECTION_API_OPERATIONS
    matrices |= SITES_API_OPERATIONS | SERVICE_API_OPERATIONS | EXCHANGE_API_OPERATIONS
    assert operations == matrices, "add them to a matrix"


# Items belong to a unit: staff of unit A see and act on A's items only; the office sees all.
# Another unit's item is a 404 (its existence is not revealed).
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
    ("workbench:attachment_take_down", "post", {}, {"signer", "office"}, 302),
    ("workbench:attachment_replace", "post", {}, {"editor", "office"}, 302),
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
ItemRow = tuple[str, str, dict[str, Any], set[str], int]


def _scoped_cases(rows: list[ItemRow]) -> list[tuple[ItemRow, str, str]]:
    """One case per row × role class, the object of another unit before the own unit's."""
    return one_per_class(
        [(page, persona, which) for page in rows for persona in ORDER for which in WHICH],
        row=lambda case: (case[0][0], case[0][1]),
        answer=lambda case: _item_expect(case[1], case[2], case[0][3], case[0][4]),
        anonymous=lambda case: case[1] == "anonymous",
        let_in=_let_in,
    )


def _put_files(item: Item) -> None:
    """The attachments' bytes, into this test's media folder (the world keeps only the rows)."""
    for attachment in item.attachments.all():
        assert attachment.file.storage.save(attachment.file.name, ContentFile(PDF)) == attachment.file.name


ITEM_CASES = _scoped_cases(ITEM_PAGES)


@pytest.mark.parametrize(("page", "persona", "which"), ITEM_CASES,
                         ids=[f"{c[0][0]}:{c[1]}:{c[2]}" for c in ITEM_CASES])  # fmt: skip
def test_item_pages_matrix(world: World, page: ItemRow, persona: str, which: str) -> None:
    name, method, data, roles, ok = page
    item = world.items[which]
    _put_files(item)
    kwargs: dict[str, Any] = {"pk": item.pk}
    if name.startswith("workbench:attachment_") and name != "workbench:attachment_add":
        kwargs["attachment_pk"] = item.attachments.get().pk
    response = getattr(_client(world, persona), method)(reverse(name, kwargs=kwargs), data)
    assert response.status_code == _item_expect(persona, which, roles, ok), f"{persona} {name} {which}"


UNSCOPED_CASES = one_per_class(
    [(page, persona) for page in UNSCOPED_ITEM_PAGES for persona in ORDER],
    row=lambda case: (case[0][0], case[0][1]),
    answer=lambda case: _item_expect(case[1], "own", case[0][2], case[0][3]),
    anonymous=lambda case: case[1] == "anonymous",
    let_in=_let_in,
)


@pytest.mark.parametrize(("page", "persona"), UNSCOPED_CASES,
                         ids=[f"{c[0][0]}:{c[1]}" for c in UNSCOPED_CASES])  # fmt: skip
def test_item_list_pages_matrix(world: World, page: tuple[str, str, set[str], int], persona: str) -> None:
    name, method, roles, ok = page
    response = getattr(_client(world, persona), method)(reverse(name))
    assert response.status_code == _item_expect(persona, "own", roles, ok), f"{persona} {name}"


ITEM_API: list[tuple[str, str, dict[str, Any] | None, set[str], int]] = [
    ("get", "/items/{id}", None, STAFF, 200),
    ("patch", "/items/{id}", {"version": 1, "title": "新"}, {"editor", "office"}, 200),
    ("post", "/items/{id}/actions", {"action": "submit"}, {"editor", "office"}, 200),
]


def _item_api_expect(persona: str, which: str, roles: set[str], ok: int) -> int:
    if persona == "anonymous":
        return 401
    if persona == "no_role" or (persona != "office" and which == "other"):
        return 404
    return ok if persona in roles else 403


ItemApiRow = tuple[str, str, dict[str, Any] | None, set[str], int]
ITEM_API_CASES: list[tuple[ItemApiRow, str, str]] = one_per_class(
    [(case, persona, which) for case in ITEM_API for persona in ORDER for which in WHICH],
    row=lambda case: (case[0][0], case[0][1]),
    answer=lambda case: _item_api_expect(case[1], case[2], case[0][3], case[0][4]),
    let_in=_let_in,
)


@pytest.mark.parametrize(("case", "persona", "which"), ITEM_API_CASES,
                         ids=[f"{c[0][0]}:{c[0][1]}:{c[1]}:{c[2]}" for c in ITEM_API_CASES])  # fmt: skip
def test_item_api_matrix(
    world: World, api_as: Callable[[Any], ApiClient], case: ItemApiRow, persona: str, which: str
) -> None:
    method, path, payload, roles, ok = case
    item = world.items[which]
    client = api_as(world.people[persona])
    url = "/api/v1" + path.format(id=item.pk)
    if method == "get":
        response = client.client.get(url, headers=client.headers)
    else:
        response = getattr(client.client, method)(url, payload, content_type="application/json", headers=client.headers)
    expected = _item_api_expect(persona, which, roles, ok)
    assert response.status_code == expected, f"{persona} {method} {url}: {response.content!r}"


# The files of an item (API.md; issue 24): uploads are multipart, the rest JSON. The world's items
# are drafts with one file: removing it is the editor's (204), taking it down the signer's (409:
# a draft's file is not public), uploading and replacing the editor's (201).
ATTACHMENT_API: list[tuple[str, str, bool, set[str], int]] = [
    ("post", "/items/{id}/attachments", True, {"editor", "office"}, 201),
    ("delete", "/items/{id}/attachments/{file}", False, {"editor", "office"}, 204),
    ("post", "/items/{id}/attachments/{file}/takedown", False, {"signer", "office"}, 409),
    ("post", "/items/{id}/attachments/{file}/replacement", True, {"editor", "office"}, 201),
]
AttachmentApiRow = tuple[str, str, bool, set[str], int]
ATTACHMENT_API_CASES: list[tuple[AttachmentApiRow, str, str]] = one_per_class(
    [(case, persona, which) for case in ATTACHMENT_API for persona in ORDER for which in WHICH],
    row=lambda case: (case[0][0], case[0][1]),
    answer=lambda case: _item_api_expect(case[1], case[2], case[0][3], case[0][4]),
    let_in=_let_in,
)


@pytest.mark.parametrize(("case", "persona", "which"), ATTACHMENT_API_CASES,
                         ids=[f"{c[0][0]}:{c[0][1]}:{c[1]}:{c[2]}" for c in ATTACHMENT_API_CASES])  # fmt: skip
def test_attachment_api_matrix(
    world: World, api_as: Callable[[Any], ApiClient], case: AttachmentApiRow, persona: str, which: str
) -> None:
    method, path, multipart, roles, ok = case
    item = world.items[which]
    _put_files(item)
    client = api_as(world.people[persona])
    url = "/api/v1" + path.format(id=item.pk, file=item.attachments.get().pk)
    if multipart:
        response = client.client.post(url, {"file": SimpleUploadedFile("b.pdf", PDF)}, headers=client.headers)
    else:
        body = {"reason": "核实"} if path.endswith("takedown") else None
        response = getattr(client.client, method)(url, body, content_type="application/json", headers=client.headers)
    expected = _item_api_expect(persona, which, roles, ok)
    assert response.status_code == expected, f"{persona} {method} {url}: {response.content!r}"


def _item_create_expect(persona: str, which: str) -> int:
    if persona == "anonymous":
        return 401
    if persona == "office" or (persona == "editor" and which == "own"):
        return 201
    return 403


ITEM_CREATE_CASES = one_per_class(
    [(persona, which) for persona in ORDER for which in WHICH],
    row=lambda case: "post /items",
    answer=lambda case: _item_create_expect(*case),
    let_in=_let_in,
)


@pytest.mark.parametrize(("persona", "which"), ITEM_CREATE_CASES)
def test_item_create_api_matrix(world: World, api_as: Callable[[Any], ApiClient], persona: str, which: str) -> None:
    unit = world.unit_own if which == "own" else world.unit_other
    response = api_as(world.people[persona]).post(
        "/items", {"unit_id": unit.pk, "title": "t", "formed_on": "2026-03-02", "genre": "notice", "topic": "general"}
    )
    expected = _item_create_expect(persona, which)
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
GAZETTE_CASES = _scoped_cases(GAZETTE_PAGES)


@pytest.mark.parametrize(("page", "persona", "which"), GAZETTE_CASES,
                         ids=[f"{c[0][1]}:{c[0][0]}:{c[1]}:{c[2]}" for c in GAZETTE_CASES])  # fmt: skip
def test_gazette_pages_matrix(world: World, page: ItemRow, persona: str, which: str) -> None:
    name, method, data, roles, ok = page
    issue = world.issues[which]
    kwargs: dict[str, Any] = {"pk": issue.pk}
    if name in {"workbench:gazette_entry_edit", "workbench:gazette_entry_remove"}:
        kwargs["entry_pk"] = world.entries[which]
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
POLICY_CASES = _scoped_cases(POLICY_PAGES)


@pytest.mark.parametrize(("page", "persona", "which"), POLICY_CASES,
                         ids=[f"{c[0][1]}:{c[0][0]}:{c[1]}:{c[2]}" for c in POLICY_CASES])  # fmt: skip
def test_policy_pages_matrix(world: World, page: ItemRow, persona: str, which: str) -> None:
    name, method, data, roles, ok = page
    item = world.interpretations[which] if name == "workbench:interpretation_edit" else world.policies[which]
    kwargs: dict[str, Any] = {"pk": item.pk}
    if name == "workbench:policy_relation_remove":
        kwargs["relation_pk"] = world.relations[which]
    response = getattr(_client(world, persona), method)(reverse(name, kwargs=kwargs), data)
    assert response.status_code == _item_expect(persona, which, roles, ok), f"{persona} {method} {name} {which}"


# The rules, without HTTP: every persona × object × access function, against the tables above.


def _page_rule(name: str, allowed: set[str]) -> Callable[[Any], bool]:
    """What decides a page that is not about one object: any staff member (``staff_required``) or
    the office (``office_required``); the audit trail and the catalogue have their own access."""
    if allowed == STAFF:
        return org_access.is_staff_member
    assert allowed == {"office"}, f"{name}: which rule answers {allowed}?"
    if name.startswith("workbench:audit"):
        return lambda user: org_access.audit_entries_visible_to(user).exists()
    if name.startswith("workbench:catalog"):
        return lambda user: lets_through(catalog_access.require_keeper, user)
    return org_access.is_office


def _may(user: Any, item: Item, name: str, roles: set[str], data: dict[str, Any] | None) -> bool:
    """What the views ask of an item they let the user see: nothing more for a page all staff
    see; the workflow for an action; an editor's role in some unit to start an interpretation;
    else one of the row's roles in the item's unit (``require_unit_role``: the office acts for
    every unit, so its role is not passed)."""
    if roles == STAFF:
        return True
    if data and "action" in data:
        return data["action"] in workflow.allowed_actions(user, item)
    if name == "workbench:interpretation_create":
        return org_access.units_for(user, Role.EDITOR).exists()
    return lets_through(require_unit_role, user, item, *sorted(roles - {"office"}))


def _object_rules(world: World, user: Any, persona: str, which: str) -> list[str]:
    """The rules about the objects of one unit: creating items in it, seeing and acting on its
    item, gazette issue, policy document and interpretation."""
    found: dict[str, object] = {}
    expected: dict[str, object] = {}
    found["post /items"] = org_access.can_act(user, _unit(world, which), Role.EDITOR)
    expected["post /items"] = _item_create_expect(persona, which) == 201
    item = world.items[which]
    sees = lets_through(item_access.get_item_for, user, item.pk)
    for name, _method, data, roles, ok in ITEM_PAGES:
        found[name] = sees and _may(user, item, name, roles, data)
        expected[name] = _item_expect(persona, which, roles, ok) == ok
    for method, path, payload, roles, ok in ITEM_API:
        found[f"{method} {path}"] = sees and _may(user, item, path, roles, payload)
        expected[f"{method} {path}"] = _item_api_expect(persona, which, roles, ok) == ok
    issue = world.issues[which]
    sees = lets_through(gazette_access.get_issue_for, user, issue.pk)
    for name, method, data, roles, ok in GAZETTE_PAGES:
        found[f"{method} {name}"] = sees and _may(user, issue.item, name, roles, data)
        expected[f"{method} {name}"] = _item_expect(persona, which, roles, ok) == ok
    for name, method, data, roles, ok in POLICY_PAGES:
        target = world.interpretations[which] if name == "workbench:interpretation_edit" else world.policies[which]
        sees = lets_through(item_access.get_item_for, user, target.pk)
        found[f"{method} {name}"] = sees and _may(user, target, name, roles, data)
        expected[f"{method} {name}"] = _item_expect(persona, which, roles, ok) == ok
    return mismatches(found, expected)


def test_the_rules_without_http(world: World) -> None:
    """Every persona × object × access function, against the same tables the pages and the API
    are checked with: the pages for any staff member or for the office only, creating items (in
    a unit, in any unit), creating units; seeing each object of each unit (else 404) and each
    thing done to it."""
    wrong: list[str] = []
    for persona in ORDER:
        if world.people[persona] is None:
            continue  # the anonymous are sent to the login page (the API: 401) before any rule is asked
        user = get_user_model().objects.get(pk=world.people[persona].pk)  # roles are cached on the object
        found: dict[str, object] = {}
        expected: dict[str, object] = {}
        for name, method, _kwargs, _data, allowed, ok in PAGES:
            found[f"{method} {name}"] = _page_rule(name, allowed)(user)
            expected[f"{method} {name}"] = _expected(persona, allowed, ok) == ok
        for name, _method, roles, ok in UNSCOPED_ITEM_PAGES:
            if roles == STAFF:
                found[name] = org_access.is_staff_member(user)
            else:  # the create pages: an editor of some unit (the office: of every unit)
                found[name] = org_access.units_for(user, Role.EDITOR).exists()
            expected[name] = _item_expect(persona, "own", roles, ok) == ok
        for method, path, _payload, allowed, ok, anon in API_CASES:
            if allowed == {"office"}:  # the other operations answer anyone with a token, or everyone
                key = f"{method} {path(world, 'own')}"
                found[key] = lets_through(org_access.require_office, user)
                expected[key] = _api_expect(persona, allowed, ok, anon) == ok
        wrong += [f"{persona} {line}" for line in mismatches(found, expected)]
        for which in WHICH:
            wrong += [f"{persona} {which} {line}" for line in _object_rules(world, user, persona, which)]
    assert not wrong, "\n".join(wrong)

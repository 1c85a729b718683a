"""The permission matrix of the new-media registry: every workbench URL and API operation × role ×
own/other unit.

A unit's editor (信息员) applies, starts operation once filed, records the last content date,
edits the details and reports rectification done; its reviewer sees the unit's accounts and does
nothing else; other roles (signer, handler) have no new-media pages (403). The office does the
office's steps (approve, reject, file, order rectification, close, cancel), the annual review and
the settings, and may act for every unit. Another unit's account is a 404. ``tests/test_permissions.py``
can import ``NEWMEDIA_PAGES`` and ``NEWMEDIA_API_OPERATIONS``; pages whose kind is "" are not about
one account (reverse them without arguments, own/other does not apply).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from gongkai.orgs.models import Unit
from gongkai.supervision.newmedia import access
from gongkai.supervision.newmedia import lifecycle as lc
from gongkai.supervision.newmedia.models import Account
from tests import builders
from tests.conftest import ApiClient
from tests.matrix import mismatches, one_per_class
from tests.supervision.newmedia.conftest import build_account, platform

PERSONAS = ["anonymous", "no_role", "editor", "reviewer", "signer", "handler", "office"]
NOW = dt.datetime(2026, 12, 2, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
KINDS = [lc.APPLICATION, lc.APPROVED, lc.FILED, lc.OPERATING, lc.RECTIFICATION]


@dataclass
class NewMediaWorld:
    people: dict[str, Any]
    units: dict[str, Unit]
    accounts: dict[tuple[str, str], Account]  # (own/other, state)


def _build() -> NewMediaWorld:
    with time_machine.travel(NOW, tick=False):
        cast = builders.Cast()
        people = cast.personas()
        units = {"own": cast.unit_a, "other": cast.unit_b}
        writers = {which: builders.person(f"writer_{which}", "editor", unit) for which, unit in units.items()}
        found = {
            (which, kind): build_account(writers[which], cast.office, unit, kind)
            for which, unit in units.items()
            for kind in KINDS
        }
        return NewMediaWorld(people, units, found)


# Built once for the module; each test runs in a savepoint inside it (tests/builders.py).
newmedia_world = builders.module_data(_build)
pytestmark = pytest.mark.django_db


OFFICE = {"editor": 403, "reviewer": 403, "office": 302}
UNIT = {"editor": 302, "reviewer": 403, "office": 302}
SEE = {"editor": 200, "reviewer": 200, "office": 200}
OFFICE_PAGE = {"editor": 403, "reviewer": 403, "office": 200}
DETAILS = {"details-name": "改名", "details-account_id": "new{pk}", "details-home_url": "https://example.cn/a"}
# (url name, method, which account (its state; "" = no account), form data, {role: answer for the own unit})
NEWMEDIA_PAGES: list[tuple[str, str, str, dict[str, Any], dict[str, int]]] = [
    ("workbench:newmedia", "get", "", {}, SEE),
    ("workbench:newmedia_apply", "get", "", {}, {"editor": 200, "reviewer": 403, "office": 200}),
    ("workbench:newmedia_apply", "post", "", {"unit_id": "{unit}", "platform_id": "{platform}", "name": "新号",
                                              "purpose": "发布信息"}, UNIT),
    ("workbench:newmedia_settings", "get", "", {}, OFFICE_PAGE),
    ("workbench:newmedia_platform_add", "post", "", {"platform-name": "B站"}, OFFICE),
    ("workbench:newmedia_reviews", "get", "", {}, OFFICE_PAGE),
    ("workbench:newmedia_reviews_export", "get", "", {}, OFFICE_PAGE),
    ("workbench:newmedia_account", "get", lc.OPERATING, {}, SEE),
    ("workbench:newmedia_step", "post", lc.APPLICATION, {"action": "approve"}, OFFICE),
    ("workbench:newmedia_step", "post", lc.APPLICATION, {"action": "reject", "reject-reason": "不必要"}, OFFICE),
    ("workbench:newmedia_step", "post", lc.APPROVED, {"action": "file", "file-filing_number": "BA-N{pk}"}, OFFICE),
    ("workbench:newmedia_step", "post", lc.FILED, {"action": "start", "start-reason": ""}, UNIT),
    ("workbench:newmedia_step", "post", lc.OPERATING, {"action": "order_rectification",
                                                       "order_rectification-reason": "留言未回复"}, OFFICE),
    ("workbench:newmedia_step", "post", lc.RECTIFICATION, {"action": "report_rectified",
                                                           "report_rectified-reason": "已回复"}, UNIT),
    ("workbench:newmedia_step", "post", lc.OPERATING, {"action": "close", "close-reason": "整合"}, OFFICE),
    ("workbench:newmedia_step", "post", lc.RECTIFICATION, {"action": "cancel", "cancel-reason": "注销"}, OFFICE),
    ("workbench:newmedia_content", "post", lc.OPERATING, {"content-on": "2026-12-01"}, UNIT),
    ("workbench:newmedia_details", "post", lc.OPERATING, DETAILS, UNIT),
    ("workbench:newmedia_review", "post", lc.OPERATING, {"review-{pk}-result": "passed", "review-{pk}-year": "2026"},
     OFFICE),
]  # fmt: skip
# Office-only pages answer 403 before looking at the account, whichever unit it belongs to.
OFFICE_ONLY = {"workbench:newmedia_review"}
SCOPED = [p for p in NEWMEDIA_PAGES if p[2]]
UNSCOPED = [p for p in NEWMEDIA_PAGES if not p[2]]


def _client(world: NewMediaWorld, persona: str) -> Client:
    client = Client()
    if world.people[persona] is not None:
        client.force_login(world.people[persona], backend="django.contrib.auth.backends.ModelBackend")
    return client


def _expect(name: str, persona: str, which: str, allowed: dict[str, int]) -> int:
    if persona == "anonymous":
        return 302
    if persona in {"no_role", "signer", "handler"}:
        return 403
    if persona == "office" or which == "own":
        return allowed[persona]
    return 403 if name in OFFICE_ONLY else 404


def _fill(data: dict[str, Any], **values: Any) -> dict[str, str]:
    return {k.format(**values): str(v).format(**values) for k, v in data.items()}


# Least to most privileged in new media; another unit's account before the own unit's.
ORDER = ["anonymous", "no_role", "signer", "handler", "reviewer", "editor", "office"]
WHICH = ["other", "own"]
ScopedCase = tuple[tuple[str, str, str, dict[str, Any], dict[str, int]], str, str]
SCOPED_CASES: list[ScopedCase] = one_per_class(
    [(page, persona, which) for page in SCOPED for persona in ORDER for which in WHICH],
    row=lambda case: (case[0][0], case[0][1], str(case[0][3])),
    answer=lambda case: _expect(case[0][0], case[1], case[2], case[0][4]),
    anonymous=lambda case: case[1] == "anonymous",
)
UNSCOPED_CASES = one_per_class(
    [(page, persona) for page in UNSCOPED for persona in ORDER],
    row=lambda case: (case[0][0], case[0][1]),
    answer=lambda case: _expect(case[0][0], case[1], "own", case[0][4]),
    anonymous=lambda case: case[1] == "anonymous",
)


def test_the_rules_without_http(newmedia_world: NewMediaWorld) -> None:
    """Every persona × account (own/other unit, every state) × access function, against the
    same table the pages are checked with: seeing an account (else 404), taking each step,
    applying, the office's review."""
    wrong: list[str] = []
    for persona in ORDER:
        user = newmedia_world.people[persona]
        if user is None:
            continue  # the anonymous are sent to the login page before any rule is asked
        sees = access.may_use(user)
        for (which, kind), account in newmedia_world.accounts.items():
            visible = access.accounts_visible_to(user).filter(pk=account.pk).exists()
            found: dict[str, object] = {
                "sees the registry": sees,
                "sees the account": visible,
                "may apply": access.application_units(user).exists(),
                "reviews": access.may_review(user),
            }
            expected: dict[str, object] = {
                "sees the registry": _expect("workbench:newmedia", persona, "own", SEE) == 200,
                "sees the account": _expect("workbench:newmedia_account", persona, which, SEE) == 200,
            }
            for name, _method, state, data, allowed in SCOPED:
                if state == kind and "action" in data:
                    step = f"step {data['action']}"
                    found[step] = access.may_take(user, account, lc.TRANSITIONS[data["action"]])
                    # 404 (cannot see it) and 403 (sees it, may not) are both "may not".
                    expected[step] = _expect(name, persona, which, allowed) == 302
            expected["may apply"] = _expect("workbench:newmedia_apply", persona, "own", UNIT) == 302
            expected["reviews"] = _expect("workbench:newmedia_review", persona, which, OFFICE) == 302
            wrong += [f"{persona} {which} {kind} {line}" for line in mismatches(found, expected)]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize(("page", "persona", "which"), SCOPED_CASES,
                         ids=[f"{c[0][1]}:{c[0][0]}:{c[0][3].get('action', c[0][2])}:{c[1]}:{c[2]}"
                              for c in SCOPED_CASES])  # fmt: skip
def test_account_pages_one_per_role_class(
    newmedia_world: NewMediaWorld, page: tuple[str, str, str, dict[str, Any], dict[str, int]], persona: str, which: str
) -> None:
    name, method, kind, data, allowed = page
    account = newmedia_world.accounts[(which, kind)]
    with time_machine.travel(NOW, tick=False):
        client = _client(newmedia_world, persona)
        response = getattr(client, method)(reverse(name, args=[account.pk]), _fill(data, pk=account.pk))
    assert response.status_code == _expect(name, persona, which, allowed), f"{persona} {method} {name} {which}"
    if response.status_code == 302 and persona != "anonymous" and "action" in data:
        assert Account.objects.get(pk=account.pk).state == lc.TRANSITIONS[data["action"]].target


@pytest.mark.parametrize(("page", "persona"), UNSCOPED_CASES,
                         ids=[f"{c[0][1]}:{c[0][0]}:{c[1]}" for c in UNSCOPED_CASES])  # fmt: skip
def test_unscoped_pages_one_per_role_class(
    newmedia_world: NewMediaWorld, page: tuple[str, str, str, dict[str, Any], dict[str, int]], persona: str
) -> None:
    name, method, _kind, data, allowed = page
    body = _fill(data, unit=newmedia_world.units["own"].pk, platform=platform().pk)
    with time_machine.travel(NOW, tick=False):
        response = getattr(_client(newmedia_world, persona), method)(reverse(name), body)
    assert response.status_code == _expect(name, persona, "own", allowed), f"{persona} {method} {name}"


def test_the_list_shows_only_the_units_accounts(newmedia_world: NewMediaWorld) -> None:
    text = _client(newmedia_world, "reviewer").get(reverse("workbench:newmedia")).content.decode()
    own = newmedia_world.accounts[("own", lc.OPERATING)]
    other = newmedia_world.accounts[("other", lc.OPERATING)]
    assert own.name in text and other.name not in text


def test_an_editor_cannot_apply_for_another_unit_through_the_form(newmedia_world: NewMediaWorld) -> None:
    data = {"unit_id": newmedia_world.units["other"].pk, "platform_id": platform().pk, "name": "越权", "purpose": "x"}
    response = _client(newmedia_world, "editor").post(reverse("workbench:newmedia_apply"), data)
    assert response.status_code == 422
    assert not Account.objects.filter(name="越权").exists()


NEWMEDIA_API_OPERATIONS = {
    ("get", "/newmedia/accounts"),
    ("post", "/newmedia/accounts/{account_id}/content"),
}


def _expect_list(persona: str) -> int:
    return {"anonymous": 401, "editor": 200, "reviewer": 200, "office": 200}.get(persona, 403)


@pytest.mark.parametrize("persona", PERSONAS)
def test_list_api_matrix(newmedia_world: NewMediaWorld, api_as: Any, persona: str) -> None:
    client: ApiClient = api_as(newmedia_world.people[persona])
    response = client.get("/newmedia/accounts")
    assert response.status_code == _expect_list(persona), persona
    if response.status_code != 200:
        assert set(response.json()) == {"detail", "field"}
        return
    units = {a["unit"]["id"] for a in response.json()}
    expected = set(newmedia_world.units.values()) if persona == "office" else {newmedia_world.units["own"]}
    assert units == {u.pk for u in expected}


def _expect_content(persona: str, which: str) -> int:
    if persona == "anonymous":
        return 401
    if persona == "office" or (persona == "editor" and which == "own"):
        return 200
    if persona == "reviewer" and which == "own":
        return 403  # sees the account, may not record for it
    return 404


@pytest.mark.parametrize("which", ["own", "other"])
@pytest.mark.parametrize("persona", PERSONAS)
def test_content_api_matrix(newmedia_world: NewMediaWorld, api_as: Any, persona: str, which: str) -> None:
    account = newmedia_world.accounts[(which, lc.OPERATING)]
    client: ApiClient = api_as(newmedia_world.people[persona])
    with time_machine.travel(NOW, tick=False):
        response = client.post(f"/newmedia/accounts/{account.pk}/content", {"on": "2026-12-01"})
    expected = _expect_content(persona, which)
    assert response.status_code == expected, f"{persona} {which}: {response.content!r}"
    if expected >= 400:
        assert set(response.json()) == {"detail", "field"}
    else:
        assert response.json()["last_content_on"] == "2026-12-01"


def test_operations_are_the_routers(db: Any) -> None:
    from gongkai.api.routers.newmedia import router

    found = {
        (method.lower(), path)
        for path, view in router.path_operations.items()
        for op in view.operations
        for method in op.methods
    }
    assert found == NEWMEDIA_API_OPERATIONS


def test_every_newmedia_url_is_in_the_matrix() -> None:
    from gongkai.workbench import urls_newmedia

    names = {f"workbench:{p.name}" for p in urls_newmedia.urlpatterns}
    assert names == {p[0] for p in NEWMEDIA_PAGES}

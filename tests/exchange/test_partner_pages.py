"""交换伙伴 in the workbench (issue 19, point 4): the office's pages of exchange partners, and their
permission matrix.

Only the office sees and changes partners: anyone else signed in with a role gets 403, a person
with no role 403, the anonymous visitor the login page. ``tests/test_permissions.py`` imports
``EXCHANGE_PARTNER_PAGES``: (url name, method, what the URL names — "" nothing, "partner", "failure"
—, form data, the office's answer).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.audit.models import AuditEntry
from gongkai.exchange import signing
from gongkai.exchange.models import DeliveryFailure, Partner
from gongkai.orgs.models import Unit
from gongkai.sites.models import Column, Site
from tests import builders
from tests.matrix import one_per_class

pytestmark = pytest.mark.django_db

ORDER = ["anonymous", "no_role", "handler", "editor", "reviewer", "signer", "office"]
# Partners of the tests live on the loopback, which the exchange's outbound rule refuses unless
# allowed: a cycle the pages start fails at once, without any network.
NOWHERE = "http://127.0.0.1:9"


def peer_credentials(instance: str = "peer-city-0001") -> dict[str, str]:
    _private, public = signing.new_key_pair()
    return {"format": "gongkai-exchange/1", "instance": instance, "base_url": NOWHERE, "public_key": public}


@dataclass
class World:
    people: dict[str, Any]
    partner: Partner
    failure: DeliveryFailure
    column: Column
    unit: Unit


def _build() -> World:
    cast = builders.Cast()
    builders.site(cast.government)
    people = cast.personas()
    partner = Partner.objects.create(name="鄂尔多斯市人民政府", base_url=NOWHERE, direction="up")
    partner.peer_instance, partner.peer_public_key = "city-1", peer_credentials()["public_key"]
    partner.save()
    failure = DeliveryFailure.objects.create(
        partner=partner, direction="out", seq=3, origin_item=7, revision=1, title="退回的信息", reason="附件校验失败"
    )
    site = Site.objects.create(code="city", name="市政府网站", host="city.localhost")
    column = Column.objects.create(site=site, name="下级动态", slug="xjdt")
    return World(people, partner, failure, column, cast.unit_a)


world = builders.module_data(_build)

FLOWS = {"mode": "both", "active": "on", "kinds": "policy", "column_ids": "{column}", "unit_ids": "{unit}"}
EXCHANGE_PARTNER_PAGES: list[tuple[str, str, str, dict[str, Any], int]] = [
    ("workbench:exchange_partners", "get", "", {}, 200),
    ("workbench:exchange_partner_add", "get", "", {}, 200),
    ("workbench:exchange_partner_add", "post", "", {"name": "乌审旗", "base_url": "https://wsq.example.cn",
                                                    "direction": "down"}, 302),
    ("workbench:exchange_partner", "get", "partner", {}, 200),
    ("workbench:exchange_partner_credentials", "post", "partner", {"peer_credentials": "{credentials}"}, 302),
    ("workbench:exchange_partner_flows", "post", "partner", FLOWS, 302),
    ("workbench:exchange_partner_sync", "post", "partner", {}, 302),
    ("workbench:exchange_failure_retry", "post", "failure", {}, 302),
]  # fmt: skip


def _expect(persona: str, office_answer: int) -> int:
    if persona == "anonymous":
        return 302
    return office_answer if persona == "office" else 403


def _client(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _url(w: World, name: str, kind: str) -> str:
    if kind == "partner":
        return reverse(name, args=[w.partner.pk])
    if kind == "failure":
        return reverse(name, args=[w.partner.pk, w.failure.pk])
    return reverse(name)


def _data(w: World, data: dict[str, Any]) -> dict[str, str]:
    values = {"column": w.column.pk, "unit": w.unit.pk, "credentials": json.dumps(peer_credentials("city-2"))}
    return {k: str(v).format(**values) if v.startswith("{") else v for k, v in data.items()}


CASES = one_per_class(
    [(page, persona) for page in EXCHANGE_PARTNER_PAGES for persona in ORDER],
    row=lambda case: (case[0][0], case[0][1]),
    answer=lambda case: _expect(case[1], case[0][4]),
    anonymous=lambda case: case[1] == "anonymous",
)


@pytest.mark.parametrize(("page", "persona"), CASES, ids=[f"{c[0][1]}:{c[0][0]}:{c[1]}" for c in CASES])
def test_partner_pages_one_per_role_class(
    world: World, page: tuple[str, str, str, dict[str, Any], int], persona: str
) -> None:
    name, method, kind, data, office_answer = page
    response = getattr(_client(world.people[persona]), method)(_url(world, name, kind), _data(world, data))
    assert response.status_code == _expect(persona, office_answer), f"{persona} {method} {name}"
    if response.status_code == 302 and persona == "anonymous":
        assert "/login/" in response["Location"]


# --- what the office does ------------------------------------------------------------------------


@pytest.fixture
def office_client(world: World) -> Client:
    return _client(world.people["office"])


def test_the_list_shows_who_direction_last_success_lag_and_failures(world: World, office_client: Client) -> None:
    page = office_client.get(reverse("workbench:exchange_partners")).content.decode()
    assert "鄂尔多斯市人民政府" in page
    assert "上级" in page
    assert "尚未成功" in page  # never reached
    assert "1条记录未送达" in page
    assert reverse("workbench:exchange_partner", args=[world.partner.pk]) in page


def test_registering_shows_our_credentials_to_hand_over_and_never_the_private_key(office_client: Client) -> None:
    answer = office_client.post(
        reverse("workbench:exchange_partner_add"),
        {"name": "康巴什区人民政府", "base_url": "https://kbs.example.cn/", "direction": "down"},
    )
    assert answer.status_code == 302
    partner = Partner.objects.get(name="康巴什区人民政府")
    assert not partner.paired
    page = office_client.get(answer["Location"]).content.decode()
    assert "待粘贴对方凭据" in page
    from gongkai.exchange.identity import ours

    me = ours()
    assert me.instance_id in page and me.public_key in page
    assert me.private_key not in page
    assert AuditEntry.objects.filter(action="exchange.partner_created").exists()


def test_pasting_the_peers_credentials_completes_the_pairing(world: World, office_client: Client) -> None:
    partner = Partner.objects.create(name="乌审旗人民政府", base_url="https://wsq.example.cn", direction="down")
    url = reverse("workbench:exchange_partner_credentials", args=[partner.pk])
    bad = office_client.post(url, {"peer_credentials": "{不是JSON"})
    assert bad.status_code == 422
    assert "对方凭据不是有效的JSON" in bad.content.decode()
    wrong_key = office_client.post(url, {"peer_credentials": json.dumps({"instance": "x", "public_key": "AAAA"})})
    assert wrong_key.status_code == 422
    assert "公钥" in wrong_key.content.decode()
    partner.refresh_from_db()
    assert not partner.paired
    good = office_client.post(url, {"peer_credentials": json.dumps(peer_credentials("wsq-0001"))})
    assert good.status_code == 302
    partner.refresh_from_db()
    assert partner.paired and partner.peer_instance == "wsq-0001"


def test_what_flows_and_where_received_items_go_are_saved(world: World, office_client: Client) -> None:
    url = reverse("workbench:exchange_partner_flows", args=[world.partner.pk])
    answer = office_client.post(url, _data(world, FLOWS))
    assert answer.status_code == 302
    world.partner.refresh_from_db()
    assert world.partner.kinds == ["policy"]
    assert world.partner.column_ids == [world.column.pk]
    assert world.partner.unit_ids == [world.unit.pk]
    page = office_client.get(reverse("workbench:exchange_partner", args=[world.partner.pk])).content.decode()
    assert "市政府网站 · 下级动态" in page
    assert AuditEntry.objects.filter(action="exchange.partner_changed").exists()


def test_a_failure_shows_its_reason_and_a_retry_button(world: World, office_client: Client) -> None:
    page = office_client.get(reverse("workbench:exchange_partner", args=[world.partner.pk])).content.decode()
    assert "附件校验失败" in page and "退回的信息" in page
    retry = reverse("workbench:exchange_failure_retry", args=[world.partner.pk, world.failure.pk])
    assert f'action="{retry}"' in page
    answer = office_client.post(retry, follow=True)
    assert answer.status_code == 200
    assert AuditEntry.objects.filter(action="exchange.retried").exists()
    world.failure.refresh_from_db()
    assert world.failure.resolved_at is None  # the partner is unreachable: still listed, to retry again


def test_sync_now_runs_a_cycle_and_the_page_says_why_it_failed(
    world: World, office_client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    # The test's transaction holds back what runs "after commit": here, the cycle job.
    with django_capture_on_commit_callbacks(execute=True):
        answer = office_client.post(reverse("workbench:exchange_partner_sync", args=[world.partner.pk]))
    answer = office_client.get(answer["Location"])
    page = answer.content.decode()
    world.partner.refresh_from_db()
    assert world.partner.failures == 1 and world.partner.last_error
    assert "连续1次" in page and world.partner.last_error in page  # why, on the partner's page


def test_a_retry_of_another_partners_failure_is_404(world: World, office_client: Client) -> None:
    other = Partner.objects.create(name="杭锦旗人民政府", base_url="https://hjq.example.cn", direction="down")
    url = reverse("workbench:exchange_failure_retry", args=[other.pk, world.failure.pk])
    assert office_client.post(url).status_code == 404

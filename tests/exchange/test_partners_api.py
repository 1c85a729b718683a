"""The office registers and pairs partners through the API (API.md "Exchange between levels")."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from gongkai.audit.models import AuditEntry
from gongkai.exchange import identity, signing, warnings
from gongkai.exchange.models import DeliveryFailure, Partner
from gongkai.publishing.models import Item
from tests.conftest import ApiClient

pytestmark = pytest.mark.django_db


def patch(client: ApiClient, path: str, data: Any) -> Any:
    return client.client.generic(
        "PATCH", f"/api/v1{path}", json.dumps(data), content_type="application/json", headers=client.headers
    )


def peer_credentials() -> dict[str, str]:
    return {
        "format": "gongkai-exchange/1",
        "instance": "11150600MA0000999X-3f2a",
        "base_url": "https://city.example.test",
        "public_key": signing.new_key_pair()[1],
        "algorithm": "Ed25519",
        "organ": "测试市人民政府",
        "credit_code": "11150600MA0000999X",
    }


@pytest.fixture
def as_office(site: Any, office: Any, api_as: Callable[[Any], ApiClient]) -> ApiClient:
    return api_as(office)


def test_registering_a_partner_gives_our_credentials_without_a_secret(as_office: ApiClient) -> None:
    answer = as_office.post(
        "/exchange/partners", {"name": "测试市人民政府", "base_url": "https://city.example.test/", "direction": "up"}
    )
    assert answer.status_code == 201, answer.content
    body = answer.json()
    ours = body["our_credentials"]
    assert ours["instance"] == identity.ours().instance_id
    assert ours["instance"].startswith(identity.government().credit_code)  # type: ignore[union-attr]
    assert signing.valid_public_key(ours["public_key"]) and ours["algorithm"] == "Ed25519"
    assert ours["base_url"] == "http://testserver"
    assert "private" not in json.dumps(ours) and identity.ours().private_key not in json.dumps(ours)
    partner = Partner.objects.get(pk=body["id"])
    assert partner.base_url == "https://city.example.test" and not partner.paired
    assert AuditEntry.objects.filter(action="exchange.partner_created").exists()


def test_pairing_with_the_partners_credentials(as_office: ApiClient) -> None:
    made = as_office.post("/exchange/partners", {"name": "测试市", "base_url": "https://c.test", "direction": "up"})
    pk = made.json()["id"]
    credentials = peer_credentials()
    answer = patch(as_office, f"/exchange/partners/{pk}", {"peer_credentials": credentials})
    assert answer.status_code == 200, answer.content
    assert answer.json()["paired"] and answer.json()["peer_instance"] == credentials["instance"]
    shown = as_office.get(f"/exchange/partners/{pk}").json()
    assert {"id", "name", "direction", "last_success_at", "lag_seconds", "failures"} <= set(shown)
    assert (shown["name"], shown["direction"], shown["failures"], shown["last_success_at"]) == ("测试市", "up", 0, None)
    assert [p["id"] for p in as_office.get("/exchange/partners").json()] == [pk]


def test_registering_paired_at_once(as_office: ApiClient) -> None:
    answer = as_office.post(
        "/exchange/partners",
        {
            "name": "测试街道",
            "base_url": "http://street.test",
            "direction": "down",
            "peer_credentials": peer_credentials(),
        },
    )
    assert answer.status_code == 201
    assert Partner.objects.get().paired


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"public_key": "not-a-key"}, "peer_credentials"),
        ({"instance": ""}, "peer_credentials"),
    ],
)
def test_bad_credentials_are_refused_naming_the_field(as_office: ApiClient, change: dict[str, str], field: str) -> None:
    credentials = {**peer_credentials(), **change}
    answer = as_office.post(
        "/exchange/partners",
        {"name": "测试市", "base_url": "https://c.test", "direction": "up", "peer_credentials": credentials},
    )
    assert answer.status_code == 422, answer.content
    assert answer.json()["field"] == field
    assert not Partner.objects.exists()


def test_our_own_credentials_are_refused(as_office: ApiClient) -> None:
    ours = identity.credentials()
    answer = as_office.post(
        "/exchange/partners",
        {"name": "自己", "base_url": "https://c.test", "direction": "up", "peer_credentials": ours},
    )
    assert answer.status_code == 422 and "本平台自己" in answer.json()["detail"]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"base_url": "ftp://c.test"}, "base_url"),
        ({"direction": "sideways"}, "direction"),
        ({"unit_ids": [987654]}, "unit_ids"),
        ({"kinds": ["poem"]}, "kinds"),
    ],
)
def test_bad_values_are_refused_naming_the_field(as_office: ApiClient, payload: dict[str, Any], field: str) -> None:
    answer = as_office.post(
        "/exchange/partners", {"name": "测试市", "base_url": "https://c.test", "direction": "up", **payload}
    )
    assert answer.status_code == 422, answer.content
    assert answer.json()["field"] == field


def test_names_and_peers_are_unique(as_office: ApiClient) -> None:
    credentials = peer_credentials()
    first = {"name": "测试市", "base_url": "https://c.test", "direction": "up", "peer_credentials": credentials}
    assert as_office.post("/exchange/partners", first).status_code == 201
    assert as_office.post("/exchange/partners", first).json()["field"] == "name"
    second = {**first, "name": "另一个"}
    assert as_office.post("/exchange/partners", second).json()["field"] == "peer_credentials"


def test_failures_are_listed_and_retried(as_office: ApiClient) -> None:
    partner = Partner.objects.create(name="测试市", base_url="https://c.test", direction="up")
    failure = DeliveryFailure.objects.create(
        partner=partner, direction="out", seq=3, origin_item=9, revision=2, title="通知", reason="对方拒收"
    )
    listed = as_office.get(f"/exchange/partners/{partner.pk}/failures").json()
    assert [(f["item"], f["revision"], f["reason"], f["retry"]) for f in listed] == [(9, 2, "对方拒收", False)]
    assert as_office.get(f"/exchange/partners/{partner.pk}").json()["failures"] == 1
    answer = as_office.post(f"/exchange/partners/{partner.pk}/failures/{failure.pk}/retry", {})
    assert answer.status_code == 200
    failure.refresh_from_db()
    assert failure.retry
    Partner.objects.filter(pk=partner.pk).update(next_attempt_at=timezone.now() + dt.timedelta(hours=1))
    assert as_office.post(f"/exchange/partners/{partner.pk}/retry", {}).json()["next_attempt_at"] is None
    assert as_office.get(f"/exchange/partners/{partner.pk}/failures/999/retry").status_code == 405


def test_lag_is_the_age_of_the_oldest_change_not_delivered(
    as_office: ApiClient, publish: Callable[..., Item], office: Any
) -> None:
    partner = Partner.objects.create(name="测试市", base_url="https://c.test", direction="up", mode="push")
    assert warnings.lag_seconds(partner) == 0
    publish()
    later = timezone.now() + dt.timedelta(hours=2)
    assert warnings.lag_seconds(partner, later) >= 7199
    from gongkai.exchange.models import Change

    partner.pushed_cursor = Change.objects.get().seq
    assert warnings.lag_seconds(partner, later) == 0


def test_the_office_is_warned_of_a_lagging_partner(publish: Callable[..., Item], office: Any, editor_a: Any) -> None:
    import time_machine

    Partner.objects.create(name="测试市", base_url="https://c.test", direction="up", mode="push")
    publish()
    today = timezone.localdate()
    assert warnings.lagging_partners(office, today) == []
    with time_machine.travel(timezone.now() + dt.timedelta(hours=2), tick=False):
        (task,) = warnings.lagging_partners(office, today)
    assert "测试市" in task.title and "滞后" in task.title
    with time_machine.travel(timezone.now() + dt.timedelta(hours=2), tick=False):
        assert warnings.lagging_partners(editor_a, today) == []

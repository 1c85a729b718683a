"""The permission matrix of the exchange API: every operation × persona.

Partners are the office's business: anonymous → 401, every other staff role → 403, the office
→ 2xx. The change log and the inbox answer only a partner's signed request: a staff bearer
token is no signature (401 for everyone). ``tests/test_permissions.py`` can import
``EXCHANGE_API_OPERATIONS`` (the workbench pages of partners are the workbench helper's)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest

from gongkai.exchange import signing
from gongkai.exchange.models import DeliveryFailure, Partner
from tests import builders
from tests.conftest import ApiClient

PERSONAS = ["anonymous", "no_role", "editor", "reviewer", "signer", "handler", "office"]

EXCHANGE_API_OPERATIONS = {
    ("get", "/exchange/credentials"),
    ("get", "/exchange/partners"),
    ("post", "/exchange/partners"),
    ("get", "/exchange/partners/{partner_id}"),
    ("patch", "/exchange/partners/{partner_id}"),
    ("get", "/exchange/partners/{partner_id}/failures"),
    ("post", "/exchange/partners/{partner_id}/retry"),
    ("post", "/exchange/partners/{partner_id}/failures/{failure_id}/retry"),
    ("get", "/exchange/changes"),
    ("post", "/exchange/inbox"),
}
SIGNED = {("get", "/exchange/changes"), ("post", "/exchange/inbox")}


@dataclass
class World:
    people: dict[str, Any]
    partner: Partner
    failure: DeliveryFailure


def _build() -> World:
    cast = builders.Cast()
    builders.site(cast.government)
    partner = Partner.objects.create(
        name="测试市", base_url="http://city.example.test", direction="up",
        peer_instance="city-1", peer_public_key=signing.new_key_pair()[1],
    )  # fmt: skip
    failure = DeliveryFailure.objects.create(
        partner=partner, direction="out", seq=1, origin_item=1, revision=1, reason="测试"
    )
    return World(cast.personas(), partner, failure)


exchange_world = builders.module_data(_build)
pytestmark = pytest.mark.django_db


def _call(client: ApiClient, method: str, path: str, world: World) -> Any:
    path = path.format(partner_id=world.partner.pk, failure_id=world.failure.pk)
    body: dict[str, Any] = {}
    if (method, path) == ("post", "/exchange/partners"):
        body = {"name": "测试街道", "base_url": "http://street.example.test", "direction": "down"}
    elif method == "patch":
        body = {"mode": "push"}
    elif path == "/exchange/inbox":
        body = {"records": []}
    if method == "get":
        return client.get(path)
    return client.client.generic(
        method.upper(), f"/api/v1{path}", json.dumps(body), content_type="application/json", headers=client.headers
    )


def _expect(persona: str, method: str, path: str) -> set[int]:
    if (method, path) in SIGNED or persona == "anonymous":
        return {401}
    if persona != "office":
        return {403}
    return {201} if (method, path) == ("post", "/exchange/partners") else {200}


@pytest.mark.parametrize(("method", "path"), sorted(EXCHANGE_API_OPERATIONS))
@pytest.mark.parametrize("persona", PERSONAS)
def test_api_matrix(exchange_world: World, api_as: Any, persona: str, method: str, path: str) -> None:
    answer = _call(api_as(exchange_world.people[persona]), method, path, exchange_world)
    assert answer.status_code in _expect(persona, method, path), f"{persona} {method} {path}: {answer.content!r}"
    if answer.status_code >= 400:
        assert set(answer.json()) == {"detail", "field"}


def test_the_rules_without_http(exchange_world: World) -> None:
    from django.core.exceptions import PermissionDenied

    from gongkai.exchange import partners

    for persona, user in exchange_world.people.items():
        if user is None:
            continue
        try:
            partners.retry(user, exchange_world.partner)
        except PermissionDenied:
            allowed = False
        else:
            allowed = True
        assert allowed == (persona == "office"), persona


def test_operations_are_the_routers(db: Any) -> None:
    from gongkai.api.routers.exchange import router

    found = {
        (method.lower(), path)
        for path, view in router.path_operations.items()
        for op in view.operations
        for method in op.methods
    }
    assert found == EXCHANGE_API_OPERATIONS

"""The client's address behind a trusted proxy (issue 15, point 1; gongkai/clientaddress.py): behind
nginx on the same host every request came from 127.0.0.1, so one person used up the site's whole
quota and five wrong passwords locked a staff account for everybody. X-Forwarded-For is believed
only from a configured proxy, read from the right."""

from __future__ import annotations

import json
from typing import Any

import pytest
import time_machine
from django.test import Client, RequestFactory, override_settings

from gongkai.audit.models import AuditEntry
from gongkai.clientaddress import client_address, trusted_networks
from gongkai.participation.models import Inquiry
from tests.builders import PASSWORD
from tests.participation.inquiry_fixtures import ASK, NOW

NGINX = ["127.0.0.1", "::1"]


def _request(peer: str, forwarded: str | None = None) -> Any:
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=peer, **extra)


@pytest.mark.parametrize(
    ("trusted", "peer", "forwarded", "client"),
    [
        ([], "203.0.113.9", "198.51.100.1", "203.0.113.9"),  # no proxy configured: the header is ignored
        (NGINX, "203.0.113.9", "198.51.100.1", "203.0.113.9"),  # not from the proxy: ignored
        (NGINX, "127.0.0.1", "198.51.100.1", "198.51.100.1"),
        (NGINX, "127.0.0.1", "6.6.6.6, 198.51.100.1", "198.51.100.1"),  # what the client wrote itself is left
        (["127.0.0.1", "10.0.0.0/8"], "127.0.0.1", "198.51.100.1, 10.1.2.3", "198.51.100.1"),  # two proxies
        (NGINX, "::1", "2001:db8::7", "2001:db8::7"),
        (NGINX, "127.0.0.1", "not-an-address, 198.51.100.1", "198.51.100.1"),
        (NGINX, "127.0.0.1", "198.51.100.1, not-an-address", "127.0.0.1"),  # malformed after the proxy
        (NGINX, "127.0.0.1", None, "127.0.0.1"),
    ],
)
def test_the_client_is_the_first_address_no_trusted_proxy_added(
    settings: Any, trusted: list[str], peer: str, forwarded: str | None, client: str
) -> None:
    settings.TRUSTED_PROXIES = trusted
    assert client_address(_request(peer, forwarded)) == client


def test_a_bad_proxy_setting_is_named() -> None:
    with pytest.raises(ValueError, match="GONGKAI_TRUSTED_PROXIES: 'nginx'"):
        trusted_networks(("127.0.0.1", "nginx"))


def _ask(unit: Any, forwarded: str) -> int:
    body = json.dumps({**ASK, "unit_id": unit.pk})
    client = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    return client.post("/api/v1/public/inquiries", body, content_type="application/json").status_code


@override_settings(TRUSTED_PROXIES=NGINX)
def test_behind_nginx_each_visitor_has_their_own_quota(db: Any, unit_a: Any) -> None:
    """The probe's reproduction: 12 questions from 12 visitors through nginx were 10 × 201, 2 × 429."""
    with time_machine.travel(NOW, tick=False):
        answers = [_ask(unit_a, f"198.51.100.{n}") for n in range(12)]
    assert answers == [201] * 12
    assert Inquiry.objects.count() == 12


@override_settings(TRUSTED_PROXIES=NGINX)
def test_behind_nginx_one_visitor_still_meets_the_limit(db: Any, unit_a: Any) -> None:
    with time_machine.travel(NOW, tick=False):
        answers = [_ask(unit_a, f"6.6.6.{n}, 198.51.100.7") for n in range(12)]  # spoofing the left part
    assert answers == [201] * 10 + [429] * 2


def _login(forwarded: str, password: str) -> Any:
    client = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    return client.post("/workbench/login/", {"username": "editor_a", "password": password, "otp_token": ""})


@override_settings(TRUSTED_PROXIES=NGINX)
def test_behind_nginx_a_lockout_is_the_guessers_alone(db: Any, editor_a: Any) -> None:
    for _ in range(5):
        _login("203.0.113.66", "wrong-password")
    assert _login("203.0.113.66", PASSWORD).status_code == 429  # the guesser is locked out
    assert _login("198.51.100.20", PASSWORD).status_code == 302  # the editor, elsewhere, is not


@override_settings(TRUSTED_PROXIES=NGINX)
def test_the_audit_trail_records_the_client_not_the_proxy(db: Any, editor_a: Any) -> None:
    assert _login("198.51.100.21", PASSWORD).status_code == 302
    assert AuditEntry.objects.get(action="auth.login").ip_address == "198.51.100.21"

"""gongkai behind Debian's real nginx, configured as docs/operations.md says (issue 15, point 1).

The unit tests of gongkai/clientaddress.py (tests/ops/test_client_address.py) write REMOTE_ADDR and
X-Forwarded-For themselves. Here nothing is written for the application: each test starts its own
nginx from deploy/nginx/gongkai.conf (tests/ops/nginxfront.py renders it), in front of
pytest-django's live server, and talks to nginx over real sockets and TLS. Each "visitor"
connects from its own loopback address (127.0.0.2, 127.0.0.3 …; Linux answers on all of
127.0.0.0/8), so the only place the application can learn who is asking is the header nginx adds.
That proves the three things the front is for: the public rate limits count each real client and
not what a client writes into X-Forwarded-For, the login lockout is per account and address, and
nginx itself refuses a body over ``client_max_body_size`` with 413.
"""

from __future__ import annotations

import http.client
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import Message
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest

from gongkai.audit.models import AuditEntry
from gongkai.participation.models import Inquiry
from tests.builders import PASSWORD
from tests.ops import REPO
from tests.ops.nginxfront import HOST, running_front
from tests.ops.nginxfront import Front as NginxFront
from tests.participation.inquiry_fixtures import ASK

CONF = REPO / "deploy" / "nginx" / "gongkai.conf"
DOCUMENTED_PROXIES = ["127.0.0.1", "::1"]  # GONGKAI_TRUSTED_PROXIES in docs/operations.md
INQUIRIES = "/api/v1/public/inquiries"
LOGIN = "/workbench/login/"

# No skip when nginx is missing: tests/conftest.py stops the run on a machine that lacks a package
# of system-packages.txt (nginx is one), as it does for every other package.


def documented_body_limit() -> int:
    """``client_max_body_size`` of deploy/nginx/gongkai.conf, in bytes."""
    match = re.search(r"^\s*client_max_body_size\s+(\d+)([km]?);", CONF.read_text(), re.MULTILINE)
    assert match, "deploy/nginx/gongkai.conf sets no client_max_body_size"
    return int(match[1]) * {"": 1, "k": 1024, "m": 1024 * 1024}[match[2]]


@dataclass
class Answer:
    status: int
    headers: Message
    text: str


@dataclass
class Visitor:
    """One client of the site: its own loopback address and its own cookies."""

    front: NginxFront
    address: str
    cookies: dict[str, str] = field(default_factory=dict)

    def connect(self) -> http.client.HTTPConnection:
        return self.front.connect(source=self.address)

    def request(self, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None) -> Answer:
        sent = {"Host": HOST, **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        connection = self.connect()
        try:
            connection.request(method, path, body=body or None, headers=sent)
            response = connection.getresponse()
            answer = Answer(response.status, response.headers, response.read().decode())
        finally:
            connection.close()
        for line in answer.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(line).items():
                self.cookies[name] = morsel.value
        return answer

    def ask(self, unit_id: int, spoofed: str) -> Answer:
        """A public question through the API, with an X-Forwarded-For the visitor made up."""
        body = json.dumps({**ASK, "unit_id": unit_id}).encode()
        return self.request("POST", INQUIRIES, body, {"Content-Type": "application/json", "X-Forwarded-For": spoofed})

    def log_in(self, username: str, password: str, spoofed: str | None = None) -> Answer:
        """The workbench login form as a browser sends it: the page first, for its CSRF token."""
        page = self.request("GET", LOGIN)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        assert page.status == 200 and token, page.status
        form = {"csrfmiddlewaretoken": token[1], "username": username, "password": password, "otp_token": ""}
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        if spoofed:
            headers["X-Forwarded-For"] = spoofed
        return self.request("POST", LOGIN, urlencode(form).encode(), headers)


@dataclass
class Front:
    nginx: NginxFront

    def visitor(self, address: str) -> Visitor:
        return Visitor(self.nginx, address)


@pytest.fixture
def front(live_server: Any, transactional_db: Any, settings: Any, tmp_path: Path) -> Iterator[Front]:
    """Our own nginx from deploy/nginx/gongkai.conf in front of the live server, and the
    application trusting it as docs/operations.md says. Stopped at the end: this process only,
    never the machine's nginx. (It asks for ``transactional_db`` so that it is stopped before the
    database is emptied.) Every test has an empty cache of its own (tests/conftest.py), so the
    rate-limit counters start at zero."""
    settings.TRUSTED_PROXIES = DOCUMENTED_PROXIES
    server = urlsplit(live_server.url)
    assert server.hostname in ("localhost", "127.0.0.1"), live_server.url  # bound to 127.0.0.1
    with running_front(tmp_path, f"127.0.0.1:{server.port}") as nginx:
        yield Front(nginx)


def test_the_public_limit_counts_each_real_client_whatever_it_writes_into_x_forwarded_for(
    front: Front, unit_a: Any, settings: Any
) -> None:
    """Issue 15, point 1: behind nginx every request reaches the application from 127.0.0.1. The
    limit must still be one real client's: a visitor who invents a new X-Forwarded-For for each
    question is still one visitor (nginx appends the real address, the application reads from
    the right), and the next visitor has a quota of their own."""
    settings.GONGKAI_RATE_LIMITS = {"inquiry_ask": (3, 3600)}  # 3 an hour, to keep the test short
    spoofer = front.visitor("127.0.0.2")
    answers = [spoofer.ask(unit_a.pk, spoofed=f"198.51.100.{n}") for n in range(5)]
    assert [answer.status for answer in answers] == [201, 201, 201, 429, 429], answers[-1].text
    assert answers[-1].headers["Retry-After"] == "3600"

    assert front.visitor("127.0.0.3").ask(unit_a.pk, spoofed="198.51.100.1").status == 201
    assert Inquiry.objects.count() == 4


def test_five_wrong_passwords_lock_the_account_at_that_address_only(front: Front, editor_a: Any) -> None:
    """Issue 15, point 1: django-axes locks out by account and address together. Five wrong
    passwords for a clerk from one address, each with a made-up X-Forwarded-For, lock that address
    out, even with the right password; the clerk at another address still logs in, and the audit
    trail records that address, not nginx's."""
    guesser = front.visitor("127.0.0.2")
    guesses = [guesser.log_in("editor_a", "wrong-password", spoofed=f"198.51.100.{n}") for n in range(5)]
    assert [guess.status for guess in guesses] == [200, 200, 200, 200, 429]
    refused = guesser.log_in("editor_a", PASSWORD)
    assert refused.status == 429 and "锁定" in refused.text

    clerk = front.visitor("127.0.0.3").log_in("editor_a", PASSWORD)
    assert clerk.status == 302 and urlsplit(clerk.headers["Location"]).path == "/workbench/"
    assert AuditEntry.objects.get(action="auth.login").ip_address == "127.0.0.3"


def test_nginx_refuses_a_body_over_its_limit_with_413(front: Front, settings: Any) -> None:
    """The documented ``client_max_body_size`` is the application's own limit
    (GONGKAI_MAX_REQUEST_BYTES), and nginx answers a larger request 413 itself, from the
    Content-Length, before any of the body crosses to the application."""
    limit = documented_body_limit()
    assert limit == settings.MAX_REQUEST_BYTES
    connection = front.visitor("127.0.0.2").connect()
    try:
        connection.putrequest("POST", INQUIRIES)
        connection.putheader("Content-Type", "application/json")
        connection.putheader("Content-Length", str(limit + 1))
        connection.endheaders(b"{" + b" " * 65536)  # the start of the body; nginx does not wait for the rest
        response = connection.getresponse()
        status, text = response.status, response.read().decode()
    finally:
        connection.close()
    assert status == 413
    assert "nginx" in text  # nginx's own page: the application never answered

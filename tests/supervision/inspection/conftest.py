"""Fixtures of the inspection tests: published items at chosen times, and a local HTTP server
(200, 404, slow, HEAD refused) plus a port nobody listens on. Never the internet."""

from __future__ import annotations

import datetime as dt
import socket
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.utils import timezone

from gongkai.orgs.models import Unit
from gongkai.publishing import services as item_services
from gongkai.publishing.models import Item
from gongkai.publishing.workflow import publish_now

# The monitoring point of most tests: a Wednesday.
TODAY = dt.date(2026, 6, 10)


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


Publish = Callable[..., Item]


@pytest.fixture
def publish(office: Any, unit_a: Unit) -> Publish:
    """Publish an item of ``unit`` (default unit A) as the office at ``on`` (default TODAY)."""

    def make(title: str, *, on: dt.date = TODAY, unit: Unit | None = None, body: str = "", **data: Any) -> Item:
        item = item_services.create_item(
            office, unit or unit_a, title=title, formed_on=on, body_html=body or f"<p>{title}。</p>", **data
        )
        publish_now(item, office, at(on))
        item.refresh_from_db()
        return item

    return make


class Handler(BaseHTTPRequestHandler):
    """/ok 200; /missing 404; /slow answers after 2 s; /nohead refuses HEAD (405) but GETs 200."""

    calls: list[tuple[str, str]] = []

    def log_message(self, format: str, *args: Any) -> None:  # the test output stays clean
        pass

    def _answer(self, method: str) -> None:
        type(self).calls.append((method, self.path))
        if self.path.startswith("/slow"):
            time.sleep(2)
        status = 200
        if self.path.startswith("/missing"):
            status = 404
        elif self.path.startswith("/nohead") and method == "HEAD":
            status = 405
        self.send_response(status)
        self.send_header("Content-Length", "2")
        self.end_headers()
        if method == "GET":
            self.wfile.write(b"ok")

    def do_HEAD(self) -> None:
        self._answer("HEAD")

    def do_GET(self) -> None:
        self._answer("GET")


@pytest.fixture
def server(settings: Any) -> Iterator[str]:
    """The base URL of a local HTTP server running in a thread."""
    Handler.calls = []
    settings.OUTBOUND_ALLOWED_NETWORKS = ["127.0.0.0/8"]  # gongkai.outbound refuses loopback otherwise
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def dead_url(settings: Any) -> str:
    """A URL on a local port that was free a moment ago: connecting is refused."""
    settings.OUTBOUND_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/gone"


@pytest.fixture(autouse=True)
def usable_service(db: Any) -> Any:
    """One complete service on every site, so that 服务不实用 (veto item 6: no service at all) is
    not what every inspection of these tests reports; the services tests remove it."""
    from gongkai.sites.directory.models import Service

    return Service.objects.create(
        name="最低生活保障审核确认", department_name="康巴什区民政局", basis="《社会救助暂行办法》第九条",
        conditions="共同生活的家庭成员人均收入低于当地最低生活保障标准", materials="居民身份证\n户口簿",
    )  # fmt: skip

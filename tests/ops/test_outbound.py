"""gongkai.outbound: requests to addresses staff typed never reach internal networks."""

from __future__ import annotations

import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from gongkai import outbound
from gongkai.supervision.inspection.links import check_external
from gongkai.supervision.newmedia.checking import FetchError, Limits, fetch


class _Handler(BaseHTTPRequestHandler):
    calls: list[str] = []  # shared by the test and the server thread
    redirect_to = ""

    def do_GET(self) -> None:
        _Handler.calls.append(self.path)
        if self.path == "/jump" and _Handler.redirect_to:
            self.send_response(302)
            self.send_header("Location", _Handler.redirect_to)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    do_HEAD = do_GET

    def log_message(self, format: str, *args: Any) -> None:
        pass


def _serve(host: str) -> tuple[ThreadingHTTPServer, str]:
    httpd = ThreadingHTTPServer((host, 0), _Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://{host}:{httpd.server_address[1]}"


@pytest.fixture
def local() -> Iterator[str]:
    _Handler.calls, _Handler.redirect_to = [], ""
    httpd, url = _serve("127.0.0.1")
    yield url
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.parametrize(
    "ip",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",  # cloud metadata
        "100.64.0.1",  # shared address space
        "0.0.0.0",  # noqa: S104 (an address to refuse, not one to bind)
        "224.0.0.1",
        "::1",
        "fe80::1%eth0",
        "fc00::1",
        "::ffff:127.0.0.1",
    ],
)
def test_internal_addresses_are_refused(ip: str) -> None:
    assert not outbound.allowed(ip)


def test_public_addresses_and_listed_networks_are_allowed(settings: Any) -> None:
    assert outbound.allowed("8.8.8.8") and outbound.allowed("2001:4860:4860::8888")
    settings.OUTBOUND_ALLOWED_NETWORKS = ["10.20.0.0/16"]
    assert outbound.allowed("10.20.1.1") and not outbound.allowed("10.21.0.1")


def test_a_loopback_server_is_never_contacted(local: str) -> None:
    with pytest.raises(urllib.error.URLError) as raised:
        outbound.opener().open(f"{local}/secret", timeout=2)
    assert isinstance(raised.value.reason, outbound.InternalAddress)
    assert "内部网络" in str(raised.value.reason)
    assert _Handler.calls == []


def test_a_redirect_inward_is_refused(local: str, settings: Any) -> None:
    settings.OUTBOUND_ALLOWED_NETWORKS = ["127.0.0.1/32"]  # the first server only
    inner, inner_url = _serve("127.0.0.2")
    try:
        _Handler.redirect_to = f"{inner_url}/secret"
        with pytest.raises(urllib.error.URLError) as raised:
            outbound.opener().open(f"{local}/jump", timeout=2)
    finally:
        inner.shutdown()
        inner.server_close()
    assert isinstance(raised.value.reason, outbound.InternalAddress)
    assert _Handler.calls == ["/jump"]


def test_other_schemes_are_not_opened() -> None:
    for url in ("file:///etc/passwd", "ftp://example.org/x", "data:text/plain,hi"):
        with pytest.raises(urllib.error.URLError):
            outbound.opener().open(urllib.request.Request(url), timeout=2)  # noqa: S310 (refusal tested)


def test_feed_check_and_link_check_say_why(local: str) -> None:
    with pytest.raises(FetchError, match="内部网络"):
        fetch(f"{local}/feed.xml", Limits(timeout=2, max_bytes=1000, workers=1))
    outcome = check_external(f"{local}/page", timeout=2)
    assert not outcome.ok and "内部网络" in outcome.reason
    assert _Handler.calls == []

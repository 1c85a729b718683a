"""Link extraction and checking. No ORM: internal links are judged by a function the caller
passes in (``linkcheck.internal_outcome`` resolves them against this site's URLs and data).

External links: HEAD first (cheap); servers that refuse HEAD or answer it with an error get a
GET before the link counts as broken. A timeout or a refused connection is not retried: the GET
would fail the same way and double the wait. Checks run in a bounded thread pool, each target
once per run (many items link to the same page), and a run checks at most ``cap`` targets.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

from django.utils.translation import gettext as _

from gongkai import outbound

LINK_ATTRIBUTES = {"href", "src"}
SKIPPED_SCHEMES = {"mailto", "tel", "sms", "javascript", "data", "about"}
USER_AGENT = "gongkai-site-inspection/1.0"  # HTTP headers are latin-1: no Chinese here


@dataclass(frozen=True)
class Outcome:
    ok: bool
    reason: str = ""


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in LINK_ATTRIBUTES and value and value.strip():
                self.found.append(value.strip())


def extract_links(body_html: str) -> list[str]:
    """The href/src values of an HTML body, each once, in order."""
    collector = _Collector()
    collector.feed(body_html or "")
    collector.close()
    return list(dict.fromkeys(collector.found))


def classify(link: str, page_url: str, hosts: Iterable[str]) -> tuple[str, str]:
    """("internal", path with query) | ("external", absolute URL) | ("skip", "")."""
    if link.startswith("#"):
        return "skip", ""
    try:
        parts = urlsplit(link)
        port = parts.port
    except ValueError:  # "http://[::1", "http://host:abc/": checked as typed, and fails as malformed
        return "external", link
    if parts.scheme and parts.scheme.lower() in SKIPPED_SCHEMES:
        return "skip", ""
    if parts.scheme and parts.scheme.lower() not in {"http", "https"}:
        return "skip", ""
    host = (parts.hostname or "").lower()
    # A host of ours with an explicit port may be another service on that machine: ask it over HTTP.
    if not host or (port is None and _matches(host, hosts)):
        absolute = urlsplit(urljoin(page_url, link))
        path = absolute.path or "/"
        return "internal", path + (f"?{absolute.query}" if absolute.query else "")
    return "external", parts._replace(fragment="").geturl()


def _matches(host: str, hosts: Iterable[str]) -> bool:
    for entry in hosts:
        allowed = entry.lower().strip("[]")
        if allowed == "*":
            continue  # "*" allows every host to reach us; it does not make every host ours
        if host.strip("[]") == allowed or (allowed.startswith(".") and (host.endswith(allowed) or host == allowed[1:])):
            return True
    return False


_OPENER = outbound.opener()  # http(s) only, no proxies, no internal addresses


def ascii_url(url: str) -> str:
    """A link as typed (Chinese paths, an internationalised host) as a URL http.client can send."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    with contextlib.suppress(UnicodeError):
        host = host.encode("idna").decode("ascii")
    netloc = host + (f":{parts.port}" if parts.port else "")
    if parts.username:
        netloc = f"{parts.username}@{netloc}"
    path = quote(parts.path or "/", safe="/%:@!$&'()*+,;=-._~")
    query = quote(parts.query, safe="=&%/:?@!$'()*+,;-._~")
    return urlunsplit((parts.scheme, netloc, path, query, ""))


def _request(url: str, method: str, timeout: float) -> int:
    request = urllib.request.Request(ascii_url(url), method=method, headers={"User-Agent": USER_AGENT})  # noqa: S310 (http(s) only)
    with _OPENER.open(request, timeout=timeout) as response:
        if method == "GET":
            response.read(1024)
        return int(response.status)


def _network_failure(exc: BaseException) -> str | None:
    """The reason for failures a GET would repeat (timeout, refused, unknown host)."""
    reason = (
        exc.reason if isinstance(exc, urllib.error.URLError) and not isinstance(exc, urllib.error.HTTPError) else exc
    )
    if isinstance(reason, outbound.InternalAddress):
        return _("链接指向内部网络地址，公众无法访问")
    if isinstance(reason, TimeoutError | socket.timeout):
        return _("连接超时")
    if isinstance(reason, ConnectionRefusedError):
        return _("连接被拒绝")
    if isinstance(reason, socket.gaierror):
        return _("域名无法解析")
    return None


def check_external(url: str, timeout: float = 10.0) -> Outcome:
    """HEAD, then GET when HEAD is refused or answered with an error."""
    try:
        status = _request(url, "HEAD", timeout)
        if status < 400:
            return Outcome(True)
    except urllib.error.HTTPError:
        pass
    except (OSError, http.client.HTTPException, ValueError) as exc:
        failure = _network_failure(exc)
        if failure:
            return Outcome(False, failure)
    try:
        status = _request(url, "GET", timeout)
    except urllib.error.HTTPError as exc:
        return Outcome(False, _("服务器返回%(status)s") % {"status": exc.code})
    except ValueError:
        return Outcome(False, _("链接格式不正确"))
    except (OSError, http.client.HTTPException) as exc:
        return Outcome(False, _network_failure(exc) or _("无法访问（%(error)s）") % {"error": type(exc).__name__})
    return Outcome(status < 400, "" if status < 400 else _("服务器返回%(status)s") % {"status": status})


class Checker:
    """Checks targets once per run: internal ones in this thread (they read the database),
    external ones in a pool of ``workers`` threads with ``timeout`` seconds each."""

    def __init__(
        self,
        internal: Callable[[str], Outcome],
        *,
        timeout: float = 10.0,
        workers: int = 4,
        cap: int = 2000,
        external: Callable[[str, float], Outcome] = check_external,
    ) -> None:
        self.internal = internal
        self.external = external
        self.timeout = timeout
        self.workers = max(1, workers)
        self.cap = cap
        self.results: dict[tuple[str, str], Outcome] = {}
        self.skipped = 0  # targets past the cap, not checked in this run

    def check(self, targets: Iterable[tuple[str, str]]) -> dict[tuple[str, str], Outcome]:
        """``targets``: (kind, target) pairs from ``classify``; answers for every one checked."""
        fresh = [t for t in dict.fromkeys(targets) if t not in self.results and t[0] != "skip"]
        room = max(0, self.cap - len(self.results))
        self.skipped += max(0, len(fresh) - room)
        fresh = fresh[:room]
        for target in (t for t in fresh if t[0] == "internal"):
            self.results[target] = self.internal(target[1])
        outside = [t for t in fresh if t[0] == "external"]
        if outside:
            with ThreadPoolExecutor(max_workers=self.workers) as pool:
                answers = pool.map(lambda t: self.external(t[1], self.timeout), outside)
                self.results.update(zip(outside, answers, strict=True))
        return self.results

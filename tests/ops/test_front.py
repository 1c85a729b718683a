"""The recommended front (issue 18, points 3 and 5): Debian's nginx with deploy/nginx/gongkai.conf
in front of gongkai under gunicorn, over real sockets.

The module starts, once: a data directory whose tables are made from the models (``migrate
--run-syncdb`` without the migration files: the front needs tables, not their history, and this
takes a few seconds where the migrations take fifteen), one gunicorn worker of the application,
a self-signed certificate made with ``openssl req``, a STATIC_ROOT holding one of our stylesheets
under a hashed name with the .gz and .br that collectstatic writes beside it (whitenoise's own
compressor; the whole collectstatic takes a minute), and nginx with the real file
(tests/ops/nginxfront.py fills in its placeholders as an operator does).

Where the application decides, the application answers (its security headers, the page cache's
``X-Accel-Expires`` on the home page). Where the rule is nginx's alone (only a marked answer is
kept, one request upstream during a rush), gunicorn runs the application inside a small WSGI
wrapper that answers ``/front-probe/…`` itself and counts what reaches it.

nginx runs as one process (``master_process off``, tests/ops/nginxfront.py), so it has no cache
manager: ``inactive=`` is not exercised here; the rest of the cache is.
"""

from __future__ import annotations

import gzip
import json
import logging
import re
import shutil
import signal
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.message import Message
from pathlib import Path
from urllib.parse import quote

import brotli
import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import StringConverter

from gongkai.logs import JsonFormatter, loggable_path
from tests.ops import REPO, clean_env, manage
from tests.ops.nginxfront import HOST, NGINX, Front, free_port, running_front, stop, wait_for_port

STYLESHEET = "css/site.0123456789ab.css"  # a hashed name, as the manifest storage writes it

# The application inside a wrapper that answers /front-probe/… itself, writing each path that
# reaches it to a file: what nginx kept is what the file does not show.
PROBE_APP = """\
import os
import time

from gongkai.wsgi import application as gongkai_application

COUNTS = os.environ["FRONT_PROBE_COUNTS"]
HEADERS = {
    "/front-probe/marked/": [("X-Accel-Expires", "2")],
    "/front-probe/slow/": [("X-Accel-Expires", "2")],
    "/front-probe/max-age/": [("Cache-Control", "public, max-age=600"), ("Expires", "Thu, 31 Dec 2099 00:00:00 GMT")],
    "/front-probe/sets-cookie/": [("X-Accel-Expires", "2"), ("Set-Cookie", "visitor=1; Path=/")],
    "/front-probe/news/": [("X-Accel-Expires", "2")],  # says what the file FRONT_PROBE_NEWS holds
}


def application(environ, start_response):
    path = environ["PATH_INFO"]
    if path not in HEADERS:
        return gongkai_application(environ, start_response)
    query = environ.get("QUERY_STRING", "")
    with open(COUNTS, "a") as counts:
        counts.write(path + ("?" + query if query else "") + "\\n")
    if path == "/front-probe/slow/":
        time.sleep(0.5)
    start_response("200 OK", [("Content-Type", "text/plain"), *HEADERS[path]])
    if path == "/front-probe/news/":
        with open(os.environ["FRONT_PROBE_NEWS"], "rb") as news:
            return [news.read()]
    return [b"probe"]
"""

# The tables from the models, without the migration files (see the module's docstring).
SETTINGS = """\
from gongkai.settings import *  # noqa: F403


class _NoMigrations(dict):
    def __contains__(self, app):
        return True

    def __getitem__(self, app):
        return None


MIGRATION_MODULES = _NoMigrations()
"""


@dataclass
class Answer:
    status: int
    headers: Message
    body: bytes

    @property
    def cache(self) -> str | None:
        return self.headers.get("X-Front-Cache")


@dataclass
class Stack:
    front: Front
    static_root: Path
    media_root: Path
    app_log: Path
    probe_counts: Path

    def get(self, path: str, headers: dict[str, str] | None = None, *, tls: bool = True) -> Answer:
        connection = self.front.connect(tls=tls)
        try:
            connection.request("GET", path, headers={"Host": HOST, **(headers or {})})
            response = connection.getresponse()
            return Answer(response.status, response.headers, response.read())
        finally:
            connection.close()

    def upstream_hits(self, path: str) -> int:
        if not self.probe_counts.exists():
            return 0
        return self.probe_counts.read_text().splitlines().count(path)

    def app_lines(self) -> list[dict[str, object]]:
        lines = self.app_log.read_text(errors="replace").splitlines()
        return [json.loads(line) for line in lines if line.startswith("{")]


def _static_root(folder: Path) -> Path:
    """One of our stylesheets as collectstatic leaves it: a hashed name, a .gz and a .br beside it."""
    from whitenoise.compress import Compressor

    root = folder / "static"
    target = root / STYLESHEET
    target.parent.mkdir(parents=True)
    shutil.copy(REPO / "gongkai" / "static" / "css" / "site.css", target)
    shutil.copy(target, target.with_name("site.css"))
    list(Compressor(quiet=True).compress(str(target)))
    assert target.with_name(target.name + ".gz").exists() and target.with_name(target.name + ".br").exists()
    return root


@contextmanager
def _gunicorn(folder: Path, data: Path) -> Iterator[tuple[str, Path, Path]]:
    (folder / "front_probe.py").write_text(PROBE_APP)
    (folder / "front_settings.py").write_text(SETTINGS)
    counts, app_log = folder / "probe-counts.txt", folder / "app.log"
    env = clean_env(
        GONGKAI_DATA_DIR=str(data),
        SECRET_KEY="front-test-" + "k" * 40,
        GONGKAI_LOG_LEVEL="INFO",
        DJANGO_SETTINGS_MODULE="front_settings",
        PYTHONPATH=f"{folder}:{REPO}",
        FRONT_PROBE_COUNTS=str(counts),
        FRONT_PROBE_NEWS=str(folder / "news.txt"),
    )
    manage(env, "migrate", "--run-syncdb", "--noinput", "-v0")
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "front_probe:application", "--bind", f"127.0.0.1:{port}"]
    command += ["--workers", "1", "--timeout", "30"]
    with app_log.open("wb") as log:
        app = subprocess.Popen(command, cwd=REPO, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=log)  # noqa: S603
    try:
        wait_for_port(port, app, "gunicorn", app_log)
        yield f"127.0.0.1:{port}", counts, app_log
    finally:
        stop(app, signal.SIGINT)


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    if not NGINX.exists():
        pytest.skip("Debian's nginx is not installed (system-packages.txt: nginx)")
    folder = tmp_path_factory.mktemp("front")
    folder.chmod(0o700)
    data = folder / "data"
    data.mkdir(mode=0o700)
    static_root = _static_root(folder)
    with _gunicorn(folder, data) as (app_node, counts, app_log), running_front(folder, app_node, static_root) as front:
        yield Stack(front, static_root, data / "media", app_log, counts)


# --- TLS and the headers ------------------------------------------------------------------------

HSTS = "max-age=31536000; includeSubDomains"


def test_https_answers_a_page_with_the_security_headers(stack: Stack) -> None:
    """The application's headers pass through once each, HSTS is the front's, and nginx does
    not say its version."""
    page = stack.get("/?front=headers")
    assert page.status == 200, page.body[:500]
    assert page.headers.get_all("Strict-Transport-Security") == [HSTS]
    assert page.headers.get_all("X-Content-Type-Options") == ["nosniff"]
    assert page.headers.get_all("X-Frame-Options") == ["DENY"]
    assert page.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
    assert page.headers["Server"] == "nginx"


def test_tls_is_1_2_or_newer_with_a_forward_secret_cipher(stack: Stack) -> None:
    connection = stack.front.connect()
    try:
        connection.connect()
        tls = connection.sock
        assert isinstance(tls, ssl.SSLSocket)
        assert tls.version() in ("TLSv1.2", "TLSv1.3")
        cipher = tls.cipher()
        assert cipher is not None and (cipher[1] == "TLSv1.3" or cipher[0].startswith("ECDHE"))
    finally:
        connection.close()


def test_plain_http_is_redirected_to_https_except_the_health_check(stack: Stack) -> None:
    moved = stack.get("/xxgk/?page=2", tls=False)
    assert moved.status == 301
    assert moved.headers["Location"] == f"https://{HOST}/xxgk/?page=2"
    health = stack.get("/healthz", tls=False)
    assert health.status == 200 and json.loads(health.body)["status"] == "ok"


# --- static and media ----------------------------------------------------------------------------


def test_static_files_come_from_nginx_compressed_and_kept_for_a_year(stack: Stack) -> None:
    original = (stack.static_root / STYLESHEET).read_bytes()
    path = f"/static/{STYLESHEET}"
    zipped = stack.get(path, {"Accept-Encoding": "gzip"})
    assert zipped.status == 200 and zipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.body) == original
    squeezed = stack.get(path, {"Accept-Encoding": "gzip, br"})
    assert squeezed.headers["Content-Encoding"] == "br" and brotli.decompress(squeezed.body) == original
    plain = stack.get(path)
    assert plain.headers.get("Content-Encoding") is None and plain.body == original
    assert plain.headers["Content-Type"] == "text/css"
    for answer in (zipped, squeezed, plain):
        assert answer.headers.get_all("Cache-Control") == ["public, max-age=31536000, immutable"]
        assert answer.headers["Strict-Transport-Security"] == HSTS
        assert answer.headers["X-Content-Type-Options"] == "nosniff"
        assert answer.headers.get("X-Front-Cache") is None  # never proxied
    plain_name = stack.get("/static/css/site.css")  # the name a release changes: a minute only
    assert plain_name.status == 200 and plain_name.headers.get_all("Cache-Control") == ["public, max-age=60"]
    assert not [line for line in stack.app_lines() if str(line.get("path", "")).startswith("/static/")]


def test_uploaded_files_are_never_served_from_disk(stack: Stack) -> None:
    """MEDIA_ROOT holds applicants' ID cards: /media/ is a 404 of nginx's own, whatever is there."""
    card = stack.media_root / "foi" / "identity" / "card.jpg"
    card.parent.mkdir(parents=True, exist_ok=True)
    card.write_bytes(b"\xff\xd8 an applicant's ID card")
    for path in ("/media/foi/identity/card.jpg", "/media/", "/static/../media/foi/identity/card.jpg"):
        answer = stack.get(path)
        assert answer.status in (403, 404), path
        assert b"ID card" not in answer.body
    assert not [line for line in stack.app_lines() if str(line.get("path", "")).startswith("/media/")]


# --- the micro-cache -----------------------------------------------------------------------------


def test_a_page_marked_x_accel_expires_is_answered_by_the_front(stack: Stack) -> None:
    """The home page is marked by the application's page cache; the second request never reaches
    it. A probe answer marked the same way shows the count upstream (its expiry: the rush-of-readers test below)."""
    first = stack.get("/?front=hit")
    assert first.status == 200 and first.cache == "MISS"
    second = stack.get("/?front=hit")
    assert second.cache == "HIT" and second.body == first.body
    assert second.headers.get_all("X-Request-ID") != first.headers.get_all("X-Request-ID")  # its own

    path = "/front-probe/marked/"
    assert [stack.get(path).cache for _ in range(3)] == ["MISS", "HIT", "HIT"]
    assert stack.upstream_hits(path) == 1


def test_nothing_unmarked_is_kept_whatever_its_cache_control(stack: Stack) -> None:
    """Only X-Accel-Expires opens the cache: a long Cache-Control/Expires is ignored, and an
    answer setting a cookie is never kept even when marked."""
    for path in ("/front-probe/max-age/", "/front-probe/sets-cookie/"):
        assert [stack.get(path).cache for _ in range(2)] == ["MISS", "MISS"], path
        assert stack.upstream_hits(path) == 2, path
    assert stack.get("/healthz").cache == "MISS"


@pytest.mark.parametrize(
    ("name", "headers"),
    [
        ("session", {"Cookie": "sessionid=abc123"}),
        ("token", {"Authorization": "Bearer abc"}),
        ("check", {"Cookie": "gongkai_foi_check=signed"}),
        ("messages", {"Cookie": "messages=signed"}),
    ],
)
def test_a_session_a_token_or_a_tracking_check_bypasses_the_cache(
    stack: Stack, name: str, headers: dict[str, str]
) -> None:
    """Whoever may see something personal is never answered from the cache, and what they get is
    never stored for the others."""
    page = f"/?front=bypass-{name}"
    assert [stack.get(page).cache for _ in range(2)] == ["MISS", "HIT"]
    personal = stack.get(page, headers)
    assert personal.status == 200 and personal.cache == "BYPASS"
    marked = f"/front-probe/marked/?{name}"
    assert stack.get(marked, headers).cache == "BYPASS"
    assert stack.get(marked).cache == "MISS"  # the bypassed answer was not stored
    assert stack.upstream_hits(marked) == 2


def test_display_modes_are_cached_apart(stack: Stack) -> None:
    """The key holds the large-font/high-contrast cookie (gk_a11y, gongkai/portal/context.py)."""
    standard = [stack.get("/?front=a11y") for _ in range(2)]
    large = [stack.get("/?front=a11y", {"Cookie": "gk_a11y=large"}) for _ in range(2)]
    assert [answer.cache for answer in standard + large] == ["MISS", "HIT", "MISS", "HIT"]
    assert large[1].body != standard[1].body


def test_a_rush_on_one_page_sends_one_request_upstream(stack: Stack) -> None:
    """Eight readers at once on a page that takes half a second: one request reaches the
    application, the others wait for its answer (proxy_cache_lock)."""
    path = "/front-probe/slow/"
    answers: list[Answer] = []

    def read() -> None:
        answers.append(stack.get(path))

    readers = [threading.Thread(target=read) for _ in range(8)]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join(timeout=15)
    assert [answer.status for answer in answers] == [200] * 8
    assert stack.upstream_hits(path) == 1


def test_a_changed_answer_reaches_a_rush_of_readers_within_5_seconds(stack: Stack) -> None:
    """The invalidation rule at the front: readers hammer a marked answer, it changes upstream (as a
    withdrawal changes the application's answer at once), and every reader sees the change within
    the answer's seconds plus one refresh, well inside the 5 s allowed, while the application
    meanwhile hears about one request per expiry."""
    news = stack.front.folder / "news.txt"
    news.write_text("before")
    path = "/front-probe/news/"
    assert stack.get(path).body == b"before"
    changed_at: list[float] = []
    seen: list[tuple[float, str | None]] = []  # (when, X-Front-Cache) of each reader's first "after"
    served: list[str | None] = []

    def read() -> None:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            answer = stack.get(path)
            served.append(answer.cache)
            if answer.body == b"after" and changed_at:
                seen.append((time.monotonic() - changed_at[0], answer.cache))
                return

    readers = [threading.Thread(target=read) for _ in range(4)]
    for reader in readers:
        reader.start()
    time.sleep(0.5)
    news.write_text("after")
    changed_at.append(time.monotonic())
    for reader in readers:
        reader.join(timeout=15)
    assert len(seen) == 4, seen
    assert max(delay for delay, _ in seen) < 5.0, seen
    assert served.count("HIT") > 10  # the rush was answered by the front
    # Refreshed once its seconds were over (nginx counts whole seconds: "2" lasts until the
    # clock's third), once per expiry, never once per reader's request.
    assert 2 <= stack.upstream_hits(path) <= 5


# --- the logs ------------------------------------------------------------------------------------

TYPED = "张三 110101199003071234"  # what a visitor types into a search box: never logged
CODE = "YSQ-2026-AB12-CD34"


def test_neither_log_holds_a_query_string_a_referer_or_a_tracking_code(stack: Stack) -> None:
    searched = stack.get("/xxgk/?q=" + quote(TYPED), {"Referer": "https://x/?q=REFERRED"})
    receipt = stack.get(f"/xxgk/apply/receipt/{CODE}/")
    api = stack.get("/api/v1/public/requests/ysq2026ab12cd34")
    ids = {answer.headers["X-Request-ID"]: answer for answer in (searched, receipt, api)}

    deadline = time.monotonic() + 5  # nginx writes its line once the answer has gone out
    while True:
        nginx_lines = {line["request_id"]: line for line in stack.front.log_lines()}
        app_lines = {line["request_id"]: line for line in stack.app_lines() if line.get("logger") == "gongkai.request"}
        if (set(ids) <= set(nginx_lines) and set(ids) <= set(app_lines)) or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    for lines in (nginx_lines, app_lines):
        assert set(ids) <= set(lines)  # nginx's request id reaches the application's line
        assert lines[searched.headers["X-Request-ID"]]["path"] == "/xxgk/"
        assert lines[receipt.headers["X-Request-ID"]]["path"] == "/xxgk/apply/receipt/<code>/"
        assert lines[api.headers["X-Request-ID"]]["path"] == "/api/v1/public/requests/<code>"
    assert nginx_lines[receipt.headers["X-Request-ID"]]["client"] == "127.0.0.1"  # addresses may be kept
    everything = stack.front.access_log.read_text() + stack.app_log.read_text(errors="replace")
    # The code's parts long enough that a random request id (32 hex digits) never holds them by
    # chance ("ab12" alone turned up inside one: a false alarm, 1 run in a few dozen).
    for secret in ("AB12", "ab12cd34", "2026ab12", "REFERRED", quote(TYPED), "张三", "110101199003071234"):
        assert secret not in everything, secret


def test_nginx_writes_no_request_line_into_its_error_log(stack: Stack) -> None:
    """A missing static file is an error-level line quoting the request, query string included;
    the site's error log takes only `crit` lines."""
    assert stack.get("/static/css/missing.css?q=" + quote(TYPED)).status == 404
    error_log = stack.front.folder / "site-error.log"
    assert quote(TYPED) not in (error_log.read_text() if error_log.exists() else "")


def _routes(patterns: list[URLPattern | URLResolver], prefix: str = "/") -> Iterator[tuple[str, URLPattern]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern


def _code_routes() -> list[str]:
    """Every route with a tracking code in its path (a ``str`` parameter named code or
    tracking_code; the ``slug`` codes of domains and topics are public names), filled with a
    mistyped code that does not even look like one."""
    found = []
    for route, pattern in _routes(get_resolver().url_patterns):
        converters = getattr(pattern.pattern, "converters", {})
        if any(type(converters.get(name)) is StringConverter for name in ("code", "tracking_code")):
            found.append(re.sub(r"<(?:\w+:)?(\w+)>", lambda m: "zz-typed-9" if "code" in m[1] else "1", route))
    return found


def test_every_route_with_a_tracking_code_is_logged_without_it() -> None:
    """A route added later with a code in its path fails here until gongkai/logs.py (and the
    nginx map, checked by the next test) hide it."""
    routes = _code_routes()
    assert len(routes) >= 6, routes
    for path in routes:
        assert "zz-typed-9" not in loggable_path(path), path
        assert "<code>" in loggable_path(path), path


def test_nginx_hides_the_code_on_every_such_route(stack: Stack) -> None:
    shaped = ["/xxgk/nowhere/ysq 2026 7kq3 m9xd/", "/hudong/x/ZX-2026-AAAA-BBBB"]  # a code off its routes
    for path in _code_routes() + shaped:
        stack.get(quote(path))
    expected = {loggable_path(path) for path in _code_routes() + shaped}
    logged = stack.front.logged_paths(expected)
    assert not [path for path in logged if "zz-typed-9" in path or "7kq3" in path or "AAAA" in path]
    assert expected <= logged


@pytest.mark.parametrize(
    ("path", "logged"),
    [
        ("/xxgk/apply/receipt/YSQ-2026-7KQ3-M9XD/", "/xxgk/apply/receipt/<code>/"),
        ("/xxgk/apply/track/ysq 2026 7kq3 m9xd/check/", "/xxgk/apply/track/<code>/check/"),
        ("//xxgk/apply/track/anything/send-link/", "/xxgk/apply/track/<code>/send-link/"),
        ("/xxgk/apply/track/", "/xxgk/apply/track/"),
        ("/xxgk/apply/track/link/", "/xxgk/apply/track/link/"),
        ("/xxgk/apply/track/letters/12/pdf/", "/xxgk/apply/track/letters/12/pdf/"),
        ("/xxgk/apply/track/files/3/", "/xxgk/apply/track/files/3/"),
        ("/hudong/inquiries/receipt/ZX-2026-AAAA-BBBB/", "/hudong/inquiries/receipt/<code>/"),
        ("/api/v1/public/inquiries/ZX2026AAAABBBB", "/api/v1/public/inquiries/<code>"),
        ("/api/v1/public/requests", "/api/v1/public/requests"),
        ("/xxgk/anywhere/YSQ-2O26-7KQ3-M9XD/", "/xxgk/anywhere/<code>/"),  # shaped like one
        ("/xxgk/items/12/attachments/3/", "/xxgk/items/12/attachments/3/"),
        ("/xxgk/statutory/domain/education/", "/xxgk/statutory/domain/education/"),
        ("/feeds/topics/shebao-2024/rss/", "/feeds/topics/shebao-2024/rss/"),
    ],
)
def test_loggable_path(path: str, logged: str) -> None:
    assert loggable_path(path) == logged


def test_an_error_line_names_no_code_either() -> None:
    """Django's error line and a traceback name the path; the formatter hides the code there too."""
    try:
        raise ValueError("no application YSQ-2026-AB12-CD34")
    except ValueError:
        failure = sys.exc_info()
    record = logging.LogRecord(
        "django.request",
        logging.ERROR,
        __file__,
        1,
        "Internal Server Error: %s",
        ("/xxgk/apply/receipt/zz-9/",),
        failure,
    )
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "Internal Server Error: /xxgk/apply/receipt/<code>/"
    assert "AB12" not in line["exception"] and "no application <code>" in line["exception"]

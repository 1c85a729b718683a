"""A database that does not answer is a 503 with Retry-After, wherever it fails (issue 18, point 4).

The failures are real: the default connection is pointed at a PostgreSQL port nothing listens on
(psycopg's "connection refused"), or at an SQLite file another connection holds an exclusive lock
on. Nothing in our database layer is mocked. The views and the middleware that fail are the
site's own (home page, public API, session and authentication) plus two test views below that
show what stays a 500.
"""

from __future__ import annotations

import json
import logging
import socket
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, connections
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.test import Client
from django.urls import path

from gongkai import unavailable
from gongkai import urls as site_urls
from gongkai.orgs.models import SiteProfile

CHINESE_PAGE = "服务暂时不可用"


# A test URLconf: the site's own URLs and error handlers, and views that fail in other ways.
def _bad_statement(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:  # SQLite: OperationalError "no such table", a bug, not an outage
        cursor.execute("SELECT * FROM no_such_table_here")
    return HttpResponse("unreachable")


def _bug(request: HttpRequest) -> HttpResponse:
    raise ValueError("a plain bug")


def _profile(request: HttpRequest) -> HttpResponse:
    return HttpResponse(str(SiteProfile.objects.count()))


def _template(request: HttpRequest) -> HttpResponse:
    """Reads nothing itself: the site's context processors read the database while rendering."""
    return render(request, "503.html", {"retry_after": 1})


urlpatterns = [
    path("t/bad-statement", _bad_statement),
    path("t/bug", _bug),
    path("t/profile", _profile),
    path("t/template", _template),
    path("api/v1/t/bug", _bug),
    *site_urls.urlpatterns,
]
handler400 = site_urls.handler400
handler404 = site_urls.handler404
handler500 = site_urls.handler500


class QueriesFirst:
    """A middleware that reads the database before the view runs (as the session store and the
    authentication middleware do for a visitor with a cookie)."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        SiteProfile.objects.exists()
        response: HttpResponse = self.get_response(request)
        return response


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _swap_default(settings_dict: dict[str, Any]) -> Iterator[None]:
    from django.db.utils import load_backend

    original = connections["default"]
    merged = {**connections.settings["default"], **settings_dict}
    wrapper = load_backend(merged["ENGINE"]).DatabaseWrapper(merged, "default")
    connections["default"] = wrapper
    try:
        yield
    finally:
        wrapper.close()
        connections["default"] = original


@pytest.fixture
def postgres_down(django_db_blocker: Any) -> Iterator[None]:
    """The default database is a PostgreSQL server that does not answer (a closed port)."""
    pytest.importorskip("psycopg")
    down = {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "gongkai",
        "USER": "gongkai",
        "PASSWORD": "",
        "HOST": "127.0.0.1",
        "PORT": str(_closed_port()),
        "OPTIONS": {"connect_timeout": 2},
        "CONN_MAX_AGE": 0,
    }
    with django_db_blocker.unblock():
        yield from _swap_default(down)


@pytest.fixture
def sqlite_locked(django_db_blocker: Any, tmp_path: Path) -> Iterator[None]:
    """The default database is an SQLite file another process holds an exclusive lock on, and
    the busy timeout (5 s in settings) is shortened so the test waits 50 ms for it."""
    name = tmp_path / "locked.sqlite3"
    holder = sqlite3.connect(name, isolation_level=None)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN EXCLUSIVE")
    locked = {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(name),
        "OPTIONS": {"init_command": "PRAGMA busy_timeout=50;"},
        "CONN_MAX_AGE": 0,
    }
    try:
        with django_db_blocker.unblock():
            yield from _swap_default(locked)
    finally:
        holder.execute("ROLLBACK")
        holder.close()


@pytest.fixture
def browser() -> Client:
    return Client(raise_request_exception=False)


def _assert_clean_503(response: Any) -> None:
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response["Cache-Control"] == "no-store"
    text = response.content.decode()
    assert "Traceback" not in text and "OperationalError" not in text


def _assert_page(response: Any) -> None:
    _assert_clean_503(response)
    assert response["Content-Type"].startswith("text/html")
    assert CHINESE_PAGE in response.content.decode()


def test_the_home_page_with_postgresql_down_is_the_503_page(postgres_down: None, browser: Client) -> None:
    _assert_page(browser.get("/"))


def test_the_public_api_with_postgresql_down_answers_503_in_its_error_shape(
    postgres_down: None, browser: Client
) -> None:
    response = browser.get("/api/v1/public/items")
    _assert_clean_503(response)
    assert response["Content-Type"].startswith("application/json")
    body = json.loads(response.content)
    assert set(body) == {"detail", "field"} and body["field"] is None
    assert CHINESE_PAGE in body["detail"]


def test_a_public_post_with_postgresql_down_answers_503(postgres_down: None, browser: Client) -> None:
    answer = {"unit_id": 1, "name": "张三", "phone": "13800000000", "subject": "问", "body": "问题", "public": False}
    response = browser.post("/api/v1/public/inquiries", answer, content_type="application/json")
    _assert_clean_503(response)
    assert json.loads(response.content)["field"] is None


@pytest.mark.urls("tests.ops.test_unavailable")
def test_a_failure_in_a_middleware_is_a_503_too(postgres_down: None, browser: Client, settings: Any) -> None:
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "tests.ops.test_unavailable.QueriesFirst"]
    _assert_page(browser.get("/t/bug"))  # the view would raise a bug: the middleware failed first


@pytest.mark.urls("tests.ops.test_unavailable")
def test_a_failure_while_rendering_a_template_is_a_503(postgres_down: None, browser: Client) -> None:
    _assert_page(browser.get("/t/template"))


def test_a_session_cookie_with_postgresql_down_is_a_503_answered_once(
    postgres_down: None, browser: Client, caplog: pytest.LogCaptureFixture
) -> None:
    """The session and the user are read from the database (the workbench's login check, the
    auth context processor), and again on the way out (the session middleware saves every
    session, the request log names the user): one answer, one log line, the security headers
    on it, and the visitor's cookie left alone."""
    browser.cookies["sessionid"] = "x" * 32
    for url in ("/workbench/", "/"):
        caplog.clear()
        with caplog.at_level(logging.INFO):
            response = browser.get(url)
        _assert_page(response)
        assert "Content-Security-Policy" in response and "X-Request-ID" in response
        assert "sessionid" not in response.cookies  # neither renewed nor deleted
        assert len([r for r in caplog.records if r.name == "gongkai.unavailable"]) == 1


def test_the_outage_is_logged_once_without_a_traceback(
    postgres_down: None, browser: Client, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO):
        browser.get("/?q=13800000000")
    outage = [r for r in caplog.records if r.name == "gongkai.unavailable"]
    assert len(outage) == 1
    record = outage[0]
    assert record.exc_info is None
    assert record.event == "database.unavailable" and record.path == "/" and record.status == 503  # type: ignore[attr-defined]
    assert "13800000000" not in record.getMessage()  # never the query string
    assert not [r for r in caplog.records if r.name == "django.request" and r.levelno >= logging.ERROR]


def test_a_locked_sqlite_database_is_a_503(sqlite_locked: None, browser: Client) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.conf.settings.ROOT_URLCONF", "tests.ops.test_unavailable")
        _assert_page(browser.get("/t/profile"))


@pytest.mark.urls("tests.ops.test_unavailable")
def test_a_bad_sqlite_statement_stays_a_500(db: Any, browser: Client) -> None:
    response = browser.get("/t/bad-statement")
    assert response.status_code == 500
    assert "Retry-After" not in response


@pytest.mark.urls("tests.ops.test_unavailable")
def test_other_exceptions_stay_500(browser: Client) -> None:
    page = browser.get("/t/bug")
    assert page.status_code == 500 and "Retry-After" not in page
    api = browser.get("/api/v1/t/bug")
    assert api.status_code == 500
    assert json.loads(api.content) == {"detail": "服务器内部错误，请稍后重试", "field": None}


def test_what_counts_as_unavailable() -> None:
    from django.db import utils

    locked = utils.OperationalError("database is locked")
    locked.__cause__ = sqlite3.OperationalError("database is locked")
    missing = utils.OperationalError("no such table: x")
    missing.__cause__ = sqlite3.OperationalError("no such table: x")
    assert unavailable.database_unavailable(locked)
    assert not unavailable.database_unavailable(missing)
    assert unavailable.database_unavailable(utils.InterfaceError("connection already closed"))
    assert not unavailable.database_unavailable(utils.IntegrityError("duplicate key"))
    assert not unavailable.database_unavailable(ValueError("x"))
    outer = RuntimeError("while rendering")
    outer.__cause__ = utils.OperationalError("server closed the connection unexpectedly")
    assert unavailable.database_unavailable(outer)


def test_only_postgresql_errors_that_say_the_server_is_away_are_unavailable() -> None:
    """psycopg's OperationalError also covers a deadlock, a cancelled statement or a full server
    disk: those are errors to see (500 with a traceback), not a quiet "try again in 5 s"."""
    import psycopg
    from django.db import utils
    from psycopg import errors

    def wrapped(cause: BaseException) -> utils.OperationalError:
        outer = utils.OperationalError(str(cause))
        outer.__cause__ = cause
        return outer

    refused = psycopg.OperationalError("connection failed: Connection refused")  # no SQLSTATE
    for away in (refused, errors.AdminShutdown("terminating connection"), errors.CannotConnectNow("starting up")):
        assert unavailable.database_unavailable(wrapped(away)), away
    for bug in (errors.DeadlockDetected("deadlock"), errors.QueryCanceled("timeout"), errors.DiskFull("full")):
        assert not unavailable.database_unavailable(wrapped(bug)), bug
        assert not unavailable.database_unavailable(bug), bug


def test_a_full_disk_is_an_outage_and_other_os_errors_are_not() -> None:
    import errno

    assert unavailable.outage_of(OSError(errno.ENOSPC, "No space left on device")) is unavailable.STORAGE
    assert unavailable.outage_of(OSError(errno.EACCES, "Permission denied")) is None
    assert unavailable.outage_of(None) is None

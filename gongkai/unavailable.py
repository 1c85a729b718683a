"""A database that does not answer is a 503 with ``Retry-After``, not a 500 (issue 18, point 4).

While PostgreSQL restarts (or SQLite stays locked past its busy timeout) every request that
touches the database fails. That is no bug of the page: the visitor should wait a few seconds
and try again, and a proxy or monitor should read "unavailable", not "broken". Django calls the
site's ``handler500`` inside its ``except`` block (django.core.handlers.exception
``response_for_exception`` → ``handle_uncaught_exception``), for an exception raised anywhere
below the outermost middleware: a view, a template's context processor, the session or the
authentication middleware. :func:`or_500` wraps that handler, looks at ``sys.exc_info()`` and
answers 503 when the exception says the database is unreachable, or that the disk filled up
under a file being stored (gongkai/storage.py; a form that can say so as a field error does);
every other exception keeps its 500.

The page needs neither the database nor the request's context (no context processor runs), and
under /api/ the answer is the API's error shape (API.md: ``{"detail", "field"}``, 503 with
``Retry-After``). The failure is logged once, as one JSON line naming the error's class and the
path only (no query string, no message text that could quote what someone typed); Django's own
log line with the traceback is suppressed for it.
"""

from __future__ import annotations

import logging
import sqlite3
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import utils as db_utils
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from gongkai.storage import is_full

log = logging.getLogger("gongkai.unavailable")

RETRY_AFTER = 5  # seconds: a PostgreSQL restart takes two or three


@dataclass(frozen=True)
class Outage:
    event: str  # the log line's event
    detail: str  # the API's detail (gettext_noop: translated when answered)
    retry_after: int  # seconds
    storage: bool = False  # which wording the page uses


DATABASE = Outage("database.unavailable", N_("服务暂时不可用（数据库暂时无法连接），请稍后重试"), RETRY_AFTER)
# A full disk (ENOSPC) where no form turned it into a field error: a file being stored
# (gongkai/storage.py keeps nothing of it), or the file cache writing a page; not fixed in seconds.
STORAGE = Outage("storage.full", N_("服务暂时不可用（服务器存储空间已满），请稍后重试"), 300, True)

# SQLite's own OperationalError also means a bad statement ("no such table", a syntax error):
# those stay 500. Only these messages say the database cannot be reached or written just now.
_SQLITE_UNAVAILABLE = (
    "database is locked",
    "database table is locked",
    "unable to open database file",
    "disk i/o error",
    "database or disk is full",
)


def _psycopg_errors() -> tuple[type[BaseException], ...]:
    try:
        import psycopg
    except ImportError:  # an embedded installation without the PostgreSQL driver
        return ()
    # psycopg raises OperationalError for connection failures, administrator shutdown (57P01),
    # "cannot connect now" (57P03), too many connections (53300); statement errors are other classes.
    return (psycopg.OperationalError, psycopg.InterfaceError)


# PostgreSQL's SQLSTATEs that say the server is not there for us now: connection exceptions
# (class 08), the administrator's shutdown and crash recovery (57P01–57P03), too many connections.
# psycopg's OperationalError also covers deadlocks, serialization failures, cancelled statements,
# a full server disk and statements too large: real errors to see as 500s, never a quiet 503.
_POSTGRES_UNAVAILABLE = ("57P01", "57P02", "57P03", "53300")


def _postgres_unavailable(exc: BaseException) -> bool:
    """A psycopg error without an SQLSTATE is the client's own (connection refused or lost)."""
    sqlstate = getattr(exc, "sqlstate", None)
    return sqlstate is None or sqlstate.startswith("08") or sqlstate in _POSTGRES_UNAVAILABLE


def _one_unavailable(exc: BaseException) -> bool:
    if isinstance(exc, sqlite3.OperationalError):
        text = str(exc).lower()
        return any(words in text for words in _SQLITE_UNAVAILABLE)
    if isinstance(exc, _psycopg_errors()):
        return _postgres_unavailable(exc)
    if isinstance(exc, db_utils.OperationalError | db_utils.InterfaceError):
        cause = exc.__cause__
        if cause is None:  # raised by Django itself ("connection already closed")
            return True
        return _one_unavailable(cause)  # Django's wrapper: judge the driver's own error
    return False


def database_unavailable(exc: BaseException | None) -> bool:
    """Whether ``exc`` (or an exception it was explicitly raised from) says the database is not
    reachable now: Django's OperationalError / InterfaceError, psycopg's, SQLite's "locked"."""
    seen = 0
    while exc is not None and seen < 5:
        if _one_unavailable(exc):
            return True
        exc, seen = exc.__cause__, seen + 1
    return False


def outage_of(exc: BaseException | None) -> Outage | None:
    """Which outage ``exc`` says the site is in, if any."""
    if exc is None:
        return None
    if database_unavailable(exc):
        return DATABASE
    if is_full(exc) or (exc.__cause__ is not None and is_full(exc.__cause__)):
        return STORAGE
    return None


def _under_api(path: str) -> bool:
    return path == "/api" or path.startswith("/api/")


def response(request: HttpRequest, outage: Outage = DATABASE) -> HttpResponse:
    """The 503 answer: the Chinese page, or the API's error shape under /api/."""
    answer: HttpResponse
    if _under_api(request.path):
        answer = JsonResponse(
            {"detail": _(outage.detail), "field": None},
            status=503,
            content_type="application/json; charset=utf-8",
            json_dumps_params={"ensure_ascii": False},
        )
    else:
        # render_to_string without a request: no context processor runs (they read the database).
        context = {"retry_after": outage.retry_after, "storage": outage.storage}
        answer = HttpResponse(render_to_string("503.html", context), status=503)
    answer["Retry-After"] = str(outage.retry_after)
    answer["Cache-Control"] = "no-store"  # never kept by the page cache or the front's micro-cache
    return answer


def _log(request: HttpRequest, exc: BaseException, outage: Outage) -> None:
    log.error(
        "%s: %s.%s",
        outage.event,
        type(exc).__module__,
        type(exc).__qualname__,
        extra={
            "event": outage.event,
            "method": request.method,
            "path": request.path,
            "status": 503,
            "request_id": getattr(request, "request_id", ""),
        },
    )


def _forget_database_state(request: HttpRequest) -> None:
    """Nothing after the answer asks the database again on this request: the session middleware
    would load the session to save it (SESSION_SAVE_EVERY_REQUEST) and the request log would
    load the user, each failing once more and answered by this handler again, outside the
    middleware that sets the security headers. Without ``request.session`` the session
    middleware leaves the response (and the visitor's cookie) alone; the user is anonymous for
    the rest of this request only."""
    from django.contrib.auth.models import AnonymousUser

    request.__dict__.pop("session", None)
    if "user" in request.__dict__:
        request.user = AnonymousUser()


def or_500(handler500: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """``handler500`` for the URLconf: 503 when the exception being handled is the database
    being unreachable (or the disk full under a file being stored), else ``handler500``'s own
    answer."""

    def view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        exc = sys.exc_info()[1]
        outage = outage_of(exc)
        if exc is None or outage is None:
            return handler500(request, *args, **kwargs)
        _log(request, exc, outage)
        _forget_database_state(request)
        answer = response(request, outage)
        # Django's log_response would add an ERROR line with the whole traceback for every
        # request of the outage; the line above says it once per request, without one.
        answer._has_been_logged = True  # type: ignore[attr-defined]
        return answer

    view.__doc__ = handler500.__doc__
    view.__name__ = getattr(handler500, "__name__", "handler500")
    return view

"""The page cache: anonymous public pages and public API answers, kept in Django's cache.

Issue 18, point 2: a cache that never serves withdrawn information. How:

* **One generation for everything.** Every key holds the current *generation*, a random token
  kept in the cache itself (``GENERATION_KEY``). Anything the public sees that changes calls
  :func:`changed`, which writes a new token: from then on every page is looked up under new keys,
  on every process and node that shares the cache (Redis across nodes, the file cache across the
  workers of one machine), and the old entries age out. Reading the generation is one cache get
  per request. A new token (never a counter) means two concurrent changes can never leave the
  same generation behind.
* **When.** The domains name what they show: ``watch(Model, ...)`` in each app's ``ready()``
  bumps on save, delete and many-to-many changes, and publishing connects its lifecycle signals
  (published, revised, withdrawn, text_read: RULINGS.md 10, the take-down reaches caches through
  the same withdrawal signal). A change bumps at once *and* again once its transaction commits:
  the second bump discards any page rendered from the old rows between the first bump and the
  commit. Content that changes with time alone (an alert's end, a consultation opening) is
  covered by the local date in the key and the entries' lifetime (``PAGE_CACHE_SECONDS``).
* **Who.** Only GET/HEAD without a session cookie, a messages cookie, a cookie an app declared
  personal (:func:`personal`) or an Authorization header, on the paths of ``PAGE_CACHE_PATHS``
  and none of ``PAGE_CACHE_SKIP`` (settings.py). Everyone else runs the view (``X-Page-Cache:
  bypass``). A response is kept only when it is 200 or 404, not streamed, sets no cookie, used
  no CSRF token (a form's token is one visitor's secret), is not marked private/no-store/no-cache
  (``never_cache``) and varies on nothing the key lacks.
* **Variants.** The key holds scheme, host, language, the local date, the full path and each
  registered variant (:func:`vary`: the portal registers its large-font/high-contrast mode).
* **Failure.** When the generation cannot be read (the cache is down: gongkai/cachebackend.py
  turns that into a miss) the page is served live. A change made while the cache was down, or a
  process that found it down, writes a new generation as soon as it reaches the cache again, so
  entries kept through an outage are never served afterwards; so does a process that reads a
  generation older than one it has seen (a Redis restarted from a snapshot).
* **The front.** A response the cache may keep carries ``X-Accel-Expires`` (the seconds nginx
  may keep it, ``PAGE_CACHE_FRONT_SECONDS``); nginx caches nothing else. Its few seconds plus
  this cache's immediate change stay inside the 5 seconds the issue allows.

The core names no domain: the apps register models and variants; the paths live in settings.
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
import time
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.db import connection, models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.cache import cc_delim_re

log = logging.getLogger("gongkai.pagecache")

GENERATION_KEY = "gongkai:pagecache:generation"
PAGE_KEY = "gongkai:pagecache:page:"
HEADER = "X-Page-Cache"
FRONT_HEADER = "X-Accel-Expires"
KEPT_STATUS = {200, 404}
# Vary values the key already covers (the session cookie means a bypass; the language is keyed).
VARY_COVERED = {"cookie", "accept-language"}
NOT_KEPT = {"private", "no-store", "no-cache"}
DROPPED_HEADERS = {"set-cookie", "x-request-id", HEADER.lower(), FRONT_HEADER.lower()}

Variant = Callable[[HttpRequest], str]
_variants: list[Variant] = []
_personal_cookies: set[str] = set()
# This process's view of the generation: ``pending``, a new one is owed (a bump failed, or the
# cache was found down); ``newest``, the newest it wrote or read (see ``_token``).
_state: dict[str, Any] = {"pending": False, "newest": ""}


# --- what changed -------------------------------------------------------------------------------


def changed(*args: Any, **kwargs: Any) -> None:
    """Something the public sees changed: new keys for every page, now and after commit.
    Takes any arguments, so it can receive a signal directly."""
    _bump()
    if connection.in_atomic_block and not _bump_pending_on_commit():
        transaction.on_commit(_bump, robust=True)
        connection._pagecache_hooks = connection.run_on_commit  # type: ignore[attr-defined]


def _bump_pending_on_commit() -> bool:
    """One bump after commit per transaction is enough (a seed saves thousands of rows). Django
    replaces the list of commit hooks when the transaction ends and when a savepoint rolls back,
    so the same list still holds the hook registered with it (at worst a second one is added)."""
    return getattr(connection, "_pagecache_hooks", None) is connection.run_on_commit


def _token() -> str:
    """A new generation: the time, then randomness. The time lets a process notice a generation
    older than one it has seen, which is what a Redis restored from a snapshot hands out (with
    the pages of that time): it then starts a new one (``generation``)."""
    return f"{time.time_ns():020d}{secrets.token_hex(4)}"


def _bump() -> bool:
    store = caches[settings.PAGE_CACHE_ALIAS]
    token = _token()
    try:
        store.set(GENERATION_KEY, token, timeout=None)
        written = store.get(GENERATION_KEY) is not None
    except Exception:  # a cache other than the fail-open Redis one (disk full): never break a save
        log.exception("page cache generation not written")
        written = False
    _state["pending"] = not written
    if written:
        _state["newest"] = token
    return written


def watch(*watched: type[models.Model], when: Callable[[Any], bool] | None = None) -> None:
    """Bump the generation whenever a row of these models is saved or deleted, or one of their
    many-to-many relations changes; ``when(instance)`` limits it to the rows the public can see
    (a draft that was never published changes no page)."""

    def receiver(sender: Any, instance: Any = None, **kwargs: Any) -> None:
        if when is None or instance is None or when(instance):
            changed()

    for model in watched:
        uid = f"pagecache:{model._meta.label}"
        post_save.connect(receiver, sender=model, weak=False, dispatch_uid=f"{uid}:save")
        post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=f"{uid}:delete")
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(receiver, sender=through, weak=False, dispatch_uid=f"{uid}:{field.name}")


def personal(cookie: str) -> None:
    """A cookie that makes the pages one person's (an applicant's check): its bearer runs the view."""
    _personal_cookies.add(cookie)


def vary(variant: Variant) -> None:
    """Pages differ by ``variant(request)`` (a short string), e.g. the reader's display mode."""
    if variant not in _variants:
        _variants.append(variant)


# --- the key ------------------------------------------------------------------------------------


def generation() -> str | None:
    """The current generation, made when there is none; None when the cache cannot be read."""
    store = caches[settings.PAGE_CACHE_ALIAS]
    if _state["pending"] and not _bump():
        return None
    found = store.get(GENERATION_KEY)
    if found is None:
        store.add(GENERATION_KEY, _token(), timeout=None)
        found = store.get(GENERATION_KEY)
        if found is None:  # the cache is down: start a new generation once it is back
            _state["pending"] = True
            return None
    elif str(found) < _state["newest"]:  # handed back an older generation: a restored snapshot
        return _state["newest"] if _bump() else None
    _state["newest"] = str(found)
    return str(found)


def page_key(request: HttpRequest, current: str) -> str | None:
    try:
        host = request.get_host()
    except DisallowedHost:
        return None  # Django answers 400 further in
    parts = [
        current,
        request.scheme or "",
        host,
        translation.get_language_from_request(request),
        timezone.localdate().isoformat(),
        *(variant(request) for variant in _variants),
        request.get_full_path(),
    ]
    return PAGE_KEY + hashlib.sha256("\n".join(parts).encode()).hexdigest()


# --- which requests and responses ----------------------------------------------------------------


@lru_cache(maxsize=8)
def _patterns(sources: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{source})" for source in sources) or r"(?!)")


def eligible(request: HttpRequest) -> bool:
    """A request the cache may answer: anonymous, no session, a public path."""
    if not settings.PAGE_CACHE or request.method not in ("GET", "HEAD"):
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    own = {
        settings.SESSION_COOKIE_NAME,
        CookieStorage.cookie_name,
        *_personal_cookies,
        *settings.PAGE_CACHE_BYPASS_COOKIES,
    }
    if own & request.COOKIES.keys():
        return False
    if not _patterns(tuple(settings.PAGE_CACHE_PATHS)).match(request.path):
        return False
    return not _patterns(tuple(settings.PAGE_CACHE_SKIP)).match(request.get_full_path())


def keepable(request: HttpRequest, response: HttpResponse) -> bool:
    """A response that is the same for every anonymous reader of this key."""
    if response.status_code not in KEPT_STATUS or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_USED"):
        return False  # the page holds a CSRF token: one visitor's secret
    control = {part.split("=")[0].strip().lower() for part in cc_delim_re.split(response.get("Cache-Control", ""))}
    if control & NOT_KEPT:
        return False
    varies = {part.strip().lower() for part in cc_delim_re.split(response.get("Vary", "")) if part.strip()}
    if varies - VARY_COVERED:
        return False
    return len(response.content) <= settings.PAGE_CACHE_MAX_BYTES


def _frozen(response: HttpResponse) -> tuple[int, list[tuple[str, str]], bytes]:
    headers = [(name, value) for name, value in response.items() if name.lower() not in DROPPED_HEADERS]
    return response.status_code, headers, response.content


def _thawed(entry: tuple[int, Iterable[tuple[str, str]], bytes]) -> HttpResponse:
    status, headers, content = entry
    response = HttpResponse(content, status=status)
    del response["Content-Type"]
    for name, value in headers:
        response[name] = value
    return response


# --- the middleware -----------------------------------------------------------------------------


class PageCacheMiddleware:
    """Answers eligible requests from the cache before the session, CSRF and auth middleware run:
    a hit reads two cache keys and touches neither the database nor the session."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = None
        if eligible(request):
            current = generation()
            key = page_key(request, current) if current is not None else None
        if key is None:
            return self._marked(self.get_response(request), "bypass")
        store = caches[settings.PAGE_CACHE_ALIAS]
        entry = store.get(key)
        if entry is not None:
            return self._marked(_thawed(entry), "hit", front=True)
        response = self.get_response(request)
        if request.method == "GET" and keepable(request, response):
            store.set(key, _frozen(response), timeout=settings.PAGE_CACHE_SECONDS)
            return self._marked(response, "miss", front=True)
        return self._marked(response, "bypass")

    @staticmethod
    def _marked(response: HttpResponse, outcome: str, *, front: bool = False) -> HttpResponse:
        response[HEADER] = outcome
        if front and settings.PAGE_CACHE_FRONT_SECONDS:
            response[FRONT_HEADER] = str(settings.PAGE_CACHE_FRONT_SECONDS)
        return response

"""Rate limits for public forms and public POST endpoints, per client address: the one guard the
portal and the public API both use (``guard`` raises ``Throttled``; the API answers it 429 in its
error shape, a portal page with its own words; both with Retry-After).

A fixed window counter in the cache (Redis in production, so every app server shares it). The
address is hashed before it becomes a key: the cache never holds a visitor's IP address. Limits
are settings (``GONGKAI_RATE_LIMITS``: scope → (requests, seconds)).
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from gongkai.audit.services import client_ip

DEFAULT_LIMITS: dict[str, tuple[int, int]] = {
    "foi_apply": (10, 3600),  # applications: 10 an hour from one address
    "foi_track": (60, 600),  # tracking-code lookups: guessing codes is pointless at this rate
    "foi_check": (10, 3600),  # the applicant's second check on the tracking page, and its e-mailed links
    "consultation_comment": (20, 3600),  # comments on consultations, form and API together
    "inquiry_ask": (10, 3600),  # questions to a unit (政务咨询), form and API together
    "inquiry_track": (60, 600),  # inquiry tracking-code lookups
}


# Lookups by tracking code; every other scope is a submission.
QUERY_SCOPES = {"foi_track", "inquiry_track"}


class Throttled(Exception):
    """Over the limit of ``scope``: to be answered 429 with ``Retry-After: retry_after``."""

    def __init__(self, scope: str) -> None:
        self.scope = scope
        self.retry_after = limit_for(scope)[1]
        super().__init__(_("查询过于频繁，请稍后再试") if scope in QUERY_SCOPES else _("提交过于频繁，请稍后再试"))


def limit_for(scope: str) -> tuple[int, int]:
    limits = {**DEFAULT_LIMITS, **getattr(settings, "GONGKAI_RATE_LIMITS", {})}
    return limits[scope]


def _key(scope: str, address: str) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]
    return f"gongkai:rate:{scope}:{digest}"


def hit(request: HttpRequest, scope: str) -> bool:
    """Count one request from this client in ``scope``; False when it is over the limit."""
    limit, window = limit_for(scope)
    key = _key(scope, client_ip(request) or "unknown")
    if cache.add(key, 1, timeout=window):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return True
    return count <= limit


def guard(request: HttpRequest, scope: str) -> None:
    """Count this request in ``scope``; raise Throttled when the client is over the limit."""
    if not hit(request, scope):
        raise Throttled(scope)


def refuse(response: HttpResponse, refused: Throttled) -> HttpResponse:
    """A page's own answer to ``refused``: status 429 and the window's Retry-After."""
    response.status_code = 429
    response["Retry-After"] = str(refused.retry_after)
    return response

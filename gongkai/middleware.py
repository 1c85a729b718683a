"""Cross-cutting HTTP middleware: a structured request log and the security headers."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

log = logging.getLogger("gongkai.request")

# Everything is served from our own origin: no CDN, no inline script.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
# The bundled Swagger UI sets inline styles; only its page gets that allowance.
CSP_API_DOCS = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=()"


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        policy = CSP_API_DOCS if request.path.startswith("/api/v1/docs") else CSP
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class BodySizeMiddleware:
    """A request whose declared body is larger than ``MAX_REQUEST_BYTES`` is refused with 413
    before anything reads it (a 200 MB upload was read whole before the form said no). The
    largest file any form takes is an item's attachment (50 MB); nginx's ``client_max_body_size``
    holds the same limit in front (docs/operations.md)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            size = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            size = 0  # Django's own parsing answers a malformed length
        limit = settings.MAX_REQUEST_BYTES
        if size <= limit:
            return self.get_response(request)
        detail = _("提交的内容过大（%(size)s MB），上限为%(limit)s MB") % {
            "size": round(size / 1048576, 1),
            "limit": round(limit / 1048576, 1),
        }
        if request.path.startswith("/api/"):
            return JsonResponse(
                {"detail": detail, "field": None}, status=413, json_dumps_params={"ensure_ascii": False}
            )
        return HttpResponse(detail, status=413, content_type="text/plain; charset=utf-8")


class RequestLogMiddleware:
    """One JSON line per request: method, path (never the query string), status, duration."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        request_id = request.headers.get("X-Request-ID", "")[:64] or uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        response = self.get_response(request)
        user = getattr(request, "user", None)
        log.info(
            "request",
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "user_id": user.pk if user is not None and user.is_authenticated else None,
                "request_id": request_id,
            },
        )
        response.headers["X-Request-ID"] = request_id
        return response

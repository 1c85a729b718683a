from __future__ import annotations

import logging

from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from gongkai.ops.checks import FONTS
from gongkai.ops.checks import run as run_checks

logger = logging.getLogger("gongkai.ops")


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 ``{"status": "ok"}`` when the database answers, else 503. What would still go wrong on
    a serving machine (no font for the letters) is added as ``warnings``: the site serves pages,
    but the monitoring should tell someone."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means unhealthy; the reason goes to the log
        logger.exception("health check: database did not answer")
        return JsonResponse({"status": "unavailable"}, status=503)
    warnings = [{"id": m.id, "message": m.msg, "hint": m.hint} for m in run_checks(FONTS)]
    return JsonResponse({"status": "ok", "warnings": warnings} if warnings else {"status": "ok"})

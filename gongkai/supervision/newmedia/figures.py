"""New-media figures for the site inspection and dashboards.

``stale_accounts(today)`` is the list the site inspection (网站与政务新媒体检查) uses for the notice
"监测时间点前2周内无更新" (国办秘函〔2019〕19号, REGULATIONS.md §5): every live account (运营中 or
整改中 — both are open to the public) whose last content date is more than the office's threshold
(default 14 days) before ``today``, or unknown.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, QuerySet

from gongkai.supervision.newmedia import lifecycle as lc
from gongkai.supervision.newmedia.models import Account, NewMediaSettings
from gongkai.supervision.newmedia.rules import window_start


def stale_filter(today: dt.date) -> Q:
    """The condition "live and not updated within the window" for any Account queryset."""
    start = window_start(today, NewMediaSettings.current().stale_after_days)
    return Q(state__in=lc.LIVE) & (Q(last_content_on__isnull=True) | Q(last_content_on__lt=start))


def stale_queryset(today: dt.date) -> QuerySet[Account]:
    return Account.objects.filter(stale_filter(today))


def stale_accounts(today: dt.date) -> list[Account]:
    """Live accounts without content in the window before ``today``, by unit then name."""
    found = stale_queryset(today).select_related("platform", "unit")
    return list(found.order_by("unit__position", "unit_id", "name", "pk"))


def counts_by_unit(today: dt.date) -> dict[int, dict[str, int]]:
    """unit id → {"operating": live accounts, "rectification": of them in 整改中, "stale": of them
    not updated in the window}, for units with at least one live account."""
    rows = (
        Account.objects.filter(state__in=lc.LIVE)
        .values("unit_id")
        .annotate(
            operating=Count("pk"),
            rectification=Count("pk", filter=Q(state=lc.RECTIFICATION)),
            stale=Count("pk", filter=stale_filter(today)),
        )
    )
    return {
        r["unit_id"]: {"operating": r["operating"], "rectification": r["rectification"], "stale": r["stale"]}
        for r in rows
    }

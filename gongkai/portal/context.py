from __future__ import annotations

from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone

from gongkai.orgs.models import SiteProfile
from gongkai.publishing.models import SiteAlert

A11Y_COOKIE = "gk_a11y"
A11Y_MODES = {"standard", "large", "contrast", "large-contrast"}
# The body classes of each mode; site.css styles .a11y-large and .a11y-contrast independently.
A11Y_CLASSES = {
    "standard": "a11y-standard",
    "large": "a11y-large",
    "contrast": "a11y-contrast",
    "large-contrast": "a11y-large a11y-contrast",
}


def a11y_mode(request: HttpRequest) -> str:
    mode = request.COOKIES.get(A11Y_COOKIE, "standard")
    return mode if mode in A11Y_MODES else "standard"


def site(request: HttpRequest) -> dict[str, object]:
    """Site identity for header and footer, and the reader's accessibility mode."""
    mode = a11y_mode(request)
    return {"site": SiteProfile.current(), "a11y_mode": mode, "a11y_classes": A11Y_CLASSES[mode]}


def alerts(request: HttpRequest) -> dict[str, object]:
    """The active site-wide alert banners (突发事件). A lazy queryset: one query, and only on
    pages that render the banner."""
    now = timezone.now()
    active = SiteAlert.objects.filter(active=True).filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now))
    return {"site_alerts": active.select_related("item").only("text", "item__published_revision")}

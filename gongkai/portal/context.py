from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from gongkai import pagecache
from gongkai.orgs.models import SiteProfile
from gongkai.publishing.models import SiteAlert
from gongkai.sites import public as sites_public
from gongkai.sites.current import site_of
from gongkai.sites.models import Column, Site

A11Y_COOKIE = "gk_a11y"
A11Y_MODES = {"standard", "large", "contrast", "large-contrast"}
# The body classes of each mode; site.css styles .a11y-large and .a11y-contrast independently.
A11Y_CLASSES = {
    "standard": "a11y-standard",
    "large": "a11y-large",
    "contrast": "a11y-contrast",
    "large-contrast": "a11y-large a11y-contrast",
}
# How long a frame read while the page cache's generation cannot be read is kept (seconds).
FRAME_TTL = 5.0


def a11y_mode(request: HttpRequest) -> str:
    mode = request.COOKIES.get(A11Y_COOKIE, "standard")
    return mode if mode in A11Y_MODES else "standard"


@dataclass(frozen=True)
class NavLink:
    name: str
    url: str
    slug: str


@dataclass(frozen=True)
class Frame:
    """What the header and footer of every page show of the site (base.html). ``own`` is False
    for the unsaved default site (no Site rows yet): the page looks as before sites existed."""

    profile: SiteProfile | None
    name: str
    own: bool = False
    whole_library: bool = True
    logo: str = ""  # a version of the logo's file ("" for none): its address changes with the file
    theme: str = ""  # the colour, as the theme stylesheet's version ("" for none)
    identifier: str = ""
    icp_number: str = ""
    police_number: str = ""
    nav: tuple[NavLink, ...] = field(default_factory=tuple)
    home_columns: tuple[Column, ...] = field(default_factory=tuple)  # on_home, in order


def _build(site: Site) -> Frame:
    profile = SiteProfile.current()
    if site.pk is None:
        name = profile.site_name if profile else ""
        return Frame(profile, name)
    columns = list(sites_public.columns_of(site))  # one read: the navigation and the home blocks
    in_use = {c.pk for c in columns}
    nav = tuple(
        NavLink(c.name, reverse("portal:site_column", args=[c.slug]), c.slug)
        for c in columns
        if c.parent_id not in in_use
    )
    return Frame(
        profile,
        site.name,
        own=True,
        whole_library=site.whole_library,
        logo=hashlib.sha256(site.logo.name.encode()).hexdigest()[:10] if site.logo else "",
        theme=site.colour.lstrip("#").lower(),
        # A site that leaves them blank shows the platform's (the site profile's) registrations;
        # its 网站标识码 is its own, or the profile's only on the default site.
        identifier=site.identifier or (profile.site_code if profile and site.is_default else ""),
        icp_number=site.icp_number or (profile.icp_number if profile else ""),
        police_number=site.police_number or (profile.police_number if profile else ""),
        nav=nav,
        home_columns=tuple(c for c in columns if c.on_home),
    )


# (generation, site pk) → (frame, read at): the frames of the current page-cache generation. Any
# change the public sees (the site profile, a site, a column) starts a new generation
# (pagecache.watch), so a frame is read once per generation and site, not on every page.
_frames: dict[tuple[str | None, int | None, str], tuple[Frame, float]] = {}
_lock = threading.Lock()


def frame_of(site: Site) -> Frame:
    generation = pagecache.generation()
    key = (generation, site.pk, site.updated_at.isoformat() if site.updated_at else "")
    now = time.monotonic()
    found = _frames.get(key)
    if found is not None and (generation is not None or now - found[1] < FRAME_TTL):
        return found[0]
    frame = _build(site)
    with _lock:
        if any(k[0] != generation for k in _frames):
            _frames.clear()
        _frames[key] = (frame, now)
    return frame


def forget_frames() -> None:
    _frames.clear()


def site(request: HttpRequest) -> dict[str, Any]:
    """Site identity for header and footer, and the reader's accessibility mode."""
    mode = a11y_mode(request)
    frame = frame_of(site_of(request))
    return {"site": frame.profile, "frame": frame, "a11y_mode": mode, "a11y_classes": A11Y_CLASSES[mode]}


def alerts(request: HttpRequest) -> dict[str, object]:
    """The active site-wide alert banners (突发事件). A lazy queryset: one query, and only on
    pages that render the banner."""
    now = timezone.now()
    active = SiteAlert.objects.filter(active=True).filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now))
    return {"site_alerts": active.select_related("item").only("text", "item__published_revision")}

"""Which site a request is for: chosen by the host name (API.md: Sites); a host no site claims
gets the default site. Active sites' hosts are allowed at run time beside ALLOWED_HOSTS
(``SiteHosts``), without a restart.

The sites are read once per process and read again when they are older than ``TTL`` seconds
(5: a site added on one node is served by every node within 5 seconds) or when this process
changed one (``forget``, connected to the models' saves in apps.py). A request never queries
for its site.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field

from django.db import DatabaseError
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from gongkai import pagecache
from gongkai.sites.models import Site

TTL = 5.0
log = logging.getLogger(__name__)


@dataclass
class _Known:
    by_host: dict[str, Site] = field(default_factory=dict)
    default: Site | None = None
    read_at: float = float("-inf")
    generation: str | None = None  # the page cache's generation when read (pagecache.py)


_cell: list[_Known] = [_Known()]  # the sites last read, replaced whole (readers never see half)
_lock = threading.Lock()


def forget(*args: object, **kwargs: object) -> None:
    """Read the sites again on the next request (a site or its units changed here)."""
    _cell[0].read_at = float("-inf")


def _read() -> _Known:
    sites = list(Site.objects.filter(active=True).prefetch_related("units"))
    default = next((s for s in sites if s.is_default), None)
    if default is None:
        default = Site.objects.filter(is_default=True).first() or _fallback()
    return _Known({s.host: s for s in sites}, default, time.monotonic())


def _fallback() -> Site:
    """Before any site exists (a new installation, most tests): the district portal, unsaved,
    showing the whole library under the site profile's name."""
    from gongkai.orgs.models import SiteProfile

    profile = SiteProfile.objects.only("site_name", "site_code", "icp_number", "police_number").first()
    return Site(
        code="default",
        name=profile.site_name if profile else "",
        host="",
        identifier=profile.site_code if profile else "",
        icp_number=profile.icp_number if profile else "",
        police_number=profile.police_number if profile else "",
        whole_library=True,
        is_default=True,
    )


def _fresh(current: _Known, generation: str | None) -> bool:
    """Still good: read less than TTL ago, and — where the page cache answers — under the
    generation of now. A site saved on another node starts a new generation at once, so this node
    reads the sites again before it renders (and caches) a page under the new one."""
    if time.monotonic() - current.read_at >= TTL:
        return False
    return generation is None or generation == current.generation


def known() -> _Known:
    generation = pagecache.generation()
    if _fresh(_cell[0], generation):
        return _cell[0]
    with _lock:
        if not _fresh(_cell[0], generation):
            try:
                _cell[0] = _read()
                _cell[0].generation = generation
            except DatabaseError:
                # The database is away: keep serving the sites last read, or the bare default
                # (unavailable.py answers the request itself if it needs the database); read again
                # on the next request.
                log.warning("sites not read: the database did not answer")
                if _cell[0].default is None:
                    return _Known(default=Site(code="default", host="", whole_library=True, is_default=True))
    return _cell[0]


def bare_host(host: str) -> str:
    """The host name without port, lower case (IPv6 literals keep their brackets)."""
    host = host.strip().lower()
    if host.startswith("["):
        return host.split("]")[0] + "]"
    return host.rsplit(":", 1)[0] if ":" in host else host


def site_for_host(host: str) -> Site:
    sites = known()
    found = sites.by_host.get(bare_host(host))
    assert sites.default is not None
    return found or sites.default


def default_site() -> Site:
    site = known().default
    assert site is not None
    return site


def site_of(request: HttpRequest) -> Site:
    """The request's site (SiteMiddleware sets it, lazily; a request built elsewhere — a test's
    RequestFactory, a job — gets it by its host)."""
    site = request.__dict__.get("site")
    if type(site) is SimpleLazyObject or type(site) is Site:
        return site  # type: ignore[return-value]  # a lazy Site is a Site to its users
    return _by_host(request)


def _by_host(request: HttpRequest) -> Site:
    try:
        host = request.get_host()
    except Exception:  # DisallowedHost or no host at all: the default site
        return default_site()
    return site_for_host(host)


def active_hosts() -> list[str]:
    return list(known().by_host)


class SiteMiddleware:
    """Sets ``request.site``, lazily: a request that never asks (``/healthz``, a static file, a
    cached page) never reads the sites."""

    def __init__(self, get_response):  # type: ignore[no-untyped-def]
        self.get_response = get_response

    def __call__(self, request: HttpRequest):  # type: ignore[no-untyped-def]
        site = SimpleLazyObject(lambda: _by_host(request))
        setattr(request, "site", site)  # noqa: B010 — django-stubs types request.site as contrib.sites
        return self.get_response(request)

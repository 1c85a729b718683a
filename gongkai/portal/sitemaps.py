"""sitemap.xml: the portal's fixed pages and every public item page.

An item's lastmod is the time its latest public revision was published, so a search engine
revisits a page when its text changes, not when the working copy is edited.

Per site (issue 19): the whole-library site lists everything; any other site lists its columns
and the items they show. Unlisted items (RULINGS.md 11) are in no sitemap.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from gongkai.portal.items import newest_first, scoped
from gongkai.publishing import access
from gongkai.publishing.models import Item
from gongkai.sites import public as sites_public
from gongkai.sites.current import site_of
from gongkai.sites.models import Site

STATIC_PAGES = [
    "portal:home",
    "portal:disclosure",
    "portal:guide",
    "portal:rules",
    "portal:statutory",
    "portal:plans",
    "portal:annual_reports",
    "portal:units",
]


class PortalSitemap(Sitemap[str]):
    changefreq = "weekly"

    def items(self) -> list[str]:
        return STATIC_PAGES

    def location(self, item: str) -> str:
        return reverse(item)


class ItemSitemap(Sitemap[dict[str, Any]]):
    """Every public item page: two columns a row (its key and its revision's time), never the
    item or its body, ``limit`` URLs a sitemap page (``?p=2`` …; a sitemap index names them all
    when the URLconf serves ``django.contrib.sitemaps.views.index``), so one request's work is
    bounded whatever the number of documents."""

    limit = 5000

    def __init__(self, site: Site | None = None) -> None:
        self.site = site

    def listed(self) -> QuerySet[Item]:
        return scoped(access.public_items().filter(unlisted=False), self.site)

    def get_latest_lastmod(self) -> dt.datetime | None:
        """The newest publication: one read of the revision index (Django's default calls
        ``lastmod`` on every item)."""
        newest = newest_first(self.listed()).values_list("published_revision__published_at", flat=True)
        return newest.first()

    def items(self) -> QuerySet[Item, Any]:
        return self.listed().order_by("pk").values("pk", "published_revision__published_at")

    def location(self, item: dict[str, Any]) -> str:
        return reverse("portal:item", args=[item["pk"]])

    def lastmod(self, item: dict[str, Any]) -> dt.datetime:
        published_at: dt.datetime = item["published_revision__published_at"]
        return published_at


class ColumnSitemap(Sitemap[str]):
    """A site's columns in use (their slugs)."""

    changefreq = "daily"

    def __init__(self, site: Site) -> None:
        self.site = site

    def items(self) -> list[str]:
        return list(sites_public.columns_of(self.site).values_list("slug", flat=True))

    def location(self, item: str) -> str:
        return reverse("portal:site_column", args=[item])


SITEMAPS: dict[str, type[Sitemap[str]] | type[Sitemap[dict[str, Any]]]] = {
    "portal": PortalSitemap,
    "items": ItemSitemap,
}


def sitemaps_for(site: Site) -> dict[str, type[Sitemap[Any]] | Sitemap[Any]]:
    """The sections of the site's sitemap: its fixed pages, its columns (if any) and its items."""
    found: dict[str, type[Sitemap[Any]] | Sitemap[Any]] = {"portal": PortalSitemap()}
    from gongkai.portal.context import frame_of

    if site.pk is not None and frame_of(site).nav:  # the frame knows, without a query
        found["columns"] = ColumnSitemap(site)
    found["items"] = ItemSitemap(site)
    return found


def index(request: HttpRequest) -> HttpResponse:
    return sitemap_views.index(request, sitemaps_for(site_of(request)), sitemap_url_name="sitemap_section")


def section(request: HttpRequest, section: str) -> HttpResponse:
    return sitemap_views.sitemap(request, sitemaps_for(site_of(request)), section=section)

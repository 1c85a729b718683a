"""sitemap.xml: the portal's fixed pages and every public item page.

An item's lastmod is the time its latest public revision was published, so a search engine
revisits a page when its text changes, not when the working copy is edited.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from gongkai.portal.items import newest_first
from gongkai.publishing import access
from gongkai.publishing.models import Item

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

    def get_latest_lastmod(self) -> dt.datetime | None:
        """The newest publication: one read of the revision index (Django's default calls
        ``lastmod`` on every item)."""
        newest = newest_first(access.public_items()).values_list("published_revision__published_at", flat=True)
        return newest.first()

    def items(self) -> QuerySet[Item, Any]:
        return access.public_items().order_by("pk").values("pk", "published_revision__published_at")

    def location(self, item: dict[str, Any]) -> str:
        return reverse("portal:item", args=[item["pk"]])

    def lastmod(self, item: dict[str, Any]) -> dt.datetime:
        published_at: dt.datetime = item["published_revision__published_at"]
        return published_at


SITEMAPS: dict[str, type[Sitemap[str]] | type[Sitemap[dict[str, Any]]]] = {
    "portal": PortalSitemap,
    "items": ItemSitemap,
}

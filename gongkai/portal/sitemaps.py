"""sitemap.xml: the portal's fixed pages and every public item page.

An item's lastmod is the time its latest public revision was published, so a search engine
revisits a page when its text changes, not when the working copy is edited.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from gongkai.portal.items import revision_of
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


class ItemSitemap(Sitemap[Item]):
    def items(self) -> QuerySet[Item]:
        return access.public_items().order_by("pk")

    def location(self, item: Item) -> str:
        return reverse("portal:item", args=[item.pk])

    def lastmod(self, item: Item) -> dt.datetime:
        return revision_of(item).published_at


SITEMAPS: dict[str, type[Sitemap[str]] | type[Sitemap[Item]]] = {"portal": PortalSitemap, "items": ItemSitemap}

"""RSS 2.0 and Atom feeds of the latest published items: site-wide, per unit, per catalogue domain
and per topic (主题分类), one for each column of the 法定主动公开内容.

A feed carries public content only: the published revision's title, a plain-text excerpt of its
body and the link to the item page; never a person (no author field). Withdrawn items leave the
feeds (their page stays, with the reason). Carried documents (the law corpus, Item.carried) are
not the district's information and have no date of publication here: the feeds leave them out
(issue 17, point 1); the policy library and search show them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from contextvars import ContextVar
from typing import Any

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed
from django.utils.translation import gettext as _

from gongkai.catalog.models import Domain
from gongkai.orgs.models import SiteProfile, Unit
from gongkai.portal.items import current_items, domain_q, excerpt, newest_first, revision_of, scoped, topic_label
from gongkai.publishing.models import Item
from gongkai.sites import public as sites_public
from gongkai.sites.current import site_of
from gongkai.sites.models import Site

FEED_SIZE = 50
# The site of the request a feed is answering (a feed object serves every request of the process).
_site: ContextVar[Site | None] = ContextVar("feed_site", default=None)


def site_name() -> str:
    site = _site.get()
    if site is not None and site.pk is not None:
        return site.name
    profile = SiteProfile.current()
    return profile.site_name if profile else _("政务公开平台")


def _scoped(items: QuerySet[Item]) -> QuerySet[Item]:
    """On a site that is not the whole library: only what its columns show."""
    return scoped(items, _site.get())


class ItemFeed(Feed[Item, Any]):
    """The items of the feed's object (None: the whole site), newest first."""

    feed_type: type[SyndicationFeed] = Rss201rev2Feed

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        token = _site.set(site_of(request))
        try:
            return super().__call__(request, *args, **kwargs)
        finally:
            _site.reset(token)

    def select(self, items: QuerySet[Item], obj: Any) -> QuerySet[Item]:
        return items

    def items(self, obj: Any) -> Sequence[Item] | QuerySet[Item]:
        site = _site.get()
        if type(self) in (ItemFeed, ItemAtomFeed) and site is not None and not site.whole_library:
            # A site's own feed carries its placements, newest first (two queries).
            ids = sites_public.site_item_ids(site, 0, FEED_SIZE)
            return [item for item in sites_public.items_by_ids(ids) if not item.unlisted]
        listed = current_items().filter(carried=False, unlisted=False)
        return newest_first(_scoped(self.select(listed, obj)))[:FEED_SIZE]

    def title(self, obj: Any) -> str:
        return _("%(site)s最新信息") % {"site": site_name()}

    def link(self, obj: Any) -> str:
        return reverse("portal:statutory")

    def description(self, obj: Any) -> str:
        return _("%(site)s主动公开的最新政府信息") % {"site": site_name()}

    def subtitle(self, obj: Any) -> str:  # Atom only; RSS carries the description
        return self.description(obj)

    def item_title(self, item: Item) -> str:
        return revision_of(item).title

    def item_description(self, item: Item) -> str:
        return excerpt(revision_of(item).body_html)

    def item_link(self, item: Item) -> str:
        return reverse("portal:item", args=[item.pk])

    def item_pubdate(self, item: Item) -> dt.datetime:
        return revision_of(item).published_at

    def item_updateddate(self, item: Item) -> dt.datetime:
        return revision_of(item).published_at

    def item_categories(self, item: Item) -> list[str]:
        revision = item.published_revision
        return [str(revision.get_topic_display()), str(revision.get_genre_display())] if revision else []


class UnitFeed(ItemFeed):
    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Unit:
        return get_object_or_404(Unit, pk=kwargs["pk"])

    def select(self, items: QuerySet[Item], obj: Unit) -> QuerySet[Item]:
        return items.filter(unit=obj)

    def title(self, obj: Unit) -> str:
        return _("%(unit)s最新信息") % {"unit": obj.name}

    def link(self, obj: Unit) -> str:
        return reverse("portal:column_unit", args=[obj.pk])

    def description(self, obj: Unit) -> str:
        return _("%(unit)s主动公开的最新政府信息") % {"unit": obj.name}


class DomainFeed(ItemFeed):
    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Domain:
        return get_object_or_404(Domain, code=kwargs["code"])

    def select(self, items: QuerySet[Item], obj: Domain) -> QuerySet[Item]:
        # The column's own condition on the same rows (no IN over every item of the domain).
        return items.filter(domain_q(obj))

    def title(self, obj: Domain) -> str:
        return _("%(domain)s领域最新信息") % {"domain": obj.name}

    def link(self, obj: Domain) -> str:
        return reverse("portal:column_domain", args=[obj.code])

    def description(self, obj: Domain) -> str:
        return _("%(domain)s领域主动公开的最新政府信息") % {"domain": obj.name}


class TopicFeed(ItemFeed):
    """The object is the topic's code (topics are a vocabulary, not rows)."""

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> str:
        code = str(kwargs["code"])
        topic_label(code)  # 404 for an unknown topic
        return code

    def select(self, items: QuerySet[Item], obj: str) -> QuerySet[Item]:
        return items.filter(published_revision__topic=obj)

    def title(self, obj: str) -> str:
        return _("%(topic)s主题最新信息") % {"topic": topic_label(obj)}

    def link(self, obj: str) -> str:
        return reverse("portal:column_topic", args=[obj])

    def description(self, obj: str) -> str:
        return _("%(topic)s主题主动公开的最新政府信息") % {"topic": topic_label(obj)}


class ItemAtomFeed(ItemFeed):
    feed_type = Atom1Feed


class UnitAtomFeed(UnitFeed):
    feed_type = Atom1Feed


class DomainAtomFeed(DomainFeed):
    feed_type = Atom1Feed


class TopicAtomFeed(TopicFeed):
    feed_type = Atom1Feed

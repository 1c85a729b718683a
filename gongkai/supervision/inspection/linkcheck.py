"""Broken links in published items: the links of each public revision's body and the item's
public attachments, checked without a network for this site's own pages.

An internal link (relative, or to a host of ALLOWED_HOSTS or the site profile's address) is
resolved against the URLconf and the object it names must exist and be public: a link to a
deleted item, a withdrawn attachment or the staff workbench is broken for the public even though
the URL pattern matches. External links are checked over HTTP by ``links.Checker``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import Http404
from django.utils.translation import gettext as _

from gongkai.catalog.models import CatalogueEntry, Domain
from gongkai.gazette.access import get_public_issue
from gongkai.orgs.models import SiteProfile, Unit
from gongkai.publiclinks import page_at, public_url
from gongkai.publishing.access import get_public_item, public_attachments, public_items
from gongkai.publishing.vocab import TOPICS
from gongkai.supervision.inspection import links, rules

log = logging.getLogger("gongkai.inspection")


def _item(kwargs: dict[str, Any]) -> bool:
    return public_items().filter(pk=kwargs["pk"]).exists()


def _attachment(kwargs: dict[str, Any]) -> bool:
    found = public_attachments(get_public_item(kwargs["pk"])).filter(pk=kwargs["attachment_pk"]).first()
    return found is not None and bool(found.file) and found.file.storage.exists(found.file.name)


def _domain(kwargs: dict[str, Any]) -> bool:
    return Domain.objects.filter(code=kwargs["code"]).exists()


def _unit(kwargs: dict[str, Any]) -> bool:
    return Unit.objects.filter(pk=kwargs["pk"]).exists()


def _topic(kwargs: dict[str, Any]) -> bool:
    return kwargs["code"] in dict(TOPICS)


def _gazette(kwargs: dict[str, Any]) -> bool:
    get_public_issue(kwargs["year"], kwargs["number"])
    return True


def _catalogue(kwargs: dict[str, Any]) -> bool:
    return kwargs["level"] in CatalogueEntry.Level.values


# The kind of page (gongkai/publiclinks.py) → does the object it names exist (and is it public)?
# Other public pages need no object.
EXISTS: dict[str, Callable[[dict[str, Any]], bool]] = {
    "item": _item,
    "attachment": _attachment,
    "column": _domain,
    "unit": _unit,
    "topic": _topic,
    "gazette": _gazette,
    "catalogue": _catalogue,
}


def _static(path: str) -> links.Outcome:
    name = unquote(path[len(settings.STATIC_URL) :])
    if finders.find(name):
        return links.Outcome(True)
    return links.Outcome(False, _("静态文件不存在"))


def internal_outcome(target: str) -> links.Outcome:
    """Whether a path of this site answers the public with a page."""
    path = unquote(urlsplit(target).path) or "/"
    if path.startswith(settings.STATIC_URL):
        return _static(path)
    if path.startswith(settings.MEDIA_URL):
        return links.Outcome(False, _("上传文件不直接对外提供，应链接到信息页面的附件"))
    page = page_at(path)
    if page is None:
        return links.Outcome(False, _("本站页面不存在（404）"))
    if page.private:
        return links.Outcome(False, _("链接指向工作台，公众无法访问"))
    check = EXISTS.get(page.kind)
    try:
        ok = check is None or check(page.kwargs)
    except Http404:
        ok = False
    return links.Outcome(True) if ok else links.Outcome(False, _("所链接的内容不存在或未公开"))


def site_hosts() -> list[str]:
    hosts = [h for h in settings.ALLOWED_HOSTS if h != "*"]
    profile = SiteProfile.current()
    if profile is not None and profile.website:
        hostname = urlsplit(profile.website).hostname
        if hostname:
            hosts.append(hostname)
    return hosts


@dataclass(frozen=True)
class Source:
    """Where links are found: one public item, its page, body and public attachments."""

    item_id: int
    title: str
    url: str
    body_html: str
    unit_id: int | None
    attachments: tuple[tuple[int, str], ...] = ()  # (attachment id, file name)


def _targets(source: Source, hosts: list[str]) -> list[tuple[str, str, str]]:
    """(kind, target, the link as written) for every link of the source."""
    found = []
    for link in links.extract_links(source.body_html):
        kind, target = links.classify(link, source.url, hosts)
        if kind != "skip":
            found.append((kind, target, link))
    for attachment_pk, _name in source.attachments:
        link = public_url("attachment", source.item_id, attachment_pk)
        found.append(("internal", link, link))
    return found


def broken_links(sources: list[Source], checker: links.Checker, points: int = 1) -> list[rules.Hit]:
    """One finding per item and broken target, naming the item's public page and the target."""
    hosts = site_hosts()
    per_source = [(s, _targets(s, hosts)) for s in sources]
    results = checker.check((kind, target) for _s, found in per_source for kind, target, _link in found)
    hits = []
    for source, found in per_source:
        for kind, target, link in found:
            outcome = results.get((kind, target))
            if outcome is None or outcome.ok:
                continue
            detail = _("“%(title)s”中的链接“%(link)s”不可用：%(reason)s。") % {
                "title": source.title,
                "link": link,
                "reason": outcome.reason,
            }
            hits.append(
                rules.Hit(rules.BROKEN_LINK, detail, points=points, url=source.url, target=link, unit_id=source.unit_id)
            )
    if checker.skipped:
        log.warning("link check capped", extra={"event": "inspection.links_capped", "skipped": checker.skipped})
    return hits


def checker() -> links.Checker:
    """The checker with the site's settings (INSPECTION_LINK_TIMEOUT, _WORKERS, _CAP)."""
    return links.Checker(
        internal_outcome,
        timeout=float(getattr(settings, "INSPECTION_LINK_TIMEOUT", 10)),
        workers=int(getattr(settings, "INSPECTION_LINK_WORKERS", 4)),
        cap=int(getattr(settings, "INSPECTION_LINK_CAP", 2000)),
    )

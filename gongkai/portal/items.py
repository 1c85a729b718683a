"""Public pages of information items: the item page, the browsable 法定主动公开内容 column
(by catalogue domain, by unit, by topic) and the historical plans (一张蓝图绘到底).

Items come only from ``publishing.access.public_items()`` / ``get_public_item()``; what a page
shows of an item is its published revision, never the working copy being revised.
"""

from __future__ import annotations

import datetime as dt
import html
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from gongkai.catalog.models import Domain
from gongkai.exchange import public as exchange_public
from gongkai.orgs.models import Unit
from gongkai.portal import disclosure, paging
from gongkai.portal.views import ColumnItem, Crumb
from gongkai.publishing import access, vocab
from gongkai.publishing.access import current_items, public_attachments
from gongkai.publishing.models import Item, ItemRevision, State
from gongkai.sites import public as sites_public
from gongkai.sites.current import site_of
from gongkai.sites.models import Site

PAGE_SIZE = 20
PLAN_GENRES = ("plan", "programme")  # 规划, 计划 (seed 1(1): 历史规划（计划）的归集整理)

# 条例 Art. 20 categories that item metadata identifies by itself; the others are filled once
# the standard catalogue maps its entries to them.
# Written as data (field of the published revision, values) so that the query (``article_20_q``)
# and the grouped count of the statutory page (``facet_counts``) read the same rule.
ARTICLE_20_METADATA: dict[int, tuple[str, tuple[Any, ...]]] = {
    1: ("normative", (True,)),  # 行政法规、规章和规范性文件
    3: ("genre", PLAN_GENRES),  # 国民经济和社会发展规划、专项规划、区域规划及相关政策
    4: ("genre", ("statistics",)),  # 国民经济和社会发展统计信息
}
ARTICLE_20_FILTERS: dict[int, Q] = {
    number: Q(**{f"published_revision__{name}__in": values}) for number, (name, values) in ARTICLE_20_METADATA.items()
}


# --- queries -------------------------------------------------------------------------------


def newest_first(items: QuerySet[Item], *, in_index_order: bool = True) -> QuerySet[Item]:
    """Newest publication first; ties by the item, newest first. Callers pass the district's own
    items (carried documents follow them, by their own date: ``latest_column_items``).

    Both keys are the published revision's columns (its ``item_id`` is the item's own key), so
    the revision index ``(published_at DESC, item_id DESC)`` (or the kind's / topic's, publishing
    migration 0009) serves the sort and a list reads its first rows and stops (issue 18).
    ``in_index_order=False`` leaves the plan to the database: for a rare condition (an Art. 20
    category) finding its few rows by their own indexes and sorting them beats walking the
    index of every document."""
    ordered = items.order_by(F("published_revision__published_at").desc(), F("published_revision__item").desc())
    return ordered.filter(published_revision__published_at__gte=EVER) if in_index_order else ordered


# Always true, but a range on the sort key's column is what makes SQLite's planner (which has no
# statistics unless ANALYZE ran) read the revision index in order and stop at the LIMIT, rather
# than scan every item and sort them (100 ms against 0.1 ms at 3,400 documents).
EVER = dt.datetime(1000, 1, 1, tzinfo=dt.UTC)
EVER_DAY = dt.date(1000, 1, 1)


def carried_first_rows(items: QuerySet[Item], limit: int) -> list[dict[str, Any]]:
    """The first ``limit`` carried documents by their own date, the undated last (then by the
    time they were put online): two reads of the revision index ``([kind,] written_on DESC,
    published_at DESC, item_id DESC)``, the dated and the undated, each stopping at the LIMIT."""
    tail = (F("published_revision__published_at").desc(), F("published_revision__item").desc())
    dated = items.filter(published_revision__written_on__gte=EVER_DAY).order_by(
        F("published_revision__written_on").desc(), *tail
    )
    undated = items.filter(published_revision__written_on__isnull=True).order_by(*tail)
    return (_rows(dated, limit) + _rows(undated, limit))[:limit]


# Lists never load the texts.
BODIES = ("body_html", "published_revision__body_html")

# What a list of items shows of each (portal/_item_list.html): never a body.
LIST_FIELDS: tuple[str, ...] = ("state", "unit", "unit__name", "published_revision", "published_revision__title")
LIST_FIELDS += ("published_revision__published_at",)


def own_items(site: Site | None = None) -> QuerySet[Item]:
    """The public items that are this district's own information: what the 法定主动公开内容
    column lists and counts. Carried documents (the law corpus) are shown in the policy library
    and search, never as a unit's or a domain's own (issue 17, point 1). Unlisted items (subsidy
    lists, RULINGS.md 11) are in no list. On a site that is not the whole library, only what
    the site's columns show (issue 19)."""
    return scoped(access.public_items().filter(carried=False, unlisted=False), site)


def scoped(items: QuerySet[Item], site: Site | None) -> QuerySet[Item]:
    """``items`` restricted to what ``site`` shows (all of them on the whole library)."""
    scope = sites_public.site_scope(site) if site is not None else None
    return items if scope is None else items.filter(pk__in=scope)


def revision_of(item: Item) -> ItemRevision:
    revision = item.published_revision
    if revision is None:  # public_items() excludes these; a guard for the type checker
        raise Http404
    return revision


def excerpt(body_html: str, length: int = 200) -> str:
    """Plain text of a sanitised body, shortened (feeds and lists show no markup)."""
    text = " ".join(html.unescape(strip_tags(body_html)).split())
    return Truncator(text).chars(length)


# What a home-page line shows of an item: its title, address and date, nothing else.
COLUMN_FIELDS = (
    "pk",
    "carried",
    "published_revision__title",
    "published_revision__published_at",
    "published_revision__written_on",
)


def latest_column_items(kind: str | None = None, limit: int = 8) -> list[ColumnItem]:
    """The newest current items for a home-page block: the platform's own publications newest
    first, then — only where they do not fill it — carried documents by their own date (an
    undated one last, shown without a date). One query of at most ``limit`` rows read in index
    order; a block the own do not fill (a young site) takes two more for the carried ones.

    The carried read is skipped when the own fill the block, not only to save it: it walks the
    kind's revisions by their written date and checks each item, so where a kind has many own
    documents and few carried ones it would pass every own one (85 ms at 100,000 documents)."""
    items = current_items().filter(unlisted=False)
    if kind is not None:
        items = items.filter(published_revision__kind=kind)
    own = _rows(newest_first(items.filter(carried=False)), limit)
    if len(own) < limit:
        own += carried_first_rows(items.filter(carried=True), limit - len(own))
    return [_line(row) for row in own]


def _rows(items: QuerySet[Item], limit: int) -> list[dict[str, Any]]:
    return list(items.values(*COLUMN_FIELDS)[:limit])


def _line(row: dict[str, Any]) -> ColumnItem:
    """A carried document is dated by its own date (None when unknown), never by the day the
    platform put it online."""
    if row["carried"]:
        date = row["published_revision__written_on"]
    else:
        date = timezone.localdate(row["published_revision__published_at"])
    return ColumnItem(row["published_revision__title"], reverse("portal:item", args=[row["pk"]]), date)


def as_column_item(item: Item) -> ColumnItem:
    revision = revision_of(item)
    date = revision.written_on if item.carried else timezone.localdate(revision.published_at)
    return ColumnItem(revision.title, reverse("portal:item", args=[item.pk]), date)


# Pilot domains (国办发〔2017〕42号) whose information is one of the 条例 Art. 20 categories.
PILOT_TO_ARTICLE_20 = {
    "城乡规划": 3,
    "城市综合执法": 6,
    "财政预决算": 7,
    "公共资源交易": 9,
    "重大建设项目": 10,
    "扶贫": 11,
    "就业": 11,
    "社会救助": 11,
    "养老服务": 11,
    "义务教育": 11,
    "医疗卫生": 11,
    "社会保险": 11,
    "保障性住房": 11,
    "救灾": 12,
    "安全生产": 13,
    "环境保护": 13,
    "食品药品监管": 13,
}
ARTICLE_20_CODE = "art20-"


def article_20_q(number: int) -> Q:
    """The one rule for "this item is 条例 Art. 20 category ``number``": its catalogue entry is in
    that category's domain or in a pilot domain of it, or its metadata says so."""
    q = Q(published_revision__catalogue_entry__domain__code=f"{ARTICLE_20_CODE}{number}")
    pilots = [name for name, category in PILOT_TO_ARTICLE_20.items() if category == number]
    if pilots:
        q |= Q(published_revision__catalogue_entry__domain__name__in=pilots)
    if number in ARTICLE_20_FILTERS:
        q |= ARTICLE_20_FILTERS[number]
    return q


def _article_20_number(domain: Domain) -> int | None:
    """The 条例 Art. 20 category a domain stands for (its code ``art20-N``), or None."""
    if domain.code.startswith(ARTICLE_20_CODE) and domain.code[len(ARTICLE_20_CODE) :].isdigit():
        return int(domain.code[len(ARTICLE_20_CODE) :])
    return None


def domain_q(domain: Domain) -> Q:
    """An item is in the domain's column: an Art. 20 category by ``article_20_q``, any other
    domain by its published revision's catalogue entry."""
    number = _article_20_number(domain)
    if number is not None:
        return article_20_q(number)
    return Q(published_revision__catalogue_entry__domain=domain)


def domain_items(domain: Domain) -> QuerySet[Item]:
    return own_items().filter(domain_q(domain))


@dataclass(frozen=True)
class FacetCounts:
    by_domain: dict[int | None, int]
    by_topic: dict[str, int]
    by_category: dict[int, int]  # 条例 Art. 20 category number → count


def _categories(domain: tuple[str, str] | None, metadata: dict[str, Any]) -> set[int]:
    """The Art. 20 categories of an item with this domain (code, name) and metadata (normative,
    genre): the rule of ``article_20_q``, applied to one group of the grouped count."""
    found = {number for number, (name, values) in ARTICLE_20_METADATA.items() if metadata[name] in values}
    if domain is not None:
        code, name = domain
        if code.startswith(ARTICLE_20_CODE) and code[len(ARTICLE_20_CODE) :].isdigit():
            found.add(int(code[len(ARTICLE_20_CODE) :]))
        if name in PILOT_TO_ARTICLE_20:
            found.add(PILOT_TO_ARTICLE_20[name])
    return found


def facet_counts(domains: dict[int, tuple[str, str]], site: Site | None = None) -> FacetCounts:
    """The district's own public items counted by catalogue domain, topic and Art. 20 category
    in one grouped pass (``domains``: every domain's pk → (code, name)). It reads every own item
    once: the statutory page's one read that grows with the documents (the page cache keeps its
    result); it replaced three passes and fifteen counts."""
    domain, topic = "published_revision__catalogue_entry__domain", "published_revision__topic"
    flags = ("published_revision__normative", "published_revision__genre")
    rows = own_items(site).order_by().values(domain, topic, *flags)
    counts = FacetCounts({}, {}, {})
    for row in rows.annotate(n=Count("pk")):
        n = row["n"]
        counts.by_domain[row[domain]] = counts.by_domain.get(row[domain], 0) + n
        counts.by_topic[row[topic]] = counts.by_topic.get(row[topic], 0) + n
        metadata = {"normative": row["published_revision__normative"], "genre": row["published_revision__genre"]}
        for number in _categories(domains.get(row[domain]), metadata):
            counts.by_category[number] = counts.by_category.get(number, 0) + n
    return counts


def category_items(limit: int = 5, site: Site | None = None) -> dict[int, list[ColumnItem]]:
    """条例 Art. 20 category number → its latest items. A category the metadata names (normative
    documents, plans, statistics: common) is read in index order, newest first, until it has
    ``limit``; one only a catalogue domain names is found through the domain's entries and
    sorted (the database's plan; see ``newest_first``)."""
    return {
        number: [
            _line(row)
            for row in _rows(
                newest_first(
                    own_items(site).filter(article_20_q(number)), in_index_order=number in ARTICLE_20_METADATA
                ),
                limit,
            )
        ]
        for number in range(1, 16)
    }


def counts_by(field: str, site: Site | None = None) -> dict[Any, int]:
    """Number of the district's own public items per value of ``field`` (one grouped query)."""
    rows = own_items(site).order_by().values(field).annotate(n=Count("pk"))
    return {row[field]: row["n"] for row in rows}


@dataclass(frozen=True)
class Facet:
    """One way into the column (a domain, a topic) and how many public items it holds."""

    label: Any
    url: str
    count: int


def facets(site: Site | None = None) -> tuple[list[tuple[Any, list[Facet]]], list[Facet]]:
    """The active catalogue domains grouped by kind (pilot domains, Art. 20 categories), and
    the topics, each with its count (one read of the domains, one grouped count)."""
    domains = list(Domain.objects.all())
    counts = facet_counts({domain.pk: (domain.code, domain.name) for domain in domains}, site)
    groups: dict[str, list[Facet]] = {}
    for domain in domains:
        if not domain.active:
            continue
        url = reverse("portal:column_domain", args=[domain.code])
        number = _article_20_number(domain)
        count = counts.by_category.get(number, 0) if number is not None else counts.by_domain.get(domain.pk, 0)
        groups.setdefault(domain.kind, []).append(Facet(domain.name, url, count))
    topics = [
        Facet(label, reverse("portal:column_topic", args=[code]), counts.by_topic.get(code, 0))
        for code, label in vocab.TOPICS
    ]
    return [(label, groups[kind]) for kind, label in Domain.Kind.choices if kind in groups], topics


def statutory_crumbs(title: Any) -> list[Crumb]:
    return [
        Crumb(_("首页"), reverse("portal:home")),
        Crumb(_("政府信息公开"), reverse("portal:disclosure")),
        Crumb(_("法定主动公开内容"), reverse("portal:statutory")),
        Crumb(title),
    ]


# --- item page -----------------------------------------------------------------------------


# What the item page shows with the item, read in its one query: the catalogue entry and domain
# of the published revision, and a policy document's or an interpretation's metadata (a LEFT
# JOIN each; an item that is neither has none). Without them each was a query of its own.
ITEM_PAGE_RELATED = (
    "catalogue_entry",
    "published_revision__catalogue_entry__domain",
    "published_revision__policy",
    "published_revision__interpretation__document__item__published_revision",
    "policy",
)


def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    from gongkai.portal import site_pages  # site_pages imports this module

    item = access.public_items().select_related(*ITEM_PAGE_RELATED).filter(pk=pk).first()
    if item is None:
        raise Http404
    revision = revision_of(item)
    # Not through item.revisions: the related manager would set each revision's item, and with
    # only() that reads the deferred item_id back one revision at a time.
    history = ItemRevision.objects.filter(item_id=item.pk, number__lte=revision.number).order_by("number")
    revisions = list(history.only("number", "published_at", "change_note"))
    withdrawn = item.state == State.WITHDRAWN
    # A received item (issue 19): its origin's organ and a link to the original (one query, and
    # only for carried items: the district's own never ask).
    origin = exchange_public.origins([item.pk]).get(item.pk) if item.carried else None
    context = {
        "item": item,
        "origin": origin,
        "organ": origin["organ"] if origin else carried_organ(item, revision),
        "revision": revision,
        "revisions": revisions if len(revisions) > 1 else [],
        "updated_on": timezone.localdate(revision.published_at) if len(revisions) > 1 else None,
        "attachments": public_attachments(item),
        "withdrawn": withdrawn,
        "withdraw_reason_label": item.get_withdraw_reason_code_display() if withdrawn else "",
        "parts": disclosure.PARTS,
        "current_part": "statutory",
        "crumbs": statutory_crumbs(revision.title),
        # On a site that is not the whole library: which of its columns show the item (one query).
        "site_columns": site_pages.item_columns(site_of(request), item),
    }
    return render(request, "portal/item.html", context)


def carried_organ(item: Item, revision: ItemRevision) -> str:
    """The organ a carried document names (its issuer, e.g. 北京市人民代表大会常务委员会): the
    unit that merely carries it is not its publisher (issue 17, point 1). "" for the district's own."""
    if not item.carried:
        return ""
    policy = getattr(revision, "policy", None)
    return str(policy.issuer) if policy is not None and policy.issuer else ""


def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    """An attachment of a public item, checked like the page (uploaded files are not served
    directly, so a draft's attachment is never reachable)."""
    item = access.get_public_item(pk)
    attachment = get_object_or_404(public_attachments(item), pk=attachment_pk)
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)


# --- columns -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Feeds:
    rss: str
    atom: str


def paginate(request: HttpRequest, items: QuerySet[Item]) -> tuple[Page[Item], Sequence[Any]]:
    """A bounded page of the list, newest first, with only the columns a line shows."""
    return paging.page_of(request, newest_first(items).only(*LIST_FIELDS), PAGE_SIZE)


def _column(
    request: HttpRequest, facet: Any, title: Any, items: QuerySet[Item], feeds: Feeds | None = None
) -> HttpResponse:
    page, page_range = paginate(request, items)
    context = {
        "facet": facet,
        "title": title,
        "page_obj": page,
        "page_range": page_range,
        "ellipsis": Paginator.ELLIPSIS,
        "feeds": feeds,
        "parts": disclosure.PARTS,
        "current_part": "statutory",
        "crumbs": statutory_crumbs(title),
    }
    return render(request, "portal/column.html", context)


def column_domain(request: HttpRequest, code: str) -> HttpResponse:
    domain = get_object_or_404(Domain, code=code)
    feeds = Feeds(reverse("portal:feed_domain_rss", args=[code]), reverse("portal:feed_domain_atom", args=[code]))
    return _column(request, _("按领域"), domain.name, scoped(domain_items(domain), site_of(request)), feeds)


def column_unit(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_object_or_404(Unit, pk=pk)
    feeds = Feeds(reverse("portal:feed_unit_rss", args=[pk]), reverse("portal:feed_unit_atom", args=[pk]))
    return _column(request, _("按单位"), unit.name, own_items(site_of(request)).filter(unit=unit), feeds)


def topic_label(code: str) -> Any:
    """The name of a 主题分类 code; 404 for an unknown one."""
    label = dict(vocab.TOPICS).get(code)
    if label is None:
        raise Http404
    return label


def topic_items(code: str) -> QuerySet[Item]:
    """By the published revision's topic: a revision in progress that reclassifies does not move it."""
    return own_items().filter(published_revision__topic=code)


def column_topic(request: HttpRequest, code: str) -> HttpResponse:
    label = topic_label(code)
    feeds = Feeds(reverse("portal:feed_topic_rss", args=[code]), reverse("portal:feed_topic_atom", args=[code]))
    return _column(request, _("按主题"), label, scoped(topic_items(code), site_of(request)), feeds)


# --- historical plans ----------------------------------------------------------------------


@dataclass(frozen=True)
class YearGroup:
    year: int | None  # None: the written date is not recorded
    items: list[Item]


def group_by_year(items: Iterable[Item]) -> list[YearGroup]:
    def year(item: Item) -> int | None:
        written_on: dt.date | None = revision_of(item).written_on
        return written_on.year if written_on else None

    return [YearGroup(key, list(group)) for key, group in itertools.groupby(items, key=year)]


def plans(request: HttpRequest) -> HttpResponse:
    """规划 and 计划 in the order they were written, oldest first (seed 1(1): 一张蓝图绘到底).

    Every one of them, by design (the point is the whole line of plans): the page grows with the
    district's plans — a few dozen — never with its other documents; its query count is fixed
    and no body is read."""
    items = own_items(site_of(request)).filter(published_revision__genre__in=PLAN_GENRES)
    ordered = items.order_by(F("published_revision__written_on").asc(nulls_last=True), "pk").defer(*BODIES)
    context = {
        "groups": group_by_year(ordered),
        "parts": disclosure.PARTS,
        "current_part": "statutory",
        "crumbs": statutory_crumbs(_("历史规划计划")),
    }
    return render(request, "portal/plans.html", context)

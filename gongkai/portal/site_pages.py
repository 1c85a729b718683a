"""The pages of a site's own (issue 19): a column page (/lm/<slug>/), the home page of a site
that is not the whole library, the site's theme stylesheet and its logo.

Every page reads a bounded number of queries whatever the library's size: a column's items come
from its placements (a capped count, one page of ids, the items by id), the column tree in one
read of the site's columns."""

from __future__ import annotations

import mimetypes
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import overload

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.portal import paging, theme
from gongkai.portal.items import LIST_FIELDS, PAGE_SIZE
from gongkai.portal.views import ColumnItem, Crumb
from gongkai.publishing.access import current_items
from gongkai.publishing.models import Item
from gongkai.sites import public
from gongkai.sites.current import site_of
from gongkai.sites.models import Column, Placement, Site

LOGO_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp"}


def listed_by_ids(ids: list[int]) -> list[Item]:
    """The current public, listed items with these ids, in their order, with only what a list line
    shows (one query, no body)."""
    found = {i.pk: i for i in current_items().filter(pk__in=ids, unlisted=False).only(*LIST_FIELDS)}
    return [found[pk] for pk in ids if pk in found]


class ColumnRows(Sequence[Item]):
    """A column's items for the capped paginator: its length is the placements counted up to a
    cap, a slice is one page of ids read newest first and then its items."""

    def __init__(self, column: Column, cap: int) -> None:
        self.column = column
        self.cap = cap
        self._length: int | None = None

    def __len__(self) -> int:
        if self._length is None:
            self._length = public.column_count(self.column, self.cap + 1)
        return self._length

    @overload
    def __getitem__(self, index: int) -> Item: ...

    @overload
    def __getitem__(self, index: slice) -> list[Item]: ...

    def __getitem__(self, index: int | slice) -> Item | list[Item]:
        if isinstance(index, int):
            return self[index : index + 1][0]
        start, stop = index.start or 0, index.stop if index.stop is not None else len(self)
        return listed_by_ids(public.column_item_ids(self.column, start, max(stop - start, 0)))

    def __iter__(self) -> Iterator[Item]:
        return iter(self[0 : len(self)])


@dataclass(frozen=True)
class Family:
    """A column with its ancestors (the breadcrumbs) and its sub-columns in use."""

    ancestors: list[Column]
    children: list[Column]


def family(site: Site, column: Column) -> Family:
    """From one read of the site's columns in use."""
    columns = list(public.columns_of(site))
    by_pk = {c.pk: c for c in columns}
    ancestors: list[Column] = []
    parent = by_pk.get(column.parent_id) if column.parent_id else None
    while parent is not None and parent not in ancestors:
        ancestors.insert(0, parent)
        parent = by_pk.get(parent.parent_id) if parent.parent_id else None
    return Family(ancestors, [c for c in columns if c.parent_id == column.pk])


def column_url(column: Column) -> str:
    return reverse("portal:site_column", args=[column.slug])


def retired_redirect(request: HttpRequest, column: Column) -> HttpResponse:
    """A retired column's address (and its ?page=N) answers 301: its replacement, the nearest
    parent in use, else the site's home."""
    target = public.redirect_target(column)
    return HttpResponsePermanentRedirect(column_url(target) if target else reverse("portal:home"))


def site_column(request: HttpRequest, slug: str) -> HttpResponse:
    site = site_of(request)
    column = public.column_by_slug(site, slug)
    if column.retired:
        return retired_redirect(request, column)
    found = family(site, column)
    paginator = paging.CappedPaginator(ColumnRows(column, PAGE_SIZE * paging.MAX_PAGES), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    crumbs = [Crumb(_("首页"), reverse("portal:home"))]
    crumbs += [Crumb(c.name, column_url(c)) for c in found.ancestors]
    crumbs.append(Crumb(column.name))
    context = {
        "column": column,
        "children": [(c.name, column_url(c)) for c in found.children],
        "page_obj": page,
        "page_range": list(paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)),
        "ellipsis": Paginator.ELLIPSIS,
        "crumbs": crumbs,
        "current_column": (found.ancestors[0] if found.ancestors else column).slug,
    }
    return render(request, "portal/site_column.html", context)


@dataclass(frozen=True)
class HomeBlock:
    column: Column
    url: str
    items: list[ColumnItem]


def home_blocks(site: Site) -> list[HomeBlock]:
    """The site's columns shown on its home, each with its ``home_count`` newest items: the
    columns from the page frame (read once per page-cache generation), one read of ids per
    column, one of all their items (none when the site shows no column on its home)."""
    from gongkai.portal.context import frame_of

    columns = list(frame_of(site).home_columns)
    if not columns:
        return []
    ids = {c.pk: public.column_item_ids(c, 0, c.home_count) for c in columns}
    items = {i.pk: i for i in listed_by_ids([pk for group in ids.values() for pk in group])}
    blocks = []
    for column in columns:
        lines = [_line(items[pk]) for pk in ids[column.pk] if pk in items]
        blocks.append(HomeBlock(column, column_url(column), lines))
    return blocks


def _line(item: Item) -> ColumnItem:
    revision = item.published_revision
    assert revision is not None
    return ColumnItem(revision.title, reverse("portal:item", args=[item.pk]), timezone.localdate(revision.published_at))


def site_home(request: HttpRequest, site: Site) -> HttpResponse:
    """The home of a site that is not the whole library: its columns on the home page, a search
    box, the 政府信息公开 pages of its units and the 依申请公开 form."""
    units = [unit for unit in site.units.all() if unit.active]  # prefetched with the site
    context = {
        "blocks": home_blocks(site),
        "units": [(unit.name, reverse("portal:column_unit", args=[unit.pk])) for unit in units],
    }
    return render(request, "portal/site_home.html", context)


def item_columns(site: Site, item: Item) -> list[tuple[str, str]]:
    """Which of the site's columns show the item (name, address); none on the whole library."""
    if site.pk is None or site.whole_library:
        return []
    rows = Placement.objects.filter(site_id=site.pk, item_id=item.pk, column__retired=False)
    rows = rows.select_related("column").order_by("column__position", "column__pk")
    return [(row.column.name, column_url(row.column)) for row in rows]


def theme_css(request: HttpRequest) -> HttpResponse:
    """The site's colours as site.css's custom properties, made readable (theme.py)."""
    site = site_of(request)
    if site.pk is None:
        raise Http404
    body = theme.css(theme.theme_of(site.colour))
    response = HttpResponse(body, content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "public, max-age=86400"
    return response


def site_logo(request: HttpRequest) -> FileResponse:
    """The site's logo (uploaded files are not served directly): images only."""
    site = site_of(request)
    if site.pk is None or not site.logo:
        raise Http404
    kind, _encoding = mimetypes.guess_type(site.logo.name)
    if kind not in LOGO_TYPES:
        raise Http404
    try:
        handle = site.logo.open("rb")
    except OSError:
        raise Http404 from None
    response = FileResponse(handle, content_type=kind)
    response["Cache-Control"] = "public, max-age=86400"
    return response

"""What the public sees of sites and columns, read through the placements (bounded queries).

Lists go newest first from the placement indexes, with a page's item ids read first and the
items then fetched by id: two queries per page whatever the library's size."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from gongkai.publishing.access import current_items
from gongkai.publishing.models import Item
from gongkai.sites.models import Column, Placement, Site


@dataclass
class Node:
    column: Column
    children: list[Node] = field(default_factory=list)


def columns_of(site: Site) -> QuerySet[Column]:
    """The site's columns in use, in their order (one query)."""
    if site.pk is None:
        return Column.objects.none()
    return Column.objects.filter(site=site, retired=False).order_by("position", "pk")


def tree(site: Site) -> list[Node]:
    """The site's column tree (retired columns and their branches left out)."""
    nodes = {c.pk: Node(c) for c in columns_of(site)}
    roots: list[Node] = []
    for node in nodes.values():
        parent = nodes.get(node.column.parent_id) if node.column.parent_id else None
        (parent.children if parent else roots).append(node)
    return roots


def column_by_slug(site: Site, slug: str) -> Column:
    """The column at ``slug`` on this site, retired or not (the caller redirects a retired one)."""
    column = Column.objects.filter(site_id=site.pk, slug=slug).select_related("parent").first() if site.pk else None
    if column is None:
        raise Http404
    return column


def redirect_target(column: Column) -> Column | None:
    """Where a retired column's URLs go: its replacement, else the nearest parent in use, else
    None (the site's home)."""
    seen: set[int] = set()
    current: Column | None = column
    while current is not None and current.retired and current.pk not in seen:
        seen.add(current.pk)
        current = current.redirect_to or current.parent
    return current if current is not None and not current.retired else None


def column_count(column: Column, cap: int) -> int:
    """How many items the column lists, counted up to ``cap`` (paging.py's capped count)."""
    return Placement.objects.filter(column=column)[:cap].count()


def column_item_ids(column: Column, offset: int, limit: int) -> list[int]:
    rows = Placement.objects.filter(column=column).order_by("-published_at", "-item_id")
    return list(rows.values_list("item_id", flat=True)[offset : offset + limit])


def site_item_ids(site: Site, offset: int, limit: int) -> list[int]:
    """The newest items any column of the site shows (an item in two columns once)."""
    rows = Placement.objects.filter(site=site).order_by("-published_at", "-item_id")
    return [pk for pk, _at in rows.values_list("item_id", "published_at").distinct()[offset : offset + limit]]


def items_by_ids(ids: list[int]) -> list[Item]:
    """The current public items with these ids, in the ids' order (one query)."""
    found = {i.pk: i for i in current_items().filter(pk__in=ids)}
    return [found[pk] for pk in ids if pk in found]


def in_site(site: Site, item_ids: Iterable[int]) -> set[int]:
    """Which of these items the site shows (all of them on a whole-library site)."""
    ids = set(item_ids)
    if site.whole_library or not ids:
        return ids
    return set(Placement.objects.filter(site=site, item_id__in=ids).values_list("item_id", flat=True).distinct())


def site_scope(site: Site) -> QuerySet[Placement, Any] | None:
    """A subquery of the item ids the site shows, for ``filter(pk__in=…)``; None: the whole library."""
    if site.whole_library:
        return None
    return Placement.objects.filter(site_id=site.pk).values("item_id")


def home_columns(site: Site) -> list[Column]:
    return list(columns_of(site).filter(on_home=True))


def where(item: Item | int) -> QuerySet[Placement]:
    """Where an item appears: every site and column that shows it now (for staff)."""
    item_id = item if isinstance(item, int) else item.pk
    return (
        Placement.objects.filter(item_id=item_id)
        .select_related("site", "column")
        .order_by("site__position", "column__position")
    )


def page_address(request: Any, host: str, path: str = "") -> str:
    """``scheme://host[:port]path`` of a site's public page as linked from ``request`` (the
    workbench or the API): the request's scheme and a non-default port kept, so the link works on
    a test server as on the real front; no host of its own → the request's."""
    host = host or request.get_host()
    port = request.get_port()
    default_port = {"http": "80", "https": "443"}.get(request.scheme or "http")
    if port and port != default_port and ":" not in host:
        host = f"{host}:{port}"
    return f"{request.scheme}://{host}{path}"


def column_address(request: Any, column: Column) -> str:
    """A column's public page on its own site's host (the portal registers ``site_column``)."""
    from gongkai import publiclinks

    return page_address(request, column.site.host, publiclinks.public_url("site_column", column.slug))

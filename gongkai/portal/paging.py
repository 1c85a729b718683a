"""Pagination whose work does not grow with the number of documents (issue 18, point 1).

Django's Paginator counts every matching row (a COUNT over 100,000 documents on every page of a
list) and serves page *n* with OFFSET (n-1)·size. ``CappedPaginator`` counts at most
``MAX_PAGES`` pages' worth of rows plus one (``SELECT COUNT(*) FROM (… LIMIT cap+1)``) and offers
those pages only: the list says "more than N" and asks the reader to narrow it with the
filters, so both the count and the deepest OFFSET are bounded. Links stay plain ``?page=``
links, without JavaScript; a page number past the last offered is answered with the last one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.functional import cached_property

MAX_PAGES = 50


class CappedPaginator(Paginator):
    def __init__(self, object_list: QuerySet[Any] | Sequence[Any], per_page: int, max_pages: int = MAX_PAGES) -> None:
        super().__init__(object_list, per_page)
        self.cap = per_page * max_pages

    @cached_property
    def found(self) -> int:
        """Matching rows, counted up to cap + 1 (an index-only count where the filters allow);
        a list (search hits, already bounded) by its length."""
        if not isinstance(self.object_list, QuerySet):
            return len(self.object_list)
        return int(self.object_list.order_by()[: self.cap + 1].count())

    @cached_property
    def count(self) -> int:
        return min(self.found, self.cap)

    @property
    def capped(self) -> bool:
        """More rows match than the pages offer: the list shows "more than ``count``"."""
        return self.found > self.cap


def page_of(request: HttpRequest, items: QuerySet[Any], per_page: int) -> tuple[Page[Any], list[Any]]:
    """The requested page (``?page=``) and the page links to show, ellipses elided."""
    paginator = CappedPaginator(items, per_page)
    page = paginator.get_page(request.GET.get("page"))
    page_range = list(paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
    return page, page_range

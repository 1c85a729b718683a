"""The public search page (一网通查): one box over everything published."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe

from gongkai.orgs.models import Unit
from gongkai.participation.knowledge.hot import record_search
from gongkai.publishing.models import Kind
from gongkai.publishing.vocab import VALIDITY
from gongkai.search.documents import Filters
from gongkai.search.engine import search as run_search
from gongkai.search.present import present
from gongkai.sites.current import site_of
from gongkai.sites.directory.public import matching as matching_services

PAGE_SIZE = 10
MAX_PAGE = 100


def _int(value: str | None, low: int, high: int) -> int | None:
    try:
        number = int(value or "")
    except ValueError:
        return None
    return number if low <= number <= high else None


def _options(choices: Iterable[tuple[Any, Any]], selected: object) -> SafeString:
    """A filter's ``<option>``s, escaped by format_html. Built here, not in a template loop: the
    filters (some forty options with the units) cost more to render in the template than the
    engine takes to answer (issue 18)."""
    chosen = "" if selected is None else str(selected)
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((value, mark_safe(" selected") if str(value) == chosen else "", label) for value, label in choices),
    )


def search_page(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:200]
    kind = request.GET.get("kind") if request.GET.get("kind") in Kind.values else None
    validity = request.GET.get("validity") if request.GET.get("validity") in dict(VALIDITY) else None
    filters = Filters(
        kind=kind,
        unit_id=_int(request.GET.get("unit"), 1, 10**9),
        year=_int(request.GET.get("year"), 1949, 2100),
        validity=validity,
    )
    page_number = _int(request.GET.get("page"), 1, MAX_PAGE) or 1
    site = site_of(request)  # a site that is not the whole library finds what its columns show
    found = run_search(q, filters, offset=(page_number - 1) * PAGE_SIZE, limit=PAGE_SIZE, site=site) if q else None
    if found is not None and found.total and page_number == 1:
        # Hot topics: the query text only, never who searched; and only a text that found
        # published content, so the public page cannot be made to show any string.
        record_search(q, request)
    page = Paginator(range(min(found.total, PAGE_SIZE * MAX_PAGE)), PAGE_SIZE).get_page(page_number) if found else None
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "portal/search.html",
        {
            "q": q,
            "found": found,
            # 办事服务 (issue 19, point 3): the site's services whose name, department or code
            # match, after the documents on the first page (one bounded query).
            "services": matching_services(q, site) if q and page_number == 1 else [],
            "results": present(found.hits, q, found.full_names) if found else [],
            "page": page,
            "query": query.urlencode(),
            "kinds": _options(Kind.choices, filters.kind),
            "validities": _options(VALIDITY, filters.validity),
            "filters": filters,
            "units": _options(Unit.objects.filter(active=True).values_list("pk", "name"), filters.unit_id),
        },
    )

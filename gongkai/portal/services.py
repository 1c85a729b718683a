"""办事服务, the public side: the directory of the region's services this site shows (a search box,
grouped by category, paged) and each service's guide with the link to 内蒙古政务服务网 and the
蒙速办 QR code. Read-only, bounded: a page of the list costs a capped count and one page query; a
service page one query."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from gongkai.portal.paging import page_of
from gongkai.portal.views import Crumb
from gongkai.sites.current import site_of
from gongkai.sites.directory import public, qr

PAGE_SIZE = 20


def _crumbs(*tail: Crumb) -> list[Crumb]:
    return [Crumb(_("首页"), reverse("portal:home")), Crumb(_("办事服务"), reverse("portal:services")), *tail]


@require_safe
def service_list(request: HttpRequest) -> HttpResponse:
    q = public.clean_query(request.GET.get("q"))
    page, page_range = page_of(request, public.search(site_of(request), q), PAGE_SIZE)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "q": q,
        "page": page,
        "page_range": page_range,
        "groups": public.grouped(list(page)),
        "query": query.urlencode(),
        "crumbs": _crumbs(),
    }
    return render(request, "portal/services/list.html", context)


@require_safe
def service_detail(request: HttpRequest, pk: int) -> HttpResponse:
    service = public.get_public(site_of(request), pk)
    if service is None:
        raise Http404
    context = {
        "service": service,
        # segno's SVG holds only the QR modules of the link (qr.py): nothing typed by anyone.
        "qr": mark_safe(qr.svg(service.app_url)),  # noqa: S308
        "crumbs": _crumbs(Crumb(service.name)),
    }
    return render(request, "portal/services/detail.html", context)

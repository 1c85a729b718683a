"""Public pages of the standard catalogue (标准目录): one page and one .xlsx per level."""

from __future__ import annotations

from itertools import groupby

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongkai.catalog import access, xlsx
from gongkai.catalog.models import CatalogueEntry
from gongkai.portal import disclosure
from gongkai.portal.views import Crumb

Level = CatalogueEntry.Level
TITLES = {Level.COUNTY: _("区（县）级政务公开标准目录"), Level.TOWNSHIP: _("街道（乡镇）级政务公开标准目录")}


def _level(level: str) -> str:
    if level not in Level.values:
        raise Http404
    return level


def catalogue(request: HttpRequest, level: str) -> HttpResponse:
    """The published catalogue of one level, grouped by domain in the office's order."""
    level = _level(level)
    entries = list(access.public_entries(level))
    groups = [(domain, list(items)) for domain, items in groupby(entries, key=lambda e: e.domain)]
    title = TITLES[Level(level)]
    context = {
        "title": title,
        "level": level,
        "levels": [(value, TITLES[Level(value)]) for value in Level.values],
        "groups": groups,
        "total": len(entries),
        "parts": disclosure.PARTS,
        "current_part": "statutory",
        "crumbs": [
            Crumb(_("首页"), reverse("portal:home")),
            Crumb(_("政府信息公开"), reverse("portal:disclosure")),
            Crumb(_("法定主动公开内容"), reverse("portal:statutory")),
            Crumb(title),
        ],
    }
    return render(request, "portal/catalogue.html", context)


def catalogue_xlsx(request: HttpRequest, level: str) -> HttpResponse:
    """The same table as an .xlsx in the standard columns (条例 Art. 24: 下载)."""
    level = _level(level)
    response = HttpResponse(xlsx.export_workbook(access.public_entries(level)), content_type=xlsx.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="catalogue-{level}.xlsx"'
    return response

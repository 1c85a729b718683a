"""Public pages. They show only what is public; no login is needed and no JavaScript."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from gongkai.foi.models import Request
from gongkai.orgs.models import SiteProfile, Unit
from gongkai.participation.inquiries import public as inquiries_public
from gongkai.participation.models import InquiryAsker
from gongkai.portal import disclosure
from gongkai.portal.context import A11Y_COOKIE, A11Y_MODES
from gongkai.publishing.access import public_items
from gongkai.publishing.models import Kind
from gongkai.sites.current import site_of

A11Y_COOKIE_AGE = 365 * 24 * 3600


@dataclass(frozen=True)
class Crumb:
    label: Any
    url: str | None = None


@dataclass(frozen=True)
class ColumnItem:
    """One entry in a home-page block; later capabilities (publishing, policies …) supply them."""

    title: str
    url: str
    date: Any = None


@dataclass(frozen=True)
class Figure:
    """One number a home-page block shows (e.g. 收到申请 12 件)."""

    label: Any
    value: int


@dataclass(frozen=True)
class HomeColumn:
    slug: str
    title: Any
    items: Sequence[ColumnItem] = field(default_factory=tuple)
    more_url: str | None = None
    note: Any = None
    note_url: str | None = None
    figures: Sequence[Figure] = field(default_factory=tuple)
    figures_caption: Any = None


def _active_units() -> QuerySet[Unit]:
    return Unit.objects.filter(active=True)


def _xxgk_crumbs(*tail: Crumb) -> list[Crumb]:
    return [
        Crumb(_("首页"), reverse("portal:home")),
        Crumb(_("政府信息公开"), reverse("portal:disclosure")),
        *tail,
    ]


HOME_INQUIRIES = 6


def answered_inquiries(limit: int = HOME_INQUIRIES) -> list[ColumnItem]:
    """The newest answered inquiries the askers agreed to publish (one query, only the columns
    shown and those masking needs), their subjects masked as on the inquiries page."""
    rows = inquiries_public.answered_public().values("pk", "subject", "answered_on", "asker__name", "asker__phone")
    page = reverse("portal:inquiries")
    return [
        ColumnItem(
            inquiries_public.scrub(
                row["subject"], InquiryAsker(name=row["asker__name"] or "", phone=row["asker__phone"] or "")
            ),
            f"{page}#inquiry-{row['pk']}-title",
            row["answered_on"],
        )
        for row in rows[:limit]
    ]


def foi_figures(today: dt.date) -> list[Figure]:
    """This year's applications across the units: received and replied (one query)."""
    first, last = dt.date(today.year, 1, 1), dt.date(today.year, 12, 31)
    counts = Request.objects.aggregate(
        received=Count("pk", filter=Q(received_on__range=(first, last))),
        replied=Count("pk", filter=Q(replied_on__range=(first, last))),
    )
    return [Figure(_("收到申请"), counts["received"]), Figure(_("已答复"), counts["replied"])]


def home(request: HttpRequest) -> HttpResponse:
    from gongkai.portal import site_pages  # site_pages imports this module
    from gongkai.portal.items import latest_column_items  # items imports this module

    site = site_of(request)
    if site.pk is not None and not site.whole_library:
        return site_pages.site_home(request, site)

    # The latest published items of each kind: the platform's own first (carried laws only fill
    # a block the district's own do not); this year's application figures; answered inquiries.
    # An empty block says "暂无信息" rather than showing sample content.
    today = timezone.localdate()
    columns = [
        HomeColumn("latest", _("最新信息"), latest_column_items(), more_url=reverse("portal:statutory")),
        HomeColumn("policies", _("政策文件"), latest_column_items(Kind.POLICY), more_url=reverse("portal:policies")),
        HomeColumn("interpretations", _("政策解读"), latest_column_items(Kind.INTERPRETATION)),
        HomeColumn("consultations", _("征求意见"), latest_column_items(Kind.CONSULTATION)),
        HomeColumn(
            "foi",
            _("依申请公开"),
            note=_("在线提交政府信息公开申请"),
            note_url=reverse("portal:foi_apply"),
            figures=foi_figures(today),
            figures_caption=_("%(year)s年政府信息公开申请") % {"year": today.year},
        ),
        HomeColumn("inquiries", _("政务咨询"), answered_inquiries(), more_url=reverse("portal:inquiries")),
    ]
    context = {
        "parts": disclosure.PARTS,
        "columns": columns,
        "unit_count": _active_units().count(),
        # The portal's own columns shown on the home page, if it has any (issue 19).
        "site_blocks": site_pages.home_blocks(site) if site.pk is not None else [],
    }
    return render(request, "portal/home.html", context)


def disclosure_index(request: HttpRequest) -> HttpResponse:
    context = {
        "parts": disclosure.PARTS,
        "crumbs": [Crumb(_("首页"), reverse("portal:home")), Crumb(_("政府信息公开"))],
    }
    return render(request, "portal/disclosure.html", context)


def guide(request: HttpRequest) -> HttpResponse:
    """政府信息公开指南 (条例 Art. 12), generated from the site profile and the unit list."""
    profile = SiteProfile.current()
    units = _active_units().exclude(kind=Unit.Kind.GOVERNMENT)
    context = {
        "profile": profile,
        "units": units,
        "updated_on": timezone.localdate(profile.updated_at) if profile else None,
        "parts": disclosure.PARTS,
        "current_part": "guide",
        "crumbs": _xxgk_crumbs(Crumb(_("政府信息公开指南"))),
    }
    return render(request, "portal/guide.html", context)


def rules(request: HttpRequest) -> HttpResponse:
    context = {
        "national_texts": disclosure.NATIONAL_TEXTS,
        "related_laws": disclosure.RELATED_LAWS,
        "regional_standards": disclosure.REGIONAL_STANDARDS,
        "own_rules": [],  # the office's own rules arrive with the publishing capability
        "parts": disclosure.PARTS,
        "current_part": "rules",
        "crumbs": _xxgk_crumbs(Crumb(_("政府信息公开制度"))),
    }
    return render(request, "portal/rules.html", context)


def statutory(request: HttpRequest) -> HttpResponse:
    from gongkai.portal import items  # items imports this module

    site = site_of(request)  # a site that is not the whole library: what its columns show
    unit_counts = items.counts_by("unit", site)
    by_category = items.category_items(site=site)
    domains, topics = items.facets(site)
    context = {
        "article_20": [(category, by_category.get(category.number)) for category in disclosure.ARTICLE_20],
        "article_21": disclosure.ARTICLE_21_COUNTY,
        "units": [(unit, unit_counts.get(unit.pk, 0)) for unit in _active_units()],
        "domains": domains,
        "topics": topics,
        "parts": disclosure.PARTS,
        "current_part": "statutory",
        "crumbs": _xxgk_crumbs(Crumb(_("法定主动公开内容"))),
    }
    return render(request, "portal/statutory.html", context)


def _published_reports(request: HttpRequest) -> list[dict[str, object]]:
    """Published annual reports, newest publication first (withdrawn ones keep their page): the
    columns shown only, read in the order of the revision index (kind, published_at, item)."""
    from gongkai.portal.items import newest_first, scoped  # items imports this module

    reports = public_items().filter(published_revision__kind="annual_report", unlisted=False)
    found = newest_first(scoped(reports, site_of(request)))
    rows = found.values("pk", "published_revision__title", "published_revision__published_at", "unit__name")
    return [
        {
            "url": reverse("portal:item", args=[row["pk"]]),
            "title": row["published_revision__title"],
            "published_on": timezone.localdate(row["published_revision__published_at"]),
            "unit": row["unit__name"],
        }
        for row in rows[:200]
    ]


def annual_reports(request: HttpRequest) -> HttpResponse:
    context = {
        "deadlines": disclosure.annual_report_deadlines(timezone.localdate()),
        "reports": _published_reports(request),
        "parts": disclosure.PARTS,
        "current_part": "annual-reports",
        "crumbs": _xxgk_crumbs(Crumb(_("政府信息公开年报"))),
    }
    return render(request, "portal/annual_reports.html", context)


def units(request: HttpRequest) -> HttpResponse:
    """单位目录: the active units grouped by kind, in the order of Unit.Kind."""
    by_kind: dict[str, list[Unit]] = {}
    for unit in _active_units():
        by_kind.setdefault(unit.kind, []).append(unit)
    groups = [(label, by_kind[value]) for value, label in Unit.Kind.choices if value in by_kind]
    context = {
        "groups": groups,
        "crumbs": [Crumb(_("首页"), reverse("portal:home")), Crumb(_("单位目录"))],
    }
    return render(request, "portal/units.html", context)


def safe_next(request: HttpRequest, target: str | None) -> str:
    """A same-site path to go back to, or "/". Absolute URLs, even to this host, are refused."""
    if not target or not target.startswith("/"):
        return "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts=set(), require_https=request.is_secure()):
        return "/"
    return target


def _same_site_post(request: HttpRequest) -> bool:
    """The browser says the form was sent from a page of this site: its Origin (every current
    browser sends one with a form POST) or, failing that, its Referer names this host."""
    source = request.headers.get("Origin") or request.headers.get("Referer") or ""
    if not source or source == "null":
        return False
    return url_has_allowed_host_and_scheme(
        source, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


@csrf_exempt
@require_POST
def accessibility(request: HttpRequest) -> HttpResponse:
    """Switch large-font / high-contrast mode (适老化); works without JavaScript.

    The switch is on every public page, so it carries no per-visitor CSRF token: a token would
    make every page personal and uncacheable (issue 18). A cross-site form is refused by the
    Origin (or Referer) check instead, which is all a display preference needs.
    """
    if not _same_site_post(request):
        return HttpResponseForbidden(_("请从本站页面切换浏览模式。"), content_type="text/plain; charset=utf-8")
    mode = request.POST.get("mode", "standard")
    response = HttpResponseRedirect(safe_next(request, request.POST.get("next")))
    if mode in A11Y_MODES and mode != "standard":
        response.set_cookie(
            A11Y_COOKIE,
            mode,
            max_age=A11Y_COOKIE_AGE,
            samesite="Lax",
            httponly=True,
            secure=request.is_secure(),
        )
    else:
        response.delete_cookie(A11Y_COOKIE, samesite="Lax")
    return response


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No request context: the database may be the thing that failed.
    return HttpResponse(render_to_string("500.html"), status=500)

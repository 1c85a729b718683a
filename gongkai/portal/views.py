"""Public pages. They show only what is public; no login is needed and no JavaScript."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from gongkai.orgs.models import SiteProfile, Unit
from gongkai.portal.context import A11Y_COOKIE, A11Y_MODES


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html")


def disclosure(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/disclosure.html")


def guide(request: HttpRequest) -> HttpResponse:
    units = Unit.objects.filter(active=True).exclude(kind=Unit.Kind.GOVERNMENT)
    return render(request, "portal/guide.html", {"profile": SiteProfile.current(), "units": units})


def rules(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/rules.html")


def statutory(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/statutory.html", {"units": Unit.objects.filter(active=True)})


def annual_reports(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/annual_reports.html")


@require_POST
def accessibility(request: HttpRequest) -> HttpResponse:
    """Switch large-font / high-contrast mode (适老化); works without JavaScript."""
    mode = request.POST.get("mode", "standard")
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        target = "/"
    response = HttpResponseRedirect(target)
    if mode in A11Y_MODES and mode != "standard":
        response.set_cookie(A11Y_COOKIE, mode, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    else:
        response.delete_cookie(A11Y_COOKIE)
    return response


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No request context: the database may be the thing that failed.
    return HttpResponse(render_to_string("500.html"), status=500)

"""Sites (站点与栏目, issue 19): the list, creating a site (office), its identity (the office and
the site's managers) and its setup — host, units, managers (office). Every change goes through
gongkai.sites.services; a refusal stands beside the field it names and nothing is saved."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gongkai.formerrors import add_service_errors
from gongkai.orgs import access as org_access
from gongkai.sites import access, services
from gongkai.sites.public import page_address
from gongkai.workbench.decorators import office_required
from gongkai.workbench.sites_forms import SiteIdentityForm, SiteSetupForm

View = Callable[..., HttpResponse]


def manager_required(view: View) -> View:
    """Signed in, and the office or a manager of some site (the page itself checks which)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not access.sites_managed_by(request.user).exists():
            raise PermissionDenied(_("只有公开办和站点管理员可以管理站点。"))
        return view(request, *args, **kwargs)

    return wrapped


def _form_page(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    form = context["form"]
    return render(request, template, context, status=422 if form.errors else 200)


@manager_required
def site_list(request: HttpRequest) -> HttpResponse:
    sites = list(access.sites_managed_by(request.user).prefetch_related("units").order_by("position", "pk"))
    for site in sites:
        site.home_url = page_address(request, site.host, "/")  # type: ignore[attr-defined]
    return render(
        request,
        "workbench/sites/list.html",
        {"sites": sites, "is_office": org_access.is_office(request.user)},
    )


def _setup_errors(form: SiteSetupForm, exc: Exception) -> None:
    if isinstance(exc, services.HostTaken):
        form.add_error("host", str(exc))
    elif isinstance(exc, ValidationError):
        add_service_errors(form, exc)


@office_required
def site_create(request: HttpRequest) -> HttpResponse:
    form = SiteSetupForm(request.POST or None, initial={"active": True, "language": "zh-Hans"})
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                site = services.create_site(request.user, units=form.cleaned_data["units"], **form.site_fields())
                services.set_managers(request.user, site, form.cleaned_data["managers"])
        except (services.HostTaken, ValidationError) as exc:
            _setup_errors(form, exc)
        else:
            messages.success(request, _("站点已建立，请配置域名解析和证书后再启用访问。"))
            return redirect("workbench:site_columns", site.pk)
    return _form_page(request, "workbench/sites/site_form.html", {"form": form, "site": None, "part": "setup"})


@office_required
def site_setup(request: HttpRequest, pk: int) -> HttpResponse:
    site = access.get_site_for(request.user, pk)
    initial = {
        **{name: getattr(site, name) for name in SiteSetupForm.base_fields if name not in {"units", "managers"}},
        "units": list(site.units.all()),
        "managers": list(site.managers.all()),
    }
    form = SiteSetupForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                services.update_site(request.user, site, units=form.cleaned_data["units"], **form.site_fields())
                services.set_managers(request.user, site, form.cleaned_data["managers"])
        except (services.HostTaken, ValidationError) as exc:
            _setup_errors(form, exc)
        else:
            messages.success(request, _("站点设置已保存"))
            return redirect("workbench:sites")
    return _form_page(request, "workbench/sites/site_form.html", {"form": form, "site": site, "part": "setup"})


@manager_required
def site_identity(request: HttpRequest, pk: int) -> HttpResponse:
    site = access.get_site_for(request.user, pk)
    initial = {name: getattr(site, name) for name in ("name", "identifier", "icp_number", "police_number", "colour")}
    form = SiteIdentityForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in {"logo", "remove_logo"}}
        if form.cleaned_data["logo"]:
            data["logo"] = form.cleaned_data["logo"]
        elif form.cleaned_data["remove_logo"]:
            data["logo"] = ""
        try:
            services.update_site(request.user, site, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("站点信息已保存"))
            return redirect("workbench:sites")
    context = {"form": form, "site": site, "part": "identity", "multipart": True}
    return _form_page(request, "workbench/sites/site_form.html", context)

"""办事服务 in the workbench (the office): the directory's list with each service's link state,
create, edit, deactivate, and "check links now" (the inspection's link checker). Every change
goes through ``sites.directory.services``; the link check through ``inspection.servicecheck``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gongkai.formerrors import add_service_errors
from gongkai.orgs.models import Unit
from gongkai.sites.directory import services
from gongkai.sites.directory.models import Service
from gongkai.sites.models import Site
from gongkai.supervision.inspection import servicecheck
from gongkai.workbench.decorators import office_required
from gongkai.workbench.forms import name_fields_in_errors

PAGE_SIZE = 100


class ServiceForm(forms.ModelForm):
    department = forms.ModelChoiceField(
        label=gettext_lazy("办理部门"),
        queryset=Unit.objects.filter(active=True).order_by("position", "id"),
        required=False,
        help_text=gettext_lazy("本平台的单位；自治区、市级部门请填写下面的“办理部门名称”。"),
    )
    sites = forms.ModelMultipleChoiceField(
        label=gettext_lazy("显示的站点"),
        queryset=Site.objects.order_by("position", "pk"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("不选则在所有站点显示。"),
    )

    class Meta:
        model = Service
        fields = [f for f in services.FIELDS if f not in ("department", "active")] + ["department", "sites", "active"]
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in ("basis", "conditions", "materials", "steps")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        name_fields_in_errors(self)  # type: ignore[arg-type]
        for name in ("url", "app_url"):
            label = self.fields[name].label
            self.fields[name].error_messages["invalid"] = _("“%(label)s”须是以 https:// 开头的完整网址") % {
                "label": label
            }
        self.fields["position"].required = False

    def clean_position(self) -> int:
        return self.cleaned_data.get("position") or 0


def _save(request: HttpRequest, form: ServiceForm, service: Service | None) -> Service | None:
    if request.method != "POST" or not form.is_valid():
        return None
    data = {name: form.cleaned_data[name] for name in services.FIELDS if name in form.cleaned_data}
    site_ids = [s.pk for s in form.cleaned_data["sites"]]
    try:
        if service is None:
            return services.create_service(request.user, site_ids=site_ids, **data)
        return services.update_service(request.user, service, site_ids=site_ids, **data)
    except ValidationError as exc:
        add_service_errors(form, exc, {"site_ids": "sites"})
        return None


@office_required
def service_list(request: HttpRequest) -> HttpResponse:
    rows = (
        Service.objects.select_related("department")
        .prefetch_related("sites")
        .order_by("-active", "category", "position", "pk")
    )
    context = {"services": rows[:PAGE_SIZE], "total": rows.count(), "page_size": PAGE_SIZE}
    return render(request, "workbench/services/list.html", context)


@office_required
def service_create(request: HttpRequest) -> HttpResponse:
    form = ServiceForm(request.POST or None)
    saved = _save(request, form, None)
    if saved is not None:
        messages.success(request, _("办事服务“%(name)s”已添加。") % {"name": saved.name})
        return redirect("workbench:services")
    status = 422 if request.method == "POST" else 200
    return render(request, "workbench/services/form.html", {"form": form, "service": None}, status=status)


@office_required
def service_edit(request: HttpRequest, pk: int) -> HttpResponse:
    service = get_object_or_404(Service, pk=pk)
    form = ServiceForm(request.POST or None, instance=service)
    saved = _save(request, form, service)
    if saved is not None:
        messages.success(request, _("办事服务“%(name)s”已保存。") % {"name": saved.name})
        return redirect("workbench:services")
    status = 422 if request.method == "POST" else 200
    return render(request, "workbench/services/form.html", {"form": form, "service": service}, status=status)


@require_POST
@office_required
def service_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    service = get_object_or_404(Service, pk=pk)
    services.deactivate_service(request.user, service)
    messages.success(request, _("办事服务“%(name)s”已停用，不再在任何站点显示。") % {"name": service.name})
    return redirect("workbench:services")


@require_POST
@office_required
def service_check_links(request: HttpRequest) -> HttpResponse:
    """Check every active service's links now (bounded pool and timeouts: linkcheck.checker)."""
    counts = servicecheck.check_now(request.user)
    messages.success(
        request,
        _("已检查%(checked)s项办事服务的链接：%(ok)s项可用，%(broken)s项不可用。") % counts,
    )
    return redirect("workbench:services")

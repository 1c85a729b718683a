"""政务新媒体备案 in the workbench: the account list (unit, platform, state, stale only), the
account page with its lifecycle history and the steps the person may take, the application
form, the last-content-date and details forms, and the office's settings. The annual review is
in ``newmedia_reviews``. Every change calls ``supervision.newmedia.services``; this module only
turns forms into calls and back."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gongkai.formerrors import add_service_errors
from gongkai.orgs import access as org_access
from gongkai.supervision.newmedia import access, figures, services
from gongkai.supervision.newmedia import lifecycle as lc
from gongkai.supervision.newmedia.models import Account, NewMediaSettings, Platform
from gongkai.supervision.newmedia.rules import is_stale
from gongkai.workbench.decorators import office_required, staff_required
from gongkai.workbench.views.newmedia_forms import (
    ApplyForm,
    ContentForm,
    DetailsForm,
    PlatformForm,
    SettingsForm,
    StepForm,
)
from gongkai.workbench.views.settings import SettingsPage, settings_view

PAGE_SIZE = 30


def _int(value: str) -> int | None:
    return int(value) if value.isdigit() and len(value) < 19 else None


def _filtered(request: HttpRequest) -> QuerySet[Account]:
    found = access.accounts_visible_to(request.user).select_related("unit", "platform")
    unit, platform = _int(request.GET.get("unit", "")), _int(request.GET.get("platform", ""))
    if unit:
        found = found.filter(unit_id=unit)
    if platform:
        found = found.filter(platform_id=platform)
    state = request.GET.get("state", "")
    if state in Account.State.values:
        found = found.filter(state=state)
    elif state == "live":
        found = found.filter(state__in=lc.LIVE)
    if request.GET.get("stale"):
        found = found.filter(figures.stale_filter(timezone.localdate()))
    return found.order_by("unit__position", "unit_id", "name", "pk")


@staff_required
def account_list(request: HttpRequest) -> HttpResponse:
    access.require_user(request.user)
    today = timezone.localdate()
    days = NewMediaSettings.current().stale_after_days
    page = Paginator(_filtered(request), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "rows": [(a, is_stale(a.state, a.last_content_on, today, days)) for a in page],
        "units": access.account_units(request.user).order_by("position", "id"),
        "platforms": Platform.objects.all(),
        "states": [("live", _("运营中和整改中")), *Account.State.choices],
        "chosen": {k: request.GET.get(k, "") for k in ("unit", "platform", "state", "stale")},
        "query": query.urlencode(),
        "days": days,
        "stale_count": access.accounts_visible_to(request.user).filter(figures.stale_filter(today)).count(),
        "may_apply": access.application_units(request.user).exists(),
        "is_office": org_access.is_office(request.user),
    }
    return render(request, "workbench/newmedia_list.html", context)


@staff_required
def account_apply(request: HttpRequest) -> HttpResponse:
    access.require_applicant(request.user)
    units = access.application_units(request.user)
    form = ApplyForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = {**form.cleaned_data, "unit_id": form.cleaned_data["unit_id"].pk}
        data["platform_id"] = form.cleaned_data["platform_id"].pk
        try:
            account = services.apply(request.user, services.Application(**data), http=request)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("开设申请已提交，等待公开办审批。"))
            return redirect("workbench:newmedia_account", pk=account.pk)
    status = 422 if request.method == "POST" else 200
    return render(request, "workbench/newmedia_apply.html", {"form": form}, status=status)


def _details_initial(account: Account) -> dict[str, Any]:
    return {k: getattr(account, k) for k in services.DETAILS}


def _detail(request: HttpRequest, account: Account, status: int = 200, **bound: Any) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    days = NewMediaSettings.current().stale_after_days
    steps = [bound.get(t.action) or StepForm(transition=t) for t in access.allowed_steps(user, account)]
    may_edit = access.can_act_for_unit(user, account.unit_id)
    context = {
        "account": account,
        "events": account.events.select_related("by"),
        "reviews": account.reviews.select_related("reviewer").order_by("-year"),
        "steps": steps,
        "stale": is_stale(account.state, account.last_content_on, today, days),
        "order": account.events.filter(action=lc.ORDER_RECTIFICATION).last()
        if account.state == lc.RECTIFICATION
        else None,
        "days": days,
        "may_record_content": may_edit and account.state in (*lc.LIVE, lc.FILED),
        "may_edit": may_edit and account.state not in lc.ENDED,
        "content_form": bound.get("content") or ContentForm(initial={"on": account.last_content_on}),
        "details_form": bound.get("details") or DetailsForm(prefix="details", initial=_details_initial(account)),
    }
    return render(request, "workbench/newmedia_account.html", context, status=status)


@staff_required
def account_detail(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_user(request.user)
    return _detail(request, access.get_account_for(request.user, pk))


def _act(
    request: HttpRequest, account: Account, key: str, form: forms.Form, call: Callable[[dict[str, Any]], Any], done: str
) -> HttpResponse:
    """Validate ``form``, run the service ``call``; errors go back onto the form, nothing typed is lost."""
    if form.is_valid():
        try:
            call(form.cleaned_data)
        except services.Conflict as exc:
            messages.error(request, exc.message)
            return redirect("workbench:newmedia_account", pk=account.pk)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect("workbench:newmedia_account", pk=account.pk)
    return _detail(request, account, 422, **{key: form})


@require_POST
@staff_required
def account_step(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_user(request.user)
    account = access.get_account_for(request.user, pk)
    action = request.POST.get("action", "")
    try:
        transition = lc.step(action, account.state)
    except lc.NotAllowed:
        if action not in lc.TRANSITIONS:
            raise Http404 from None
        messages.error(request, _("账号当前状态为“%(state)s”，不能进行此操作") % {"state": account.get_state_display()})
        return redirect("workbench:newmedia_account", pk=pk)
    access.require_step(request.user, account, transition)
    form = StepForm(request.POST, transition=transition)

    def call(data: dict[str, Any]) -> Any:
        number = data.get("filing_number", "")
        return services.transition(
            request.user, account.pk, action, reason=data["reason"], filing_number=number, http=request
        )

    done = _("已%(step)s。") % {"step": form.label}
    return _act(request, account, action, form, call, done)


@require_POST
@staff_required
def account_content(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_user(request.user)
    account = access.get_account_for(request.user, pk)
    access.require_unit_editor(request.user, account.unit_id)

    def call(data: dict[str, Any]) -> Any:
        return services.record_content(request.user, account.pk, data["on"], http=request)

    return _act(request, account, "content", ContentForm(request.POST), call, _("最近更新日期已保存。"))


@require_POST
@staff_required
def account_details(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_user(request.user)
    account = access.get_account_for(request.user, pk)
    access.require_unit_editor(request.user, account.unit_id)

    def call(data: dict[str, Any]) -> Any:
        return services.update_details(request.user, account.pk, data, http=request)

    form = DetailsForm(request.POST, prefix="details")
    return _act(request, account, "details", form, call, _("账号信息已保存。"))


def _settings_context(request: HttpRequest) -> dict[str, Any]:
    return {"platform_form": PlatformForm(), "platforms": Platform.objects.all()}


SETTINGS = SettingsPage(
    model=NewMediaSettings,
    form=SettingsForm,
    template="workbench/newmedia_settings.html",
    url_name="workbench:newmedia_settings",
    action="newmedia.settings_changed",
    saved=gettext_lazy("政务新媒体设置已保存。"),
    initial=lambda current: {"stale_after_days": current.stale_after_days},
    save=lambda actor, data, request: services.update_settings(actor, stale_after_days=data["stale_after_days"],
                                                                http=request),
    context=_settings_context,
)  # fmt: skip
newmedia_settings = settings_view(SETTINGS)


@require_POST
@office_required
def platform_add(request: HttpRequest) -> HttpResponse:
    form = PlatformForm(request.POST)
    if form.is_valid():
        try:
            services.add_platform(request.user, **form.cleaned_data, http=request)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("平台已添加。"))
            return redirect("workbench:newmedia_settings")
    initial = SETTINGS.initial(NewMediaSettings.current()) if SETTINGS.initial else {}
    context = {"form": SettingsForm(initial=initial), "platform_form": form, "platforms": Platform.objects.all()}
    return render(request, SETTINGS.template, context, status=422)

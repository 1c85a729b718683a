"""政务咨询, the public side: the answered public inquiries with the ask form, the receipt, and
tracking by 查询码 (where the asker reads the answer).

The asker's name and phone are never shown, logged or put in a URL; every text shown is passed
through ``participation.inquiries.public.scrub``. Every page works without JavaScript.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_http_methods, require_safe

from gongkai.formerrors import add_service_errors
from gongkai.ops import ratelimit
from gongkai.orgs.models import Unit
from gongkai.participation.inquiries import public, services, tracking
from gongkai.participation.models import Inquiry, InquirySettings
from gongkai.portal.captcha import CaptchaField, ChecksContentToo
from gongkai.portal.foi_forms import SiteTemplatesRenderer, TelInput, refill, unit_choices
from gongkai.portal.views import Crumb

PERSONAL_FIELDS = ("name", "phone", "body")
FIELD_FOR_KEY = {"unit_id": "unit"}
State = Inquiry.State

STATE_HELP: dict[str, Any] = {
    State.RECEIVED: _("您的咨询已经收到，承办单位将在答复期限内答复，答复后可在本页查看。"),
    State.AWAITING_REVIEW: _("承办单位已拟好答复，正在审核，审核通过后即可在本页查看。"),
    State.ANSWERED: _("承办单位已经答复，答复内容见下方。"),
    State.INVALID: _("您的留言经核实为无效留言，不予答复。如有政务咨询，请重新提交。"),
}


class AskForm(ChecksContentToo, forms.Form):
    """我要咨询. Field names are ``services.Question``'s, except unit."""

    default_renderer = SiteTemplatesRenderer()
    service_fields = FIELD_FOR_KEY

    unit = forms.TypedChoiceField(label=_("咨询的单位"), coerce=int)
    subject = forms.CharField(label=_("标题"), max_length=100)
    body = forms.CharField(label=_("咨询内容"), max_length=2000, widget=forms.Textarea(attrs={"rows": 6}))
    name = forms.CharField(label=_("姓名"), max_length=50, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    phone = forms.CharField(label=_("联系电话"), max_length=30, widget=TelInput(attrs={"autocomplete": "tel"}))
    public = forms.BooleanField(label=_("同意答复后公开本咨询（不公开姓名和联系电话）"), required=False)
    captcha = CaptchaField(label=_("验证码"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units, government = unit_choices()
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.TypedChoiceField)
        unit_field.choices = units
        self.initial.setdefault("unit", government)
        help_texts = {
            "body": _("请写明您想了解的问题，2000字以内。请勿在咨询内容中填写身份证号码等个人信息。"),
            "name": _("仅供承办单位联系您，不会公开"),
            "phone": _("手机号码或带区号的固定电话，仅供承办单位联系您，不会公开"),
            "captcha": _("请输入图片中的4位数字"),
        }
        for name, text in help_texts.items():
            self.fields[name].help_text = text
        for name, field in self.fields.items():
            asks = _("请选择“%(label)s”") if name == "unit" else _("请填写“%(label)s”")
            field.error_messages["required"] = asks % {"label": field.label}
            field.error_messages["max_length"] = _("“%(label)s”过长") % {"label": field.label}

    def question(self) -> services.Question:
        data = self.cleaned_data
        return services.Question(
            unit_id=data.get("unit"), name=data.get("name", ""), phone=data.get("phone", ""),
            subject=data.get("subject", ""), body=data.get("body", ""), public=bool(data.get("public")),
        )  # fmt: skip

    def check_content(self) -> None:
        services.check(self.question())

    def add_service_error(self, error: ValidationError) -> None:
        add_service_errors(self, error, FIELD_FOR_KEY)


def _crumbs(*tail: Crumb) -> list[Crumb]:
    return [Crumb(_("首页"), reverse("portal:home")), Crumb(_("政务咨询"), reverse("portal:inquiries")), *tail]


def _listing(request: HttpRequest) -> dict[str, Any]:
    unit = request.GET.get("unit", "")
    unit_id = int(unit) if unit.isdigit() and len(unit) < 19 else None
    page = Paginator(public.answered_public(unit_id), 10).get_page(request.GET.get("page"))
    units = Unit.objects.filter(active=True, pk__in=public.answered_public().values("unit_id")).order_by("position")
    return {
        "page": page,
        "entries": [public.public_entry(i) for i in page.object_list],
        "units": units,
        "unit": unit_id,
        "query": urlencode({"unit": unit_id}) if unit_id else "",
    }


def _render(request: HttpRequest, form: AskForm, *, status: int = 200, **extra: Any) -> HttpResponse:
    context = {
        **_listing(request),
        "form": form,
        "resubmitted": request.method == "POST",
        "crumbs": _crumbs(),
        "period": InquirySettings.current().answer_period_days,
        **extra,
    }
    return render(request, "portal/inquiries.html", context, status=status)


@sensitive_post_parameters(*PERSONAL_FIELDS)
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def index(request: HttpRequest) -> HttpResponse:
    """The answered public inquiries, and the form to ask (a POST to the same page)."""
    if request.method != "POST":
        return _render(request, AskForm())
    try:
        ratelimit.guard(request, "inquiry_ask")
    except ratelimit.Throttled as refused:
        problem = _("本网络地址提交咨询过于频繁，请一小时后再提交，或拨打承办单位电话咨询。")
        return ratelimit.refuse(_render(request, AskForm(initial=refill(request.POST)), problem=problem), refused)
    if "captcha_refresh" in request.POST:
        return _render(request, AskForm(initial=refill(request.POST)), notice=_("已换一张验证码。"))
    return _submit(request)


@sensitive_variables("form", "question")
def _submit(request: HttpRequest) -> HttpResponse:
    form = AskForm(request.POST)
    if not form.is_valid():
        return _render(request, form, status=422)
    try:
        question = form.question()
        inquiry = services.ask(question, http=request)
    except ValidationError as exc:
        form.add_service_error(exc)
        return _render(request, form, status=422)
    response = HttpResponseRedirect(reverse("portal:inquiry_receipt", args=[inquiry.tracking_code]))
    response.status_code = 303  # the receipt is fetched with GET: reloading it never asks twice
    return response


def _lookup(text: str) -> Inquiry | None:
    code = tracking.normalise(text)
    if code is None:
        return None
    return Inquiry.objects.select_related("unit", "asker").filter(tracking_code=code).first()


def _status(inquiry: Inquiry) -> dict[str, Any]:
    return {"status": public.public_status(inquiry), "state_help": STATE_HELP.get(inquiry.state, "")}


def _guard_tracking(request: HttpRequest, code: str = "") -> HttpResponse | None:
    """The tracking page's answer when this client looks codes up too often, else None."""
    try:
        ratelimit.guard(request, "inquiry_track")
    except ratelimit.Throttled as refused:
        context = {
            "code": code,
            "problem": _("查询过于频繁，请十分钟后再试。"),
            "crumbs": _crumbs(Crumb(_("咨询查询"))),
        }
        return ratelimit.refuse(render(request, "portal/inquiry_track.html", context), refused)
    return None


@never_cache
@require_safe
def receipt(request: HttpRequest, code: str) -> HttpResponse:
    """回执: the tracking code and the due date; no personal data."""
    if (refused := _guard_tracking(request)) is not None:
        return refused
    inquiry = _lookup(code)
    if inquiry is None:
        raise Http404
    track_url = f"{reverse('portal:inquiry_track')}?{urlencode({'code': inquiry.tracking_code})}"
    context = {**_status(inquiry), "track_url": track_url, "crumbs": _crumbs(Crumb(_("咨询回执")))}
    return render(request, "portal/inquiry_receipt.html", context)


@never_cache
@require_safe
def track(request: HttpRequest) -> HttpResponse:
    """咨询查询 by 查询码: a GET form (the request log never records query strings)."""
    typed = request.GET.get("code", "").strip()[:64]
    context: dict[str, Any] = {"code": typed, "crumbs": _crumbs(Crumb(_("咨询查询")))}
    if not typed:
        return render(request, "portal/inquiry_track.html", context)
    if (refused := _guard_tracking(request, typed)) is not None:
        return refused
    inquiry = _lookup(typed)
    if inquiry is None:
        context["problem"] = _(
            "没有找到查询码为“%(code)s”的咨询。请核对查询码：它显示在咨询回执上，形如 ZX-2026-7KQ3-M9XD。"
        ) % {"code": typed}
        return render(request, "portal/inquiry_track.html", context, status=404)
    context.update(_status(inquiry))
    return render(request, "portal/inquiry_track.html", context)

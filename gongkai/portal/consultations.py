"""征求意见, the public side: the list, a consultation's page (draft, attachments, comments, the
adoption report, the final policy) and the comment form (CAPTCHA, rate limit). Commenters' phone
numbers never appear; names only masked. Works without JavaScript."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_safe

from gongkai.formerrors import add_service_errors
from gongkai.ops import ratelimit
from gongkai.participation.consultations import public, services
from gongkai.participation.consultations import state as rules
from gongkai.participation.consultations.access import get_public_consultation, public_consultations
from gongkai.participation.models import Consultation
from gongkai.portal.captcha import CaptchaField, ChecksContentToo
from gongkai.portal.foi_forms import SiteTemplatesRenderer, TelInput, refill
from gongkai.portal.views import Crumb
from gongkai.publishing.services import Conflict

STATE_LABELS = {
    rules.UPCOMING: _("未开始"),
    rules.OPEN: _("征求中"),
    rules.CLOSED: _("已截止"),
    rules.CONCLUDED: _("已反馈"),
}


def _label(consultation: Consultation, state: str) -> str:
    """The state in words; a withdrawn draft says so (the API calls it closed)."""
    if state != rules.CONCLUDED and consultation.item.state == "withdrawn":
        return str(_("已撤回"))
    return str(STATE_LABELS[state])


class CommentForm(ChecksContentToo, forms.Form):
    default_renderer = SiteTemplatesRenderer()

    name = forms.CharField(
        label=_("姓名"), max_length=services.MAX_NAME, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    phone = forms.CharField(
        label=_("联系电话"),
        max_length=services.MAX_PHONE,
        required=False,
        widget=TelInput(attrs={"autocomplete": "tel"}),
        help_text=_("便于我们就您的意见与您联系；不会公开"),
    )
    body = forms.CharField(label=_("意见内容"), max_length=services.MAX_BODY, widget=forms.Textarea(attrs={"rows": 6}))
    captcha = CaptchaField(label=_("验证码"), help_text=_("请输入图片中的4位数字"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages["required"] = _("请填写“%(label)s”") % {"label": field.label}

    def check_content(self) -> None:
        data = self.cleaned_data
        services.clean_comment(data.get("name", ""), data.get("phone", ""), data.get("body", ""))


def _crumbs(*tail: Crumb) -> list[Crumb]:
    return [Crumb(_("首页"), reverse("portal:home")), Crumb(_("征求意见"), reverse("portal:consultations")), *tail]


# The newest consultations the list shows; older ones stay reachable by their pages and search.
LIST_SIZE = 200
# What a line of the list reads: the state needs the adoption report's item (loaded with it, or
# every line would query it), never a body.
LIST_BODIES = ("item__body_html", "item__published_revision__body_html", "adoption__item__body_html")


@require_safe
def consultation_list(request: HttpRequest) -> HttpResponse:
    found = public_consultations().select_related("adoption__item").defer(*LIST_BODIES)
    rows = [
        {"c": c, "title": c.item.published_revision.title, "state": _label(c, services.state(c))}  # type: ignore[union-attr]
        for c in found[:LIST_SIZE]
    ]
    return render(
        request,
        "portal/consultation_list.html",
        {"rows": rows, "crumbs": [Crumb(_("首页"), reverse("portal:home")), Crumb(_("征求意见"), None)]},
    )


def _page(request: HttpRequest, consultation: Consultation, form: CommentForm | None, **extra: Any) -> HttpResponse:
    status = extra.pop("status", 200)
    current = services.state(consultation)
    report = public.published_report(consultation)
    revision = consultation.item.published_revision
    assert revision is not None
    context = {
        "consultation": consultation,
        "revision": revision,
        "state": current,
        "state_label": _label(consultation, current),
        "is_open": current == rules.OPEN and consultation.item.state != "withdrawn",
        "comments": public.visible_comments(consultation),
        "attachments": consultation.item.attachments.filter(public=True),
        "report": public.report_data(report) if report is not None else None,
        "report_body": report.item.published_revision.body_html if report is not None else "",  # type: ignore[union-attr]
        "final_policy": public.final_policy(consultation),
        "form": form or CommentForm(),
        "crumbs": _crumbs(Crumb(revision.title, None)),
        **extra,
    }
    return render(request, "portal/consultation.html", context, status=status)


@sensitive_post_parameters("name", "phone", "body")
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def consultation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = get_public_consultation(pk)
    if request.method != "POST":
        sent = request.GET.get("sent")
        return _page(request, consultation, None, sent=sent if sent in ("visible", "held") else None)
    try:
        ratelimit.guard(request, services.RATE_SCOPE)
    except ratelimit.Throttled as refused:
        problem = _("本网络地址提交意见过于频繁，请一小时后再提交。")
        page = _page(request, consultation, CommentForm(initial=refill(request.POST)), problem=problem)
        return ratelimit.refuse(page, refused)
    if "captcha_refresh" in request.POST:
        return _page(request, consultation, CommentForm(initial=refill(request.POST)), notice=_("已换一张验证码。"))
    return _submit(request, consultation)


def _submit(request: HttpRequest, consultation: Consultation) -> HttpResponse:
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _page(request, consultation, form, resubmitted=True, status=422)
    data = form.cleaned_data
    try:
        comment = services.submit_comment(consultation.pk, name=data["name"], phone=data["phone"], body=data["body"])
    except ValidationError as exc:
        add_service_errors(form, exc)
        return _page(request, consultation, form, resubmitted=True, status=422)
    except Conflict as exc:
        return _page(request, consultation, CommentForm(), problem=exc.message, status=409)
    url = reverse("portal:consultation", args=[consultation.pk]) + f"?sent={comment.status}#comment-result"
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response

"""依申请公开, the public side: apply online, the receipt (回执), tracking by 查询码.

The tracking page shows the state and dates (``foi.public.public_status``, the same as the API's
public lookup) and the applicant's view of the case (``foi_tracking``: the request as submitted
with personal data masked, its steps and due dates; the letters after a second check). The
applicant's personal data is never shown, logged or put in a URL. Every page works without
JavaScript.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_http_methods, require_safe

from gongkai.foi import intake, tracking
from gongkai.foi.models import Request
from gongkai.foi.public import public_status
from gongkai.foi.vocab import CLOSED_STATES, STOPPED_STATES, State
from gongkai.ops import ratelimit
from gongkai.orgs.models import SiteProfile
from gongkai.portal import foi_tracking
from gongkai.portal.foi_forms import ApplyForm, refill
from gongkai.portal.views import Crumb

# Kept out of Django's error reports (a 500 during a submission must not mail the ID number).
PERSONAL_FIELDS = ("name", "id_number", "contact_person", "phone", "email", "address", "postcode", "description")

# What each state means, for someone who has never read the 条例.
STATE_HELP: dict[str, Any] = {
    State.REGISTERED: _("您的申请已经登记，机关将在答复期限内办理并答复。"),
    State.IN_PROGRESS: _("机关正在查找、审核您申请的信息。"),
    State.AWAITING_CORRECTION: _(
        "机关请您补充或说明申请内容，请查看您收到的《补正告知书》，在告知的期限内补正。"
        "补正后，答复期限从机关收到补正之日起重新计算（《条例》第三十条）。逾期不补正的，视为放弃申请。"
    ),
    State.CONSULTING: _(
        "您申请的信息涉及第三方或其他机关，机关正在征求其意见。征求意见的时间不计入答复期限（《条例》第三十三条）。"
    ),
    State.EXTENDED: _(
        "机关需要更多时间，经政府信息公开工作机构负责人同意，延长了答复期限（最长20个工作日），"
        "并已告知您。请以下面的答复期限为准（《条例》第三十三条）。"
    ),
    State.AWAITING_FEE: _(
        "您申请的数量或次数明显超过合理范围，机关通知您缴纳信息处理费，请查看您收到的《收费通知书》。"
        "缴费前，答复期限暂停计算（国办函〔2020〕109号）。"
    ),
    State.REPLIED: _(
        "机关已经作出答复，答复书按您选择的途径送达。对答复有异议的，可以按答复书所列途径申请行政复议或者提起行政诉讼。"
    ),
    State.ARCHIVED: _("申请已经办结并归档。"),
    State.WITHDRAWN: _("您已撤回申请，机关不再处理。"),
    State.LAPSED: _("因逾期未补正或者未缴纳信息处理费，机关不再处理本申请。如仍需要该信息，可以重新申请。"),
}


def _crumbs(*tail: Crumb) -> list[Crumb]:
    return [
        Crumb(_("首页"), reverse("portal:home")),
        Crumb(_("政府信息公开"), reverse("portal:disclosure")),
        *tail,
    ]


def _apply_crumb(current: bool = False) -> Crumb:
    return Crumb(_("政府信息公开申请"), None if current else reverse("portal:foi_apply"))


def _render_form(
    request: HttpRequest, form: ApplyForm, *, status: int = 200, notice: Any = None, problem: Any = None
) -> HttpResponse:
    context = {
        "form": form,
        "notice": notice,
        "problem": problem,
        "resubmitted": request.method == "POST",
        "profile": SiteProfile.current(),
        "crumbs": _crumbs(_apply_crumb(current=True)),
    }
    return render(request, "portal/foi_apply.html", context, status=status)


@sensitive_post_parameters(*PERSONAL_FIELDS)
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    """政府信息公开申请 online (条例 Art. 29: in writing; 数据电文 counts as writing)."""
    if request.method != "POST":
        return _render_form(request, ApplyForm())
    # Rate limit first: a flood of submissions costs nothing to check before any work.
    try:
        ratelimit.guard(request, "foi_apply")
    except ratelimit.Throttled as refused:
        problem = _("本网络地址提交申请过于频繁，请一小时后再提交，或者通过信函、当面等方式提出申请。")
        page = _render_form(request, ApplyForm(initial=refill(request.POST)), problem=problem)
        return ratelimit.refuse(page, refused)
    if "captcha_refresh" in request.POST:
        # 看不清？换一张 without JavaScript: the same form, everything typed kept, a new image.
        return _render_form(request, ApplyForm(initial=refill(request.POST)), notice=_("已换一张验证码。"))
    return _submit(request)


@sensitive_variables("form", "app")
def _submit(request: HttpRequest) -> HttpResponse:
    form = ApplyForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_form(request, form, status=422)
    try:
        app = form.application()
        request_obj = intake.register(None, app, http=request)
    except ValidationError as exc:
        form.add_intake_error(exc)
        return _render_form(request, form, status=422)
    except PermissionDenied as exc:
        form.add_error(None, str(exc))
        return _render_form(request, form, status=403)
    # 303: the browser fetches the receipt with GET, so reloading it never submits twice.
    response = HttpResponseRedirect(reverse("portal:foi_receipt", args=[request_obj.tracking_code]))
    response.status_code = 303
    return response


def _lookup(text: str) -> Request | None:
    code = tracking.normalise(text)
    if code is None:
        return None
    return Request.objects.select_related("unit").filter(tracking_code=code).first()


def _due_note(request_obj: Request) -> Any:
    """Why there is no due date to show, or why the one shown may still change; never a made-up date."""
    if request_obj.state in CLOSED_STATES:
        return None
    if request_obj.due_on is not None:
        if request_obj.due_provisional:  # RULINGS.md 2
            return _(
                "暂按双休日计算：该期限所在年度的节假日安排尚未录入本平台，暂按周一至周五为工作日计算；"
                "录入后按法定节假日重新计算，请届时再查询。"
            )
        return None
    if request_obj.state in STOPPED_STATES:
        return _("期限暂停计算，恢复计算后在此显示新的答复期限。")
    if request_obj.due_problem:
        return _(
            "答复期限暂未确定：计算期限所需的工作日历（国务院办公厅公布的节假日安排）尚未录入本平台，"
            "录入后即确定答复期限，请届时再查询。答复期限仍为自收到申请之日起20个工作日。"
        )
    return None


def _status_context(request_obj: Request) -> dict[str, Any]:
    status = public_status(request_obj)
    return {
        "status": status,
        "state_help": STATE_HELP.get(request_obj.state, ""),
        "due_note": _due_note(request_obj),
        "closed": request_obj.state in CLOSED_STATES,
    }


def _guard_tracking(request: HttpRequest, code: str = "") -> HttpResponse | None:
    """The tracking page's answer when this client looks codes up too often, else None."""
    try:
        ratelimit.guard(request, "foi_track")
    except ratelimit.Throttled as refused:
        context = {
            "code": code,
            "problem": _("查询过于频繁，请十分钟后再试。"),
            "crumbs": tracking_crumbs(),
            "states": _state_rows(),
        }
        return ratelimit.refuse(render(request, "portal/foi_track.html", context), refused)
    return None


def _state_rows() -> list[tuple[Any, Any]]:
    return [(State(value).label, text) for value, text in STATE_HELP.items()]


@never_cache
@require_safe
def receipt(request: HttpRequest, code: str) -> HttpResponse:
    """回执: the code and the dates (Art. 31 receipt date, Art. 33 due date); no personal data.
    Rate-limited with tracking: the receipt shows what tracking shows, so it is no way around."""
    if (refused := _guard_tracking(request)) is not None:
        return refused
    request_obj = _lookup(code)
    if request_obj is None:
        raise Http404
    context = {
        **_status_context(request_obj),
        "unit": request_obj.unit.name,
        "track_url": f"{reverse('portal:foi_track')}?{urlencode({'code': request_obj.tracking_code})}",
        "crumbs": _crumbs(_apply_crumb(), Crumb(_("申请回执"))),
    }
    return render(request, "portal/foi_receipt.html", context)


def tracking_crumbs() -> list[Crumb]:
    return _crumbs(_apply_crumb(), Crumb(_("申请办理进度查询")))


def track_page(
    request: HttpRequest, request_obj: Request, *, check_problem: Any = None, status: int = 200
) -> HttpResponse:
    """The tracking page of one application: state and dates, the case as submitted (masked),
    its steps and due dates, and its letters behind the applicant's second check."""
    context: dict[str, Any] = {
        "code": request_obj.tracking_code,
        "crumbs": tracking_crumbs(),
        "states": _state_rows(),
        "check_problem": check_problem,
        **_status_context(request_obj),
        **foi_tracking.case_context(request, request_obj),
    }
    return render(request, "portal/foi_track.html", context, status=status)


@never_cache
@require_safe
def track(request: HttpRequest) -> HttpResponse:
    """办理进度查询 by 查询码: a GET form (the request log never records query strings)."""
    typed = request.GET.get("code", "").strip()[:64]
    context: dict[str, Any] = {"code": typed, "crumbs": tracking_crumbs(), "states": _state_rows()}
    if not typed:
        return render(request, "portal/foi_track.html", context)
    if (refused := _guard_tracking(request, typed)) is not None:
        return refused
    request_obj = _lookup(typed)
    if request_obj is None:
        context["problem"] = _(
            "没有找到查询码为“%(code)s”的申请。请核对查询码：它印在申请回执上，形如 YSQ-2026-7KQ3-M9XD。"
        ) % {"code": typed}
        return render(request, "portal/foi_track.html", context, status=404)
    return track_page(request, request_obj)

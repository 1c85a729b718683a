"""政务咨询 in the workbench: the list (state, overdue, unit), the inquiry page with the answer
form, review (the unit's reviewer), reassign (the office), invalid marking, the audited view of
the asker's contact data, and the office's settings. Every action calls
``participation.inquiries.services``; this module only turns forms into calls and back."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.html import escape, linebreaks
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gongkai.actor import Actor
from gongkai.formerrors import add_service_errors
from gongkai.orgs import access as org_access
from gongkai.orgs.models import Unit
from gongkai.participation.inquiries import access, services, tracking
from gongkai.participation.models import Inquiry, InquirySettings, InquiryUnitSettings, InvalidReason
from gongkai.workbench.decorators import office_required, staff_required
from gongkai.workbench.views.settings import SettingsPage, settings_view

State = Inquiry.State
STATES = [
    ("open", gettext_lazy("未办结（待答复、待审核）")),
    (State.RECEIVED, State.RECEIVED.label),
    (State.AWAITING_REVIEW, State.AWAITING_REVIEW.label),
    (State.ANSWERED, State.ANSWERED.label),
    (State.INVALID, State.INVALID.label),
    ("all", gettext_lazy("全部")),
]


class AnswerForm(forms.Form):
    body_html = forms.CharField(
        label=gettext_lazy("答复内容"),
        max_length=40000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=gettext_lazy(
            "可直接输入文字（空行分段），也可粘贴网页格式；答复将显示给咨询人，同意公开的咨询还将在网站公开。"
        ),
        error_messages={"required": gettext_lazy("请填写“答复内容”")},
    )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("审核意见"),
        choices=[("approve", gettext_lazy("同意答复")), ("return", gettext_lazy("退回修改"))],
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("请选择“审核意见”")},
    )
    note = forms.CharField(label=gettext_lazy("退回意见"), max_length=500, required=False)


class ReassignForm(forms.Form):
    to_unit = forms.ModelChoiceField(
        label=gettext_lazy("转办至"),
        queryset=Unit.objects.none(),
        error_messages={"required": gettext_lazy("请选择“转办至”的单位")},
    )
    reason = forms.CharField(
        label=gettext_lazy("转办理由"), max_length=500, error_messages={"required": gettext_lazy("请填写“转办理由”")}
    )

    def __init__(self, *args: Any, current: Inquiry, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["to_unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Unit.objects.filter(active=True).exclude(pk=current.unit_id).order_by("position", "id")


class InvalidForm(forms.Form):
    reason = forms.ChoiceField(
        label=gettext_lazy("无效原因"),
        choices=InvalidReason.choices,
        error_messages={"required": gettext_lazy("请选择“无效原因”")},
    )
    note = forms.CharField(label=gettext_lazy("说明"), max_length=500, required=False)


class SettingsForm(forms.Form):
    answer_period_days = forms.IntegerField(
        label=gettext_lazy("答复期限（工作日）"), min_value=1, max_value=60,
        error_messages={"required": gettext_lazy("请填写“答复期限”"), "invalid": gettext_lazy("“答复期限”应为整数")},
    )  # fmt: skip
    due_soon_days = forms.IntegerField(label=gettext_lazy("临近到期提醒（日）"), min_value=0, max_value=30)
    review_units = forms.ModelMultipleChoiceField(
        label=gettext_lazy("答复需经审核的单位"),
        queryset=Unit.objects.filter(active=True).order_by("position", "id"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


def _require_user(user: Actor) -> None:
    if not access.may_use(user):
        raise PermissionDenied(_("只有各单位信息员、审核人员和公开办可以办理政务咨询"))


def _filtered(request: HttpRequest) -> QuerySet[Inquiry]:
    found = access.inquiries_visible_to(request.user).select_related("unit", "asker").order_by("due_on", "id")
    state = request.GET.get("state", "open")
    if state == "open":
        found = found.filter(state__in=[State.RECEIVED, State.AWAITING_REVIEW])
    elif state in State.values:
        found = found.filter(state=state)
    if request.GET.get("overdue"):
        found = found.filter(state__in=[State.RECEIVED, State.AWAITING_REVIEW], due_on__lt=timezone.localdate())
    unit = request.GET.get("unit", "")
    if unit.isdigit() and len(unit) < 19:
        found = found.filter(unit_id=int(unit))
    text = request.GET.get("q", "").strip()[:100]
    if text:
        code = tracking.normalise(text)
        found = found.filter(tracking_code=code) if code else found.filter(subject__icontains=text)
    return found


@staff_required
def inquiry_list(request: HttpRequest) -> HttpResponse:
    _require_user(request.user)
    today = timezone.localdate()
    page = Paginator(_filtered(request), 30).get_page(request.GET.get("page"))
    rows = [
        (i, access.masked(getattr(i, "asker", None)), i.open and i.due_on is not None and i.due_on < today)
        for i in page
    ]
    query = request.GET.copy()
    query.pop("page", None)
    visible = access.inquiries_visible_to(request.user)
    context = {
        "page": page,
        "rows": rows,
        "states": STATES,
        "state": request.GET.get("state", "open"),
        "overdue": bool(request.GET.get("overdue")),
        "units": access.inquiry_units(request.user).order_by("position", "id"),
        "unit": request.GET.get("unit", ""),
        "q": request.GET.get("q", ""),
        "query": query.urlencode(),
        "is_office": org_access.is_office(request.user),
        "overdue_count": visible.filter(state__in=[State.RECEIVED, State.AWAITING_REVIEW], due_on__lt=today).count(),
    }
    return render(request, "workbench/inquiries.html", context)


def _detail(request: HttpRequest, inquiry: Inquiry, status: int = 200, **forms_given: Any) -> HttpResponse:
    user = request.user
    context = {
        "inquiry": inquiry,
        "masked": access.masked(getattr(inquiry, "asker", None)),
        "asker": forms_given.pop("asker", None),
        "reassignments": inquiry.reassignments.select_related("from_unit", "to_unit", "by"),
        "can_answer": access.can_answer(user, inquiry.unit_id) and inquiry.state == State.RECEIVED,
        "can_review": access.can_review(user, inquiry.unit_id)
        and inquiry.state == State.AWAITING_REVIEW
        and inquiry.submitted_by_id != user.pk,  # nobody reviews their own answer
        "can_reassign": org_access.is_office(user) and inquiry.open,
        "can_invalid": access.can_answer(user, inquiry.unit_id) and inquiry.open,
        "can_reveal": access.can_answer(user, inquiry.unit_id),
        # 转入知识库 (participation.knowledge): an answered inquiry, by the unit's editor or the office.
        "can_promote": inquiry.state == State.ANSWERED and access.can_answer(user, inquiry.unit_id),
        "knowledge_entries": list(inquiry.knowledge_entries.values_list("pk", flat=True)),
        "review_required": services.review_required(inquiry.unit_id),
        "overdue": inquiry.open and inquiry.due_on is not None and inquiry.due_on < timezone.localdate(),
        "answer_form": forms_given.get("answer_form") or AnswerForm(prefix="answer"),
        "review_form": forms_given.get("review_form") or ReviewForm(prefix="review"),
        "reassign_form": forms_given.get("reassign_form") or ReassignForm(prefix="reassign", current=inquiry),
        "invalid_form": forms_given.get("invalid_form") or InvalidForm(prefix="invalid"),
    }
    return render(request, "workbench/inquiry.html", context, status=status)


@staff_required
def inquiry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_user(request.user)
    return _detail(request, access.get_inquiry_for(request.user, pk))


def _act(
    request: HttpRequest,
    pk: int,
    form_name: str,
    form: forms.Form,
    call: Callable[[Inquiry, dict[str, Any]], Any],
    done: str,
) -> HttpResponse:
    """Validate ``form``, run the service ``call``; errors go back onto the form, nothing typed is lost."""
    _require_user(request.user)
    inquiry = access.get_inquiry_for(request.user, pk)
    if form.is_valid():
        try:
            call(inquiry, form.cleaned_data)
        except services.Conflict as exc:
            messages.error(request, exc.message)
            return redirect("workbench:inquiry", pk=pk)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect("workbench:inquiry", pk=pk)
    return _detail(request, inquiry, 422, **{form_name: form})


def _as_html(text: str) -> str:
    """Plain text typed into the answer box becomes paragraphs; HTML is kept (and sanitised)."""
    return text if "<" in text else linebreaks(escape(text))


@require_POST
@staff_required
def inquiry_answer(request: HttpRequest, pk: int) -> HttpResponse:
    def call(inquiry: Inquiry, data: dict[str, Any]) -> Any:
        return services.answer(request.user, inquiry.pk, _as_html(data["body_html"]), http=request)

    return _act(request, pk, "answer_form", AnswerForm(request.POST, prefix="answer"), call, _("答复已保存。"))


@require_POST
@staff_required
def inquiry_review(request: HttpRequest, pk: int) -> HttpResponse:
    def call(inquiry: Inquiry, data: dict[str, Any]) -> Any:
        approve = data["decision"] == "approve"
        return services.review(request.user, inquiry.pk, approve=approve, note=data["note"], http=request)

    return _act(request, pk, "review_form", ReviewForm(request.POST, prefix="review"), call, _("审核意见已保存。"))


@require_POST
@office_required
def inquiry_reassign(request: HttpRequest, pk: int) -> HttpResponse:
    inquiry = access.get_inquiry_for(request.user, pk)
    form = ReassignForm(request.POST, prefix="reassign", current=inquiry)

    def call(found: Inquiry, data: dict[str, Any]) -> Any:
        return services.reassign(request.user, found.pk, data["to_unit"].pk, data["reason"], http=request)

    return _act(request, pk, "reassign_form", form, call, _("已转办。"))


@require_POST
@staff_required
def inquiry_invalid(request: HttpRequest, pk: int) -> HttpResponse:
    def call(inquiry: Inquiry, data: dict[str, Any]) -> Any:
        return services.mark_invalid(request.user, inquiry.pk, data["reason"], data["note"], http=request)

    return _act(request, pk, "invalid_form", InvalidForm(request.POST, prefix="invalid"), call, _("已标记为无效留言。"))


@require_POST
@staff_required
def inquiry_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    """The asker's name and phone, for the unit's answerers; the view is audited."""
    _require_user(request.user)
    inquiry = access.get_inquiry_for(request.user, pk)
    purpose = request.POST.get("purpose", "")
    asker = access.reveal_asker(request.user, inquiry, purpose=purpose, http=request)
    return _detail(request, inquiry, asker=asker)


def _settings_initial(current: InquirySettings) -> dict[str, Any]:
    reviewed = InquiryUnitSettings.objects.filter(review_required=True).values_list("unit_id", flat=True)
    return {
        "answer_period_days": current.answer_period_days,
        "due_soon_days": current.due_soon_days,
        "review_units": list(reviewed),
    }


def _save_settings(actor: Actor, data: dict[str, Any], request: HttpRequest) -> None:
    services.update_settings(
        actor, answer_period_days=data["answer_period_days"], due_soon_days=data["due_soon_days"],
        review_unit_ids=[u.pk for u in data["review_units"]], http=request,
    )  # fmt: skip


inquiry_settings = settings_view(
    SettingsPage(
        model=InquirySettings,
        form=SettingsForm,
        template="workbench/inquiry_settings.html",
        url_name="workbench:inquiry_settings",
        action="inquiry.settings_changed",
        saved=gettext_lazy("政务咨询设置已保存。"),
        initial=_settings_initial,
        save=_save_settings,
    )
)

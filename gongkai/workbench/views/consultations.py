"""Consultations in the workbench: the list and a new draft, a consultation's page (period, final
policy, comments with moderation, the adoption report), the office's settings. The draft's review,
sign-off, attachments and publication happen on its item page (the one pipeline)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gongkai.formerrors import add_service_errors
from gongkai.orgs import access as org_access
from gongkai.orgs.models import Role
from gongkai.participation.consultations import access, adoption, services
from gongkai.participation.models import AdoptionDecision, Comment, ConsultationSettings
from gongkai.publishing.services import Conflict
from gongkai.workbench.decorators import staff_required
from gongkai.workbench.views.settings import SettingsPage, settings_view

DATE = forms.DateInput(attrs={"type": "date"})


class ConsultationForm(forms.Form):
    unit = forms.TypedChoiceField(label=gettext_lazy("起草单位"), coerce=int)
    title = forms.CharField(label=gettext_lazy("标题"), max_length=300)
    body_html = forms.CharField(label=gettext_lazy("征求意见稿正文"), widget=forms.Textarea(attrs={"rows": 10}))
    opens_on = forms.DateField(label=gettext_lazy("开始日期"), widget=DATE)
    closes_on = forms.DateField(label=gettext_lazy("截止日期"), widget=DATE)
    historical = forms.BooleanField(label=gettext_lazy("补录已经结束的征求意见（历史记录）"), required=False)


class PeriodForm(forms.Form):
    opens_on = forms.DateField(label=gettext_lazy("开始日期"), widget=DATE)
    closes_on = forms.DateField(label=gettext_lazy("截止日期"), widget=DATE)
    historical = forms.BooleanField(label=gettext_lazy("历史记录"), required=False)
    final_policy = forms.IntegerField(
        label=gettext_lazy("最终政策文件（信息编号）"),
        required=False,
        min_value=1,
        help_text=gettext_lazy("正式文件发布后填写，征求意见页面将链接到该文件"),
    )


class SettingsForm(forms.ModelForm):
    class Meta:
        model = ConsultationSettings
        fields = services.SETTINGS_FIELDS


def _consultation_form(request: HttpRequest, data: Any = None) -> ConsultationForm:
    form = ConsultationForm(data)
    unit_field = form.fields["unit"]
    assert isinstance(unit_field, forms.TypedChoiceField)
    unit_field.choices = [(u.pk, u.name) for u in org_access.units_for(request.user, Role.EDITOR)]
    return form


@staff_required
def consultation_list(request: HttpRequest) -> HttpResponse:
    """The consultations of the person's units; editors start a new one here."""
    form = _consultation_form(request, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        unit = org_access.units_for(request.user, Role.EDITOR).get(pk=data.pop("unit"))
        try:
            consultation = services.create_consultation(request.user, unit, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("征求意见稿已创建，请在信息页面上传附件并提交审核、签发。"))
            return redirect("workbench:consultation", pk=consultation.pk)
    rows = [(c, services.state(c)) for c in access.consultations_visible_to(request.user)[:200]]
    context = {"rows": rows, "form": form, "can_create": bool(form.fields["unit"].choices)}  # type: ignore[attr-defined]
    return render(request, "workbench/consultations.html", context, status=422 if form.errors else 200)


def _chosen(posted: Any, comment_pk: int, group: Any) -> tuple[str, str]:
    if posted is not None:
        return posted.get(f"decision-{comment_pk}", ""), posted.get(f"reason-{comment_pk}", "")
    return (group.decision, group.reason) if group is not None else ("", "")


def _detail(request: HttpRequest, pk: int, status: int = 200, **extra: Any) -> HttpResponse:
    consultation = access.get_consultation_for(request.user, pk)
    report = getattr(consultation, "adoption", None)
    decided = {}
    if report is not None:
        for group in report.decisions.prefetch_related("comments"):
            decided.update({c.pk: group for c in group.comments.all()})
    comments = [(c, decided.get(c.pk)) for c in consultation.comments.all()]
    posted = extra.get("posted")
    # The adoption form shows what was just posted when it was refused, else the recorded report.
    rows = [(c, *_chosen(posted, c.pk, group)) for c, group in comments if c.status == Comment.Status.VISIBLE]
    context = {
        "consultation": consultation,
        "state": services.state(consultation),
        "comments": comments,
        "adoption_rows": rows,
        "report": report,
        "decisions": AdoptionDecision.Decision.choices,
        "can_moderate": access.can_moderate(request.user, consultation),
        "can_write": access.can_write_report(request.user, consultation),
        "can_edit": org_access.can_act(request.user, consultation.item.unit_id, Role.EDITOR),
        "can_sign": org_access.can_act(request.user, consultation.item.unit_id, Role.SIGNER),
        "period_form": extra.pop("period_form", None)
        or PeriodForm(
            initial={
                "opens_on": consultation.opens_on,
                "closes_on": consultation.closes_on,
                "historical": consultation.historical,
                "final_policy": consultation.final_policy_id,
            }
        ),
        **extra,
    }
    return render(request, "workbench/consultation.html", context, status=status)


@staff_required
def consultation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, pk)


@staff_required
@require_POST
def consultation_period(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = access.get_consultation_for(request.user, pk)
    form = PeriodForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.update_consultation(
                request.user,
                consultation,
                opens_on=data["opens_on"],
                closes_on=data["closes_on"],
                historical=data["historical"],
                final_policy_id=data["final_policy"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已保存"))
            return redirect("workbench:consultation", pk=pk)
    return _detail(request, pk, status=422, period_form=form)


@staff_required
@require_POST
def comment_moderate(request: HttpRequest, pk: int, comment_pk: int) -> HttpResponse:
    consultation = access.get_consultation_for(request.user, pk)
    comment = Comment.objects.filter(consultation=consultation, pk=comment_pk).first()
    if comment is None:
        return _detail(request, pk, status=404)
    try:
        services.moderate(request.user, comment.pk, request.POST.get("action", ""), request.POST.get("reason", ""))
    except ValidationError as exc:
        return _detail(request, pk, status=422, problem="；".join(exc.messages))
    except Conflict as exc:
        return _detail(request, pk, status=409, problem=exc.message)
    messages.success(request, _("意见%(n)s已处理") % {"n": comment.number})
    return redirect("workbench:consultation", pk=pk)


def _entries(request: HttpRequest, pk: int) -> list[adoption.Entry]:
    entries = []
    for comment_id in Comment.objects.filter(consultation_id=pk, status=Comment.Status.VISIBLE).values_list(
        "pk", flat=True
    ):
        decision = request.POST.get(f"decision-{comment_id}", "")
        entries.append(adoption.Entry(comment_id, decision, request.POST.get(f"reason-{comment_id}", "")))
    return entries


@staff_required
@require_POST
def consultation_adoption(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = access.get_consultation_for(request.user, pk)
    summary = request.POST.get("summary", "")
    try:
        adoption.record_adoption(request.user, consultation.pk, summary, _entries(request, pk))
    except ValidationError as exc:
        return _detail(request, pk, status=422, problem="；".join(exc.messages), posted=request.POST)
    except Conflict as exc:
        return _detail(request, pk, status=409, problem=exc.message, posted=request.POST)
    messages.success(request, _("采纳情况已提交"))
    return redirect("workbench:consultation", pk=pk)


@staff_required
@require_POST
def consultation_adoption_publish(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = access.get_consultation_for(request.user, pk)
    try:
        adoption.publish_adoption(request.user, consultation.pk)
    except Conflict as exc:
        return _detail(request, pk, status=409, problem=exc.message)
    messages.success(request, _("采纳情况已签发并发布"))
    return redirect("workbench:consultation", pk=pk)


consultation_settings = settings_view(
    SettingsPage(
        model=ConsultationSettings,
        form=SettingsForm,
        template="workbench/consultation_settings.html",
        url_name="workbench:consultation_settings",
        action="consultation.settings_changed",
        saved=gettext_lazy("已保存"),
    )
)

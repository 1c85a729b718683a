"""The office's inputs to the annual report that the platform does not hold: the reviews and
lawsuits no application on the platform ties to (Table 四, ``reports.cases``), and the report's
settings (section 六's fee statement, UNCONFIRMED)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.foi.vocab import AppealKind, AppealResult
from gongkai.formerrors import add_service_errors
from gongkai.orgs.models import Unit
from gongkai.reports import cases
from gongkai.reports.models import AppealCase, AppealMatter, ReportSettings
from gongkai.workbench.decorators import office_required
from gongkai.workbench.views.settings import SettingsPage, settings_view


class AppealCaseForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=gettext_lazy("被申请人（被告）机关"), queryset=Unit.objects.filter(active=True), required=False
    )
    matter = forms.ChoiceField(
        label=gettext_lazy("争议事项"),
        choices=[("", "—"), *AppealMatter.choices],
        required=False,
        help_text=gettext_lazy("针对平台上办理的政府信息公开申请的复议诉讼，请在该申请页面登记，不在此处重复登记。"),
    )
    kind = forms.ChoiceField(label=gettext_lazy("类型"), choices=[("", "—"), *AppealKind.choices], required=False)
    filed_on = forms.DateField(label=gettext_lazy("申请或起诉日期"), required=False, help_text="YYYY-MM-DD")
    body = forms.CharField(label=gettext_lazy("复议机关或法院"), max_length=100, required=False)
    case_number = forms.CharField(label=gettext_lazy("案号"), max_length=100, required=False)
    result = forms.ChoiceField(
        label=gettext_lazy("结果"), choices=AppealResult.choices, initial=AppealResult.PENDING, required=False
    )
    decided_on = forms.DateField(label=gettext_lazy("审结日期"), required=False, help_text="YYYY-MM-DD")
    note = forms.CharField(
        label=gettext_lazy("说明"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("不记入审计日志；请勿填写申请人的身份证号码、电话等个人信息。"),
    )


def _initial(case: AppealCase) -> dict[str, Any]:
    return {name: getattr(case, name) for name in cases.FIELDS}


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("year", "")
    today = timezone.localdate()
    return int(raw) if raw.isdigit() and cases.FIRST_YEAR <= int(raw) <= today.year else today.year


def _save(request: HttpRequest, form: AppealCaseForm, case: AppealCase | None) -> AppealCase | None:
    if not form.is_valid():
        return None
    try:
        return cases.save_case(request.user, case, **form.cleaned_data)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None


@office_required
def appeal_cases(request: HttpRequest) -> HttpResponse:
    """The year's cases (by filing date, as Table 四 counts them) and the form to record one."""
    year = _year(request)
    form = AppealCaseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        saved = _save(request, form, None)
        if saved is not None:
            messages.success(request, _("已登记，计入%(year)s年度报告表四") % {"year": saved.filed_on.year})
            return redirect(f"{reverse('workbench:report_appeal_cases')}?year={saved.filed_on.year}")
    context = {"year": year, "cases": cases.cases_filed_in(year), "form": form}
    return render(request, "workbench/report_appeal_cases.html", context, status=422 if form.errors else 200)


@office_required
def appeal_case(request: HttpRequest, pk: int) -> HttpResponse:
    """One case: its later result (结果, 审结日期) or a correction."""
    case = get_object_or_404(AppealCase.objects.select_related("unit"), pk=pk)
    form = AppealCaseForm(request.POST if request.method == "POST" else None, initial=_initial(case))
    if request.method == "POST" and _save(request, form, case) is not None:
        messages.success(request, _("已保存"))
        return redirect(f"{reverse('workbench:report_appeal_cases')}?year={case.filed_on.year}")
    context = {"case": case, "form": form}
    return render(request, "workbench/report_appeal_case.html", context, status=422 if form.errors else 200)


class ReportSettingsForm(forms.ModelForm):
    class Meta:
        model = ReportSettings
        fields = ("fee_notices_in_report",)


# Section 六's fee statement: REGULATIONS.md §3 marks what the format requires UNCONFIRMED.
report_settings = settings_view(
    SettingsPage(
        model=ReportSettings,
        form=ReportSettingsForm,
        template="workbench/report_settings.html",
        url_name="workbench:report_settings",
        action="report.settings_changed",
        saved=gettext_lazy("已保存；适用于尚未审核通过的年度报告，已审核通过和已发布的报告不变"),
    )
)

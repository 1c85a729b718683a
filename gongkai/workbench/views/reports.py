"""Annual reports in the workbench: the year's overview (the office sees every unit), a report's
page with its tables, checks, narrative and Table 二 figures, its actions and its exports."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gongkai.actor import Actor
from gongkai.fonts import FontsMissing
from gongkai.orgs import access as org_access
from gongkai.orgs.models import Role, Unit
from gongkai.publishing.sanitize import clean_html
from gongkai.publishing.services import Conflict
from gongkai.reports import access, exports, services
from gongkai.reports import render as layout
from gongkai.reports.data import scope_government
from gongkai.reports.models import AnnualReport, Figure, ReportState, Scope
from gongkai.workbench.decorators import staff_required


class SectionsForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    overview = forms.CharField(
        label=gettext_lazy("一、总体情况"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=gettext_lazy(
            "主动公开、依申请公开、政府信息管理、平台建设、监督保障等情况（国办公开办函〔2021〕30号）"
        ),
    )
    problems = forms.CharField(
        label=gettext_lazy("五、存在的主要问题及改进情况"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    other = forms.CharField(
        label=gettext_lazy("六、其他需要报告的事项"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "信息处理费的收取金额（及公开办设置下本年发出的收费通知件数和金额）由系统根据办理记录自动写入本节。"
        ),
    )
    change_note = forms.CharField(
        label=gettext_lazy("更正说明（更正已发布的报告时必填，将公开）"), required=False, max_length=300
    )


class FiguresForm(forms.Form):
    """Table 二 figures the platform does not hold (entered by the unit, audited); those of normative
    documents made before the platform only for the office (``services.OFFICE_FIGURES``)."""

    def __init__(
        self, *args: Any, initial_values: dict[str, Any] | None = None, office: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        for key, label in Figure.Key.choices:
            if key in services.OFFICE_FIGURES and not office:
                continue
            self.fields[key] = forms.DecimalField(
                label=label, required=False, min_value=0, decimal_places=2, max_digits=14
            )
            if initial_values and key in initial_values:
                self.fields[key].initial = initial_values[key]


def _years() -> list[int]:
    today = timezone.localdate()
    last = today.year if today.month == 12 else today.year - 1
    return list(range(last, last - 6, -1))


@staff_required
def report_list(request: HttpRequest) -> HttpResponse:
    """The reports of a year with their state and due date (条例 Art. 49); units not yet started show too."""
    years = _years()
    year = int(request.GET["year"]) if request.GET.get("year", "").isdigit() else years[0]
    visible = {(r.unit_id, r.scope): r for r in access.reports_visible_to(request.user).filter(year=year)}
    is_office = org_access.is_office(request.user)
    rows = [(unit, visible.get((unit.pk, Scope.UNIT))) for unit in org_access.units_for(request.user)]
    government = None
    if is_office:
        seat = scope_government()
        government = (seat, visible.get((seat.pk, Scope.GOVERNMENT)))
    return render(
        request,
        "workbench/reports.html",
        {
            "year": year,
            "years": years,
            "rows": rows,
            "government": government,
            "is_office": is_office,
            "units_due": services.due_date(Scope.UNIT, year),
            "government_due": services.due_date(Scope.GOVERNMENT, year),
            "editor_units": {u.pk for u in org_access.units_for(request.user, Role.EDITOR)},
        },
    )


@staff_required
@require_POST
def report_create(request: HttpRequest) -> HttpResponse:
    scope = Scope.GOVERNMENT if request.POST.get("scope") == Scope.GOVERNMENT else Scope.UNIT
    unit = Unit.objects.filter(pk=request.POST.get("unit", "") or 0).first() if scope == Scope.UNIT else None
    year = request.POST.get("year", "")
    if (scope == Scope.UNIT and unit is None) or not year.isdigit():
        messages.error(request, _("请选择单位和年度"))
        return redirect("workbench:reports")
    try:
        report = services.create_report(request.user, unit, int(year), scope)  # type: ignore[arg-type]
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect(f"{reverse('workbench:reports')}?year={year}")
    return redirect("workbench:report", pk=report.pk)


def _context(request: HttpRequest, report: AnnualReport, **extra: Any) -> dict[str, Any]:
    document = services.document(report)
    editable = report.state in (ReportState.DRAFT, ReportState.RETURNED)
    figures = {f.key: f.value for f in Figure.objects.filter(unit=report.unit, year=report.year)}
    can_write = _can_write(request.user, report)
    return {
        "report": report,
        "document": document,
        # Escaped by the renderer and sanitised like every item body before it reaches |safe.
        "report_html": clean_html(layout.report_html(document)),
        "checks": document["checks"],
        "editable": editable and can_write,
        "can_write": can_write,
        "is_office": org_access.is_office(request.user),
        "sections_form": SectionsForm(
            initial={"version": report.version, **{n: getattr(report, n) for n in (*services.SECTIONS, "change_note")}}
        ),
        "figures_form": FiguresForm(initial_values=figures, office=org_access.is_office(request.user)),
        "can_figures": report.scope == Scope.UNIT and org_access.can_act(request.user, report.unit, Role.EDITOR),
        "due_on": services.due_date(report.scope, report.year),
        **extra,
    }


def _can_write(user: Actor, report: AnnualReport) -> bool:
    if report.scope == Scope.GOVERNMENT:
        return org_access.is_office(user)
    return org_access.can_act(user, report.unit, Role.EDITOR)


@staff_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = access.get_report_for(request.user, pk)
    return render(request, "workbench/report.html", _context(request, report))


@staff_required
@require_POST
def report_sections(request: HttpRequest, pk: int) -> HttpResponse:
    report = access.get_report_for(request.user, pk)
    form = SectionsForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.edit_sections(
                request.user, report, data["version"], **{k: v for k, v in data.items() if k != "version"}
            )
        except Conflict as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已保存"))
            return redirect("workbench:report", pk=pk)
    context = _context(request, report, sections_form=form)
    return render(request, "workbench/report.html", context, status=409 if not form.errors else 422)


@staff_required
@require_POST
def report_figures(request: HttpRequest, pk: int) -> HttpResponse:
    report = access.get_report_for(request.user, pk)
    form = FiguresForm(request.POST, office=org_access.is_office(request.user))
    if form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if v is not None}
        try:
            changed = services.enter_figures(request.user, report.unit, report.year, values)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("已保存 %(n)s 项数据") % {"n": changed})
            return redirect("workbench:report", pk=pk)
    return render(request, "workbench/report.html", _context(request, report, figures_form=form), status=422)


ACTIONS = {
    "submit": lambda user, report, note: services.submit(user, report),
    "return": services.return_report,
    "clear": lambda user, report, note: services.clear(user, report),
    "correct": lambda user, report, note: services.start_correction(user, report),
}


@staff_required
@require_POST
def report_action(request: HttpRequest, pk: int) -> HttpResponse:
    report = access.get_report_for(request.user, pk)
    action = request.POST.get("action", "")
    if action not in ACTIONS:
        raise Http404
    try:
        ACTIONS[action](request.user, report, request.POST.get("note", ""))
    except Conflict as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("已完成"))
    return redirect("workbench:report", pk=pk)


@staff_required
def report_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    report = access.get_report_for(request.user, pk)
    if fmt not in exports.FORMATS:
        raise Http404
    try:
        data, content_type, name = exports.export(report, services.document(report), fmt)
    except FontsMissing as exc:
        messages.error(request, str(exc))
        return redirect("workbench:report", pk=pk)
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, name) or ""
    return response

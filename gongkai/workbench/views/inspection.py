"""网站检查 in the workbench: the history and "run now" (the office), the report with its
findings, filters and the "assign to a unit as a task" form, and each unit's own findings.
Every change calls ``supervision.inspection.services``; access is ``inspection.access``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gongkai.orgs import access as org_access
from gongkai.orgs.models import Unit
from gongkai.sites.models import Site
from gongkai.supervision.inspection import access, rules, services
from gongkai.supervision.inspection.models import Finding, Inspection, InspectionSettings, Rule
from gongkai.workbench.decorators import office_required, staff_required

PAGE_SIZE = 50
PROGRESS_REFRESH_SECONDS = 3  # how often a running inspection's page asks for its progress (progress.js)


class RunForm(forms.Form):
    check_links = forms.BooleanField(label=gettext_lazy("同时检查链接（检查时间较长）"), required=False, initial=True)
    # Issue 19: the indicators judge sites; left empty, the default site (the district portal).
    site = forms.ModelChoiceField(
        label=gettext_lazy("检查的站点"),
        queryset=Site.objects.filter(active=True).order_by("position", "pk"),
        required=False,
        empty_label=gettext_lazy("默认站点（门户网站）"),
        error_messages={"invalid_choice": gettext_lazy("所选“检查的站点”不存在或已停用")},
    )


class AssignForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=gettext_lazy("责任单位"),
        queryset=Unit.objects.filter(active=True).order_by("position", "id"),
        error_messages={
            "required": gettext_lazy("请选择“责任单位”"),
            "invalid_choice": gettext_lazy("所选“责任单位”不存在"),
        },
    )
    due_on = forms.DateField(
        label=gettext_lazy("整改时限"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": gettext_lazy("请填写“整改时限”"),
            "invalid": gettext_lazy("“整改时限”格式应为YYYY-MM-DD"),
        },
    )

    def clean_due_on(self) -> Any:
        due = self.cleaned_data["due_on"]
        if due < timezone.localdate():
            raise ValidationError(_("“整改时限”不能早于今天"))
        return due


@office_required
def inspection_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(access.inspections_visible_to(request.user), 30).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "settings": InspectionSettings.current(),
        "due": services.is_due(),
        "run_form": RunForm(),
    }
    return render(request, "workbench/inspection_list.html", context)


@require_POST
@office_required
def inspection_run(request: HttpRequest) -> HttpResponse:
    """Start an inspection in the background and show its progress page at once."""
    form = RunForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, "；".join(str(e) for e in errors))
        return redirect("workbench:inspections")
    check_links, site = form.cleaned_data["check_links"], form.cleaned_data["site"]
    try:
        inspection = services.start_inspection(request.user, check_links=check_links, site=site)
    except services.Conflict as exc:
        messages.error(request, exc.message)
        return redirect("workbench:inspections")
    messages.success(request, _("检查已开始，在后台进行；本页显示进度，完成后显示检查结果。"))
    return redirect("workbench:inspection", pk=inspection.pk)


def _progress(request: HttpRequest, inspection: Inspection) -> HttpResponse:
    """A running inspection: the step reached; static/js/progress.js updates it in place and
    loads the result when done, and without JavaScript a link refreshes the page."""
    stalled = inspection.started_at < timezone.now() - services.RUNNING_TIMEOUT
    context = {"inspection": inspection, "stalled": stalled, "refresh": PROGRESS_REFRESH_SECONDS}
    return render(request, "workbench/inspection_progress.html", context)


def _filtered(request: HttpRequest, findings: QuerySet[Finding]) -> tuple[QuerySet[Finding], str, str]:
    rule = request.GET.get("rule", "")
    if rule in Rule.values:
        findings = findings.filter(rule=rule)
    else:
        rule = ""
    unit = request.GET.get("unit", "")
    if unit == "none":
        findings = findings.filter(unit__isnull=True)
    elif unit.isdigit() and len(unit) < 19:
        findings = findings.filter(unit_id=int(unit))
    else:
        unit = ""
    return findings, rule, unit


def _deduction_rows(inspection: Inspection) -> list[dict[str, Any]]:
    return [
        {"label": Rule(code).label, "code": code, **row}
        for code, row in inspection.deductions.items()
        if code in Rule.values
    ]


def _report(request: HttpRequest, inspection: Inspection, failed: tuple[int, AssignForm] | None = None) -> HttpResponse:
    everything = inspection.findings.select_related("unit", "task")
    findings, rule, unit = _filtered(request, everything)
    page = Paginator(findings.order_by("-veto", "rule", "position", "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    counts = dict(everything.values_list("rule").annotate(n=Count("pk")).values_list("rule", "n"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "inspection": inspection,
        "veto": [{"label": Rule(v["rule"]).label, **v} for v in inspection.veto if v["rule"] in Rule.values],
        "deductions": _deduction_rows(inspection),
        "deducted": sum(row["points"] for row in inspection.deductions.values()),
        "pass_mark": rules.PASS_MARK,
        "page": page,
        "rules": [(code, label, counts.get(code, 0)) for code, label in Rule.choices],
        "rule": rule,
        "units": Unit.objects.filter(pk__in=everything.values("unit")).order_by("position", "id"),
        "unit": unit,
        "query": query.urlencode(),
        "assign_units": AssignForm.base_fields["unit"].queryset,  # type: ignore[attr-defined]
        "failed_pk": failed[0] if failed else None,
        "failed_form": failed[1] if failed else None,
    }
    return render(request, "workbench/inspection_report.html", context, status=422 if failed else 200)


@office_required
def inspection_report(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = access.get_inspection_for(request.user, pk)
    if inspection.state == Inspection.State.RUNNING:
        return _progress(request, inspection)
    return _report(request, inspection)


@require_POST
@office_required
def inspection_assign(request: HttpRequest, pk: int) -> HttpResponse:
    """Make one finding a ledger task of the chosen unit."""
    finding = access.get_finding_for(request.user, pk)
    form = AssignForm(request.POST)
    if form.is_valid():
        try:
            services.assign_finding(
                request.user, finding, form.cleaned_data["unit"], form.cleaned_data["due_on"], request=request
            )
        except services.Conflict as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request, _("已转为整改任务，交由%(unit)s办理。") % {"unit": form.cleaned_data["unit"].name}
            )
        return redirect("workbench:inspection", pk=finding.inspection_id)
    return _report(request, finding.inspection, (finding.pk, form))


@staff_required
def inspection_unit_findings(request: HttpRequest) -> HttpResponse:
    """A unit's staff: the findings of the latest inspection that concern their units."""
    if not org_access.units_for(request.user).exists():
        raise PermissionDenied(_("您尚未被分配任何单位角色，请联系公开办。"))
    latest = access.latest_done()
    # The latest run of each site: the schedule inspects the sites in turn (issue 19).
    mine = access.findings_visible_to(request.user).select_related("unit", "task", "inspection__site")
    found = mine.filter(inspection_id__in=access.latest_per_site())
    page = Paginator(found.order_by("unit__position", "unit_id", "-veto", "rule", "pk"), PAGE_SIZE)
    context = {"latest": latest, "page": page.get_page(request.GET.get("page"))}
    return render(request, "workbench/inspection_unit_findings.html", context)

"""The office keeps the working-day calendar: enters a year from the State Council notice and
corrects single days. Everyone on staff can see which years are known."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.orgs import access
from gongkai.workbench.decorators import office_required, staff_required
from gongkai.workbench.forms import CalendarYearForm, OverrideForm
from gongkai.workdays import services
from gongkai.workdays.models import CalendarYear, DayOverride


@staff_required
def calendar(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    entered = {y.year: y for y in CalendarYear.objects.all()}
    library = services.library_years()
    years = [
        {"year": year, "entered": entered.get(year), "library": year in library}
        for year in sorted(set(library) | set(entered) | set(services.years_needed(today)), reverse=True)[:6]
    ]
    return render(
        request,
        "workbench/calendar.html",
        {
            "years": years,
            "missing": services.missing_years(today),
            "overrides": DayOverride.objects.filter(day__year__gte=today.year - 1),
            "year_form": CalendarYearForm(initial={"year": today.year + 1}),
            "override_form": OverrideForm(),
            "is_office": access.is_office(request.user),
        },
    )


@office_required
@require_POST
def calendar_year(request: HttpRequest) -> HttpResponse:
    form = CalendarYearForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            holidays = services.parse_day_lines(data["holidays"], data["year"], "holidays")
            makeup = services.parse_day_lines(data["makeup_days"], data["year"], "makeup_days")
            services.enter_year(request.user, data["year"], data["notice"], data["announced_on"], holidays, makeup)
        except services.NoticeError as exc:
            form.add_error(exc.field, exc.message)
        else:
            messages.success(request, _("%(year)s年工作日历已录入") % {"year": data["year"]})
            return redirect("workbench:calendar")
    return render(request, "workbench/calendar_year_form.html", {"form": form}, status=422)


@office_required
@require_POST
def calendar_override(request: HttpRequest) -> HttpResponse:
    form = OverrideForm(request.POST)
    if not form.is_valid():
        return render(request, "workbench/calendar_override_form.html", {"form": form}, status=422)
    data = form.cleaned_data
    services.set_override(request.user, data["day"], data["is_working_day"], data["name"])
    messages.success(request, _("%(day)s 已调整") % {"day": data["day"]})
    return redirect("workbench:calendar")


@office_required
@require_POST
def calendar_override_remove(request: HttpRequest, pk: int) -> HttpResponse:
    override = get_object_or_404(DayOverride, pk=pk)
    services.remove_override(request.user, override)
    messages.success(request, _("已删除 %(day)s 的调整") % {"day": override.day})
    return redirect("workbench:calendar")

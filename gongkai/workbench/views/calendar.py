"""The office keeps the working-day calendar: enters a year from the State Council notice and
corrects single days. Everyone on staff can see which years are known.

A year is entered by pasting the notice's text (国务院办公厅关于某年部分节假日安排的通知): the platform
reads it (``workdays.notice``) and shows what it read beside each item's wording; nothing is saved
until the office confirms, and the confirmation reads the same text again, so what is saved is what
was shown. Typing the days line by line stays as the fallback."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
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
            "notice_form": NoticeForm(),
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


class NoticeForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("通知全文"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=gettext_lazy(
            "从中国政府网复制《国务院办公厅关于某年部分节假日安排的通知》的全文（含标题）粘贴在此。"
            "平台读出各项放假和调休上班日期供核对，确认后才录入。"
        ),
    )


def _weekday(day: dt.date) -> str:
    return "一二三四五六日"[day.weekday()]


def _rows(proposal: services.Proposal) -> list[dict[str, Any]]:
    """One row per item of the notice: what was read, beside the notice's own wording."""
    rows = []
    for item in proposal.notice.arrangements:
        off = item.days_off()
        rows.append(
            {
                "item": item,
                "off": off,
                "working_days_off": sum(d.weekday() < 5 for d in off),
                "makeup": [(d, _weekday(d)) for d in item.makeup],
                "first_weekday": _weekday(item.first),
                "last_weekday": _weekday(item.last),
            }
        )
    return rows


def _notice_page(request: HttpRequest, form: NoticeForm, status: int = 200, **extra: Any) -> HttpResponse:
    return render(request, "workbench/calendar_notice.html", {"form": form, **extra}, status=status)


@office_required
def calendar_notice(request: HttpRequest) -> HttpResponse:
    """Paste the notice (GET shows the form); "read" proposes, "confirm" enters the year."""
    if request.method != "POST":
        return _notice_page(request, NoticeForm())
    form = NoticeForm(request.POST)
    if not form.is_valid():
        return _notice_page(request, form, status=422)
    text = form.cleaned_data["text"]
    try:
        if request.POST.get("step") == "confirm":
            entry = services.enter_notice(request.user, text)
        else:
            proposal = services.propose(text)
            return _notice_page(request, form, proposal=proposal, rows=_rows(proposal))
    except services.NoticeError as exc:
        for line in exc.lines:
            form.add_error("text", line)
        return _notice_page(request, form, status=422)
    messages.success(request, _("%(year)s年工作日历已按通知录入") % {"year": entry.year})
    return redirect("workbench:calendar")

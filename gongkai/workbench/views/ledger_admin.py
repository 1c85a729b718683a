"""The office's ledger pages: import (every bad row listed), export, ledger settings (public on
the portal or not) and the look-back (回头看) that carries last year's unfinished tasks forward."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.catalog.rows import RowError
from gongkai.formerrors import add_service_errors
from gongkai.supervision.ledger import access, rows, services, xlsx
from gongkai.supervision.ledger.models import Ledger
from gongkai.workbench.decorators import office_required, staff_required
from gongkai.workbench.ledger_forms import CarryForm, ImportForm, LedgerSettingsForm
from gongkai.workbench.views.ledger import _number


@office_required
def task_import(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    row_errors: list[RowError] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            checked = xlsx.check_workbook(request.user, data["file"])
        except xlsx.UploadRefused as exc:
            form.add_error("file", exc.message)
        except rows.ImportRejected as exc:
            row_errors = exc.errors
        else:
            # The year's ledger is created only for a file that passed: a rejected one creates nothing.
            ledger = data["ledger"] or services.ledger_for_year(request.user, data["year"])
            created = xlsx.create_tasks(request.user, ledger, checked, source=data["file"].name, request=request)
            messages.success(request, _("导入完成：新增%(n)d项任务") % {"n": created})
            return redirect(f"{_list_url()}?ledger={ledger.pk}")
    context = {"form": form, "row_errors": row_errors, "columns": rows.COLUMNS}
    return render(request, "workbench/ledger_import.html", context, status=422 if request.method == "POST" else 200)


def _list_url() -> str:
    from django.urls import reverse

    return reverse("workbench:tasks")


@staff_required
def task_export(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    tasks = access.tasks_visible_to(request.user)
    if (ledger := _number(request.GET.get("ledger", ""))) is not None:
        tasks = tasks.filter(ledger=access.get_ledger_for(request.user, ledger))
    response = HttpResponse(xlsx.export_workbook(xlsx.export_tasks(tasks), today), content_type=xlsx.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="tasks-{today:%Y%m%d}.xlsx"'
    return response


@office_required
def ledger_list(request: HttpRequest) -> HttpResponse:
    ledgers = Ledger.objects.order_by("-year", "title")
    return render(request, "workbench/ledger_ledgers.html", {"ledgers": ledgers})


@office_required
def ledger_settings(request: HttpRequest, pk: int) -> HttpResponse:
    ledger = access.get_ledger_for(request.user, pk)
    form = LedgerSettingsForm(request.POST or None, initial={"public": ledger.public})
    if request.method == "POST" and form.is_valid():
        services.set_public(request.user, ledger, form.cleaned_data["public"], request=request)
        messages.success(request, _("台账设置已保存。"))
        return redirect("workbench:task_ledger", pk=pk)
    context = {"ledger": ledger, "form": form, "count": ledger.tasks.count()}
    return render(request, "workbench/ledger_settings.html", context)


def _default_pair() -> dict[str, Ledger | None]:
    year = timezone.localdate().year
    return {
        "from_ledger": Ledger.objects.filter(year=year - 1).order_by("pk").first(),
        "to_ledger": Ledger.objects.filter(year=year).order_by("pk").first(),
    }


@office_required
def task_lookback(request: HttpRequest) -> HttpResponse:
    """回头看: last year's unfinished tasks, and one POST that carries them all forward."""
    form = CarryForm(request.POST or request.GET or None, initial=_default_pair())
    pair = form.cleaned_data if form.is_bound and form.is_valid() else _default_pair()
    if request.method == "POST" and form.is_valid():
        source, target = form.cleaned_data["from_ledger"], form.cleaned_data["to_ledger"]
        try:
            count = services.carry_forward(request.user, source, target, request=request)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已结转%(n)d项未完成任务。") % {"n": count})
            return redirect(f"{_list_url()}?ledger={target.pk}")
    source, target = pair.get("from_ledger"), pair.get("to_ledger")
    unfinished = source.tasks.filter(done_on__isnull=True).select_related("unit") if source else []
    carried = set(target.tasks.values_list("carried_from_id", flat=True)) if target else set()
    context = {
        "form": form,
        "rows": [(t, t.pk in carried) for t in unfinished],
        "source": source,
        "target": target,
        "waiting": sum(1 for t in unfinished if t.pk not in carried),
    }
    status = 422 if request.method == "POST" else 200
    return render(request, "workbench/ledger_lookback.html", context, status=status)

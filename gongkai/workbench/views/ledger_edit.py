"""The office types in a single task of a ledger (新增任务) and corrects one (编辑任务).
Creating calls ``services.create_task``, editing the audited ``services.edit_task``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gongkai.formerrors import add_service_errors
from gongkai.supervision.ledger import access, services
from gongkai.workbench.decorators import office_required
from gongkai.workbench.ledger_forms import TaskForm


@office_required
def task_new(request: HttpRequest, pk: int) -> HttpResponse:
    ledger = access.get_ledger_for(request.user, pk)
    form = TaskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        task = services.create_task(request.user, ledger=ledger, **form.task_arguments(), request=request)
        messages.success(request, _("任务已新增。"))
        if "another" in request.POST:
            return redirect("workbench:task_new", pk=ledger.pk)
        return redirect("workbench:task", pk=task.pk)
    context = {"form": form, "ledger": ledger, "task": None}
    return render(request, "workbench/ledger_task_form.html", context, status=422 if request.method == "POST" else 200)


@office_required
def task_edit(request: HttpRequest, pk: int) -> HttpResponse:
    task = access.get_task_for(request.user, pk)
    form = TaskForm(request.POST or None, task=task)
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_task(request.user, task, **form.task_arguments(), request=request)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("任务已保存。"))
            return redirect("workbench:task", pk=task.pk)
    context = {"form": form, "ledger": task.ledger, "task": task}
    return render(request, "workbench/ledger_task_form.html", context, status=422 if request.method == "POST" else 200)

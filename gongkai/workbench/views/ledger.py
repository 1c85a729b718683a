"""任务台账 in the workbench: the task list (status, unit, ledger), the task page with its
history and the progress form, supervision notices (督办) and replies, and attachment downloads.
Every change calls ``supervision.ledger.services``; access questions go to its ``access``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gongkai.formerrors import add_service_errors
from gongkai.supervision.ledger import access, queries, services, status
from gongkai.supervision.ledger.models import ProgressAttachment, Task
from gongkai.workbench.decorators import staff_required
from gongkai.workbench.ledger_forms import NoticeForm, ProgressForm, ReplyForm

STATUS_CHOICES = [
    ("", gettext_lazy("全部")),
    (queries.OPEN, gettext_lazy("未完成")),
    *((code, gettext_lazy(label)) for code, label in status.LABELS.items()),
]


def _number(value: str) -> int | None:
    return int(value) if value.isdigit() and len(value) < 19 else None


def _filtered(request: HttpRequest) -> tuple[Any, dict[str, Any]]:
    today = timezone.localdate()
    tasks = access.tasks_visible_to(request.user).select_related("unit", "ledger")
    chosen = {key: request.GET.get(key, "") for key in ("status", "unit", "ledger")}
    if chosen["status"] in queries.FILTERS:
        tasks = queries.by_status(tasks, chosen["status"], today)
    if (unit := _number(chosen["unit"])) is not None:
        tasks = queries.for_unit(tasks, unit)
    if (ledger := _number(chosen["ledger"])) is not None:
        tasks = tasks.filter(ledger_id=ledger)
    return tasks.order_by("-ledger__year", "ledger_id", "position", "pk"), chosen


@staff_required
def task_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    tasks, chosen = _filtered(request)
    page = Paginator(tasks, 30).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "rows": [(t, t.status_on(today), t.status_label(today)) for t in page],
        "statuses": STATUS_CHOICES,
        "units": access.task_units(request.user),
        "ledgers": access.ledgers_visible_to(request.user),
        "chosen": chosen,
        "query": query.urlencode(),
        "is_office": access.is_office(request.user),
        "ledger": access.ledgers_visible_to(request.user).filter(pk=_number(chosen["ledger"]) or 0).first(),
        "overdue_count": queries.by_status(access.tasks_visible_to(request.user), status.OVERDUE, today).count(),
    }
    return render(request, "workbench/ledger_tasks.html", context)


def _reply_form(notice: Any, given: dict[str, Any]) -> ReplyForm:
    if given.get("reply_for") == notice.pk:
        return given["reply_form"]
    return ReplyForm(prefix="reply", auto_id=f"id_reply{notice.pk}_%s")


def _detail(request: HttpRequest, task: Task, status_code: int = 200, **given: Any) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    notices = list(access.notices_visible_to(user).filter(task=task).select_related("unit"))
    context = {
        "task": task,
        "status": task.status_on(today),
        "status_label": task.status_label(today),
        "units": task.task_units.select_related("unit").order_by("role", "position"),
        "history": services.history(task),
        "carried_to": task.carried_to.select_related("ledger"),
        "notices": [(n, access.can_reply(user, n) and n.replied_on is None, _reply_form(n, given)) for n in notices],
        "can_report": access.can_report(user, task) and task.done_on is None,
        "is_office": access.is_office(user),
        "progress_form": given.get("progress_form") or ProgressForm(prefix="progress", initial={"on": today}),
        "notice_form": given.get("notice_form") or NoticeForm(prefix="notice", task=task),
    }
    return render(request, "workbench/ledger_task.html", context, status=status_code)


@staff_required
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, access.get_task_for(request.user, pk))


@require_POST
@staff_required
def task_progress(request: HttpRequest, pk: int) -> HttpResponse:
    task = access.get_task_for(request.user, pk)
    access.require_reporter(request.user, task)
    form = ProgressForm(request.POST, request.FILES, prefix="progress")
    if form.is_valid():
        data = form.cleaned_data
        uploads = [services.Upload(f.name, f.read()) for f in data["attachments"]]
        try:
            services.report_progress(
                request.user, task, on=data["on"], text=data["text"], done=data["done"], attachments=uploads,
                request=request,
            )  # fmt: skip
        except services.Conflict as exc:
            messages.error(request, exc.message)
            return redirect("workbench:task", pk=pk)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("进展已保存。"))
            return redirect("workbench:task", pk=pk)
    return _detail(request, task, 422, progress_form=form)


@require_POST
@staff_required
def task_notice(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_office(request.user)
    task = access.get_task_for(request.user, pk)
    form = NoticeForm(request.POST, prefix="notice", task=task)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.issue_notice(
                request.user, task, unit=data["unit"], text=data["text"], reply_due_on=data["reply_due_on"],
                request=request,
            )  # fmt: skip
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("督办通知已发出。"))
            return redirect("workbench:task", pk=pk)
    return _detail(request, task, 422, notice_form=form)


@require_POST
@staff_required
def notice_reply(request: HttpRequest, pk: int) -> HttpResponse:
    notice = access.get_notice_for(request.user, pk)
    access.require_replier(request.user, notice)
    task = access.get_task_for(request.user, notice.task_id)
    form = ReplyForm(request.POST, prefix="reply", auto_id=f"id_reply{notice.pk}_%s")
    if form.is_valid():
        try:
            services.reply_to_notice(request.user, notice, text=form.cleaned_data["reply"], request=request)
        except services.Conflict as exc:
            messages.error(request, exc.message)
            return redirect("workbench:task", pk=task.pk)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("督办反馈已提交。"))
            return redirect("workbench:task", pk=task.pk)
    return _detail(request, task, 422, reply_form=form, reply_for=notice.pk)


@staff_required
def progress_attachment(request: HttpRequest, pk: int) -> Any:  # a FileResponse streams
    found = ProgressAttachment.objects.select_related("progress").filter(pk=pk).first()
    if found is None:
        raise Http404
    access.get_task_for(request.user, found.progress.task_id)  # 404 unless the task is visible
    return FileResponse(found.file.open("rb"), as_attachment=True, filename=found.name)

"""Task ledger (任务台账): API.md "Task ledger". The office imports; units report progress."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from gongkai.actor import Actor
from gongkai.api.auth import bearer
from gongkai.api.errors import ApiError, body
from gongkai.api.params import MAX_ID, Id
from gongkai.api.vocab import TaskStatus
from gongkai.orgs import access as org_access
from gongkai.supervision.ledger import access, queries, rows, services, xlsx
from gongkai.supervision.ledger.models import Ledger, Task

router = Router(tags=["tasks"])


class TaskLedgerChoice(Schema):
    """Which ledger: ``ledger_id``, or the ledger of ``year`` (created when missing); default the
    current year's."""

    ledger_id: int | None = Field(None, ge=1, le=MAX_ID)
    year: int | None = Field(None, ge=2000, le=2100)


class TaskImportedOut(Schema):
    created: int
    ledger_id: int


class TaskRowErrorOut(Schema):
    row: int
    field: str
    detail: str


class TaskImportRejectedOut(Schema):
    detail: str
    field: str | None
    errors: list[TaskRowErrorOut]


class TaskFilters(Schema):
    status: TaskStatus | None = None
    unit_id: int | None = Field(None, ge=1, le=MAX_ID)
    ledger_id: int | None = Field(None, ge=1, le=MAX_ID)
    year: int | None = Field(None, ge=2000, le=2100)


class TaskOut(Schema):
    id: int
    title: str
    number: str
    unit: str
    unit_id: int
    ledger_id: int
    due_on: dt.date | None
    due_text: str
    status: str
    status_label: str
    last_progress_on: dt.date | None
    done_on: dt.date | None


class TaskProgressIn(Schema):
    on: dt.date
    text: str = Field(..., min_length=1, max_length=4000)
    done: bool = False


class TaskProgressOut(Schema):
    progress_id: int
    task: TaskOut


def _task_out(task: Task, today: dt.date) -> dict[str, Any]:
    code = task.status_on(today)
    return {
        "id": task.pk, "title": task.title, "number": task.number, "unit": task.unit.name, "unit_id": task.unit_id,
        "ledger_id": task.ledger_id, "due_on": task.due_on, "due_text": task.due_text, "status": code,
        "status_label": task.status_label(today), "last_progress_on": task.last_progress_on, "done_on": task.done_on,
    }  # fmt: skip


def _ledger(user: Actor, choice: TaskLedgerChoice) -> Ledger:
    if choice.ledger_id is not None:
        found = access.ledgers_visible_to(user).filter(pk=choice.ledger_id).first()
        if found is None:
            raise ApiError(404, _("台账不存在"), "ledger_id")
        return found
    year = choice.year or timezone.localdate().year
    existing = Ledger.objects.filter(year=year).order_by("pk").first()
    return existing or services.ledger_for_year(user, year)


def _rejected(exc: rows.ImportRejected) -> JsonResponse:
    """Every bad row; ``field`` is null, the rows name theirs (API.md "Conventions")."""
    errors = [{"row": e.row, "field": e.column, "detail": e.message} for e in exc.errors]
    detail = _("发现%(n)d处问题，未导入任何任务") % {"n": len(errors)}
    return JsonResponse({**body(detail, None), "errors": errors}, status=422, json_dumps_params={"ensure_ascii": False})


@router.post(
    "/tasks/import",
    auth=bearer,
    response={201: TaskImportedOut, 422: TaskImportRejectedOut},
    summary="Import a ledger from .xlsx, all rows or none (office)",
)
def import_tasks(
    request: HttpRequest, file: File[UploadedFile], choice: Query[TaskLedgerChoice]
) -> Status | HttpResponse:
    org_access.require_office(request.user)
    if choice.ledger_id is not None:
        _ledger(request.user, choice)  # an unknown ledger is a 404 before the file is read
    try:
        checked = xlsx.check_workbook(request.user, file)
    except xlsx.UploadRefused as exc:  # no rows to list: "errors" is empty (errors.ROW_ERROR_ROUTES)
        raise ApiError(422, exc.message, "file") from exc
    except rows.ImportRejected as exc:
        return _rejected(exc)
    ledger = _ledger(request.user, choice)  # created only now: a rejected file creates nothing
    created = xlsx.create_tasks(request.user, ledger, checked, source=file.name or "", request=request)
    return Status(201, {"created": created, "ledger_id": ledger.pk})


def _filtered(user: Actor, filters: TaskFilters, today: dt.date) -> Any:
    tasks = access.tasks_visible_to(user).select_related("unit")
    if filters.status:
        tasks = queries.by_status(tasks, filters.status, today)
    if filters.unit_id is not None:
        tasks = queries.for_unit(tasks, filters.unit_id)
    if filters.ledger_id is not None:
        tasks = tasks.filter(ledger_id=filters.ledger_id)
    if filters.year is not None:
        tasks = tasks.filter(ledger__year=filters.year)
    return tasks.order_by("-ledger__year", "ledger_id", "position", "pk")


@router.get("/tasks", auth=bearer, response=list[TaskOut], summary="Tasks the caller's units are named in")
def list_tasks(request: HttpRequest, filters: Query[TaskFilters]) -> list[dict[str, Any]]:
    today = timezone.localdate()
    return [_task_out(task, today) for task in _filtered(request.user, filters, today)]


@router.get("/tasks/export", auth=bearer, summary="The ledger as .xlsx (plus 完成状态)")
def export_tasks(request: HttpRequest, choice: Query[TaskLedgerChoice]) -> HttpResponse:
    if not access.may_use(request.user):
        raise ApiError(403, _("只有各单位工作人员和公开办可以导出任务台账"))
    today = timezone.localdate()
    tasks = access.tasks_visible_to(request.user)
    if choice.ledger_id is not None or choice.year is not None:
        tasks = tasks.filter(ledger=_ledger(request.user, choice))
    else:
        tasks = tasks.filter(ledger__year=today.year)
    response = HttpResponse(xlsx.export_workbook(xlsx.export_tasks(tasks), today), content_type=xlsx.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="tasks-{today:%Y%m%d}.xlsx"'
    return response


@router.post(
    "/tasks/{task_id}/progress",
    auth=bearer,
    response=TaskProgressOut,
    summary="Report progress (staff of a responsible unit)",
)
def report_progress(request: HttpRequest, task_id: Id, payload: TaskProgressIn) -> dict[str, Any]:
    task = access.get_task_for(request.user, task_id)
    try:
        progress = services.report_progress(
            request.user, task, on=payload.on, text=payload.text, done=payload.done, request=request
        )
    except services.Conflict as exc:
        raise ApiError(409, exc.message, "done") from exc
    except ValidationError as exc:
        field, errors = next(iter(exc.message_dict.items()))
        raise ApiError(422, "；".join(errors), field) from exc
    task = Task.objects.select_related("unit").get(pk=task.pk)
    return {"progress_id": progress.pk, "task": _task_out(task, timezone.localdate())}

"""The task ledger as an .xlsx workbook: export, and an all-or-nothing import.

The sheet has the columns of ``rows.COLUMNS``; the export adds 完成状态. An import reads and
checks every row first; one bad row means nothing is saved and every bad row is reported. The
upload checks (size, zip bomb) are the catalogue's (``catalog.xlsx.read_upload``).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from gongkai.actor import Actor
from gongkai.audit.services import record
from gongkai.catalog.xlsx import CONTENT_TYPE, UploadRefused, read_upload
from gongkai.orgs import access as org_access
from gongkai.supervision.ledger import queries, rows, services
from gongkai.supervision.ledger.models import Ledger, Task, TaskUnit

__all__ = ["CONTENT_TYPE", "UploadRefused", "export_workbook", "import_workbook"]

SHEET_TITLE = "任务台账"
WIDTHS = (8, 60, 28, 28, 16, 50, 10)
_ZIP_MAGIC = b"PK\x03\x04"


def _unit_cells(task: Task) -> tuple[str, str]:
    units = sorted(task.task_units.all(), key=lambda tu: (tu.unit_id != task.unit_id, tu.position))
    responsible = [tu.unit.name for tu in units if tu.role == TaskUnit.Role.RESPONSIBLE]
    if task.unit.name not in responsible:
        responsible.insert(0, task.unit.name)
    cooperating = [tu.unit.name for tu in units if tu.role == TaskUnit.Role.COOPERATING]
    return "、".join(responsible), "、".join(cooperating)


def task_cells(task: Task, today: dt.date) -> list[Any]:
    """One task as a row: the ledger's columns, the latest progress, and its status."""
    responsible, cooperating = _unit_cells(task)
    deadline: Any = task.due_text or task.due_on or ""
    latest = queries.latest_progress_text(task)
    return [task.number, task.title, responsible, cooperating, deadline, latest, task.status_label(today)]


def export_workbook(tasks: Iterable[Task], today: dt.date) -> bytes:
    book = Workbook()
    sheet: Any = book.active
    sheet.title = SHEET_TITLE
    sheet.append([*rows.COLUMNS, rows.STATUS_COLUMN])
    for task in tasks:
        sheet.append(task_cells(task, today))
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # a text starting with "=" stays a text, never a formula
            elif isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center")
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def export_tasks(tasks: Any) -> Any:
    """The queryset in ledger order with what the export reads, fetched in a few queries."""
    return tasks.select_related("unit").prefetch_related("task_units__unit").order_by("ledger", "position", "pk")


def _read(upload: Any) -> bytes:
    head = upload.read(4)
    upload.seek(0)
    if head and head != _ZIP_MAGIC:
        raise UploadRefused(_("文件不是Excel工作簿（.xlsx），请将任务台账另存为.xlsx后再上传"))
    return read_upload(upload)


def _sheet_rows(data: bytes) -> tuple[Sequence[Any], list[tuple[int, Sequence[Any]]]]:
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds of error on a damaged package
        raise UploadRefused(_("无法读取该Excel工作簿，文件可能已损坏")) from exc
    try:
        values: Iterator[Sequence[Any]] = book.worksheets[0].iter_rows(values_only=True)
        header = next(values, ())
        return header, [(number, row) for number, row in enumerate(values, start=2)]
    finally:
        book.close()


def check_workbook(actor: Actor, upload: Any) -> list[rows.TaskRow]:
    """Every row of the first sheet, checked; nothing is saved.

    Raises UploadRefused (not an .xlsx, too large) or rows.ImportRejected (every bad row).
    """
    org_access.require_office(actor)
    return rows.validate(*_sheet_rows(_read(upload)))


def import_workbook(actor: Actor, ledger: Ledger, upload: Any, *, request: HttpRequest | None = None) -> int:
    """Check every row of the first sheet, then create all the tasks, or nothing."""
    checked = check_workbook(actor, upload)
    return create_tasks(actor, ledger, checked, source=getattr(upload, "name", "") or "", request=request)


@transaction.atomic
def create_tasks(
    actor: Actor, ledger: Ledger, checked: list[rows.TaskRow], *, source: str = "", request: HttpRequest | None = None
) -> int:
    """The checked rows as tasks of ``ledger`` (the office only), with their first progress."""
    today = timezone.localdate()
    for row in checked:
        task = services.create_task(
            actor,
            ledger=ledger,
            title=row.title,
            unit=row.units[0],
            due_on=row.due_on,
            joint_units=row.units[1:],
            co_units=row.co_units,
            number=row.number,
            due_text=row.due_text,
            request=request,
        )
        if row.progress or row.done:
            text = row.progress or _("已完成")
            services.report_progress(actor, task, on=today, text=text, done=row.done, request=request)
    after = {"created": len(checked), "file": source[:200]}
    record(actor, "ledger.imported", ledger, after=after, request=request)
    return len(checked)

"""The standard catalogue as an .xlsx workbook: export, and an all-or-nothing import.

The sheet has the twelve standard columns (``rows.COLUMNS``). An import reads and checks every
row first; one bad row means nothing is saved and every bad row is reported.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font

from gongkai.actor import Actor
from gongkai.catalog import access, rows, services
from gongkai.catalog.models import CatalogueEntry

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# A 5 MB zip can inflate to gigabytes (a "zip bomb"); a real catalogue stays far below this.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
SHEET_TITLE = "标准目录"
WIDTHS = (6, 14, 18, 22, 40, 40, 24, 24, 24, 10, 12, 14)


class UploadRefused(Exception):
    """The upload is not an .xlsx workbook we can read; ``message`` says why, in Chinese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def export_workbook(entries: Iterable[CatalogueEntry]) -> bytes:
    """The entries in the standard columns, numbered 1…n in the order given."""
    book = Workbook()
    sheet: Any = book.active
    sheet.title = SHEET_TITLE
    sheet.append(list(rows.COLUMNS))
    for serial, entry in enumerate(entries, start=1):
        sheet.append(rows.cells(entry, serial))
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                # openpyxl stores a text starting with "=" as a formula; keep every text a text.
                cell.data_type = "s"
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for index, width in enumerate(WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _check_package(data: bytes) -> None:
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise UploadRefused(_("文件不是Excel工作簿（.xlsx），请用标准目录模板另存为.xlsx后再上传")) from exc
    with package:
        names = set(package.namelist())
        if "xl/workbook.xml" not in names:
            raise UploadRefused(_("文件不是Excel工作簿（.xlsx）：缺少工作簿内容"))
        if sum(info.file_size for info in package.infolist()) > MAX_UNPACKED_BYTES:
            raise UploadRefused(_("文件解压后过大，无法导入"))


def read_upload(upload: Any) -> bytes:
    """The bytes of an uploaded file if it is an .xlsx of at most 5 MB, else UploadRefused."""
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise UploadRefused(_("文件超过5MB，请拆分后分批导入"))
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise UploadRefused(_("文件超过5MB，请拆分后分批导入"))
    if not data:
        raise UploadRefused(_("文件为空"))
    _check_package(data)
    return data


def _open(data: bytes) -> Any:
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds of error on a damaged package
        raise UploadRefused(_("无法读取该Excel工作簿，文件可能已损坏")) from exc


def _sheet_rows(book: Any) -> tuple[Sequence[Any], Iterator[tuple[int, Sequence[Any]]]]:
    """The header and the numbered data rows (the header is row 1) of the first sheet."""
    values = book.worksheets[0].iter_rows(values_only=True)
    header = next(values, ())
    return header, ((number, row) for number, row in enumerate(values, start=2))


def import_workbook(actor: Actor, upload: Any) -> services.ImportCounts:
    """Check every row of the first sheet, then upsert all of them, or save nothing.

    Raises UploadRefused (not an .xlsx, too large) or rows.ImportRejected (every bad row).
    """
    access.require_keeper(actor)
    book = _open(read_upload(upload))
    try:
        entries = rows.validate(*_sheet_rows(book))
    finally:
        book.close()
    return services.apply_import(actor, entries, source=getattr(upload, "name", "") or "")

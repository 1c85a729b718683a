"""现行有效规范性文件目录 as an .xlsx workbook (条例 Art. 24: 下载)."""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from gongkai.publishing.models import Item

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET_TITLE = "现行有效规范性文件目录"
COLUMNS = ("序号", "发布机构", "文件名称", "文号", "发文机关", "成文日期", "施行日期")
WIDTHS = (6, 24, 50, 24, 24, 12, 12)


def _row(serial: int, item: Item) -> list[Any]:
    revision = item.published_revision
    policy = getattr(revision, "policy", None)
    return [
        serial,
        item.unit.name,
        revision.title if revision else item.title,
        revision.doc_number if revision else "",
        policy.issuer if policy else "",
        revision.written_on.isoformat() if revision and revision.written_on else "",
        policy.effective_on.isoformat() if policy and policy.effective_on else "",
    ]


def normative_workbook(items: Iterable[Item]) -> bytes:
    book = Workbook()
    sheet: Any = book.active
    sheet.title = SHEET_TITLE
    sheet.append(list(COLUMNS))
    for serial, item in enumerate(items, start=1):
        sheet.append(_row(serial, item))
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # a text starting with "=" stays a text, never a formula
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, width in enumerate(WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()

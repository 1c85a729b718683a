"""``render_xlsx``: the report's three tables as a workbook, one sheet each (表二 主动公开, 表三 依申请公开,
表四 复议诉讼), for the offices that collect the figures of every unit in a spreadsheet.

Each sheet: row 1 the report's title, row 2 the section heading, then the table with the national
headers as merged cells (the spans of layout.Grid) and the figures as numbers (counts as integers,
the 行政事业性收费 amount in 万元 with two decimals), so a sum over units is a formula away. Sections
一, 五 and 六 are prose and stay in the other formats.
"""

from __future__ import annotations

import io
import math
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from gongkai.reports import layout

FONT = "宋体"
TITLE_ROWS = 2  # title, section heading
# Column width in Excel's units (the width of a "0") per millimetre of the printed table: the
# 156 mm tables become ~160 characters wide, so a CJK label (≈2 units a character) wraps about as
# it does on paper, and number columns hold 商业企业 on two lines.
UNITS_PER_MM = 1.0
LANDSCAPE_COLUMNS = 8
LINE_HEIGHT = 15.0  # points per line of 11 pt text
CJK_UNITS = 2.1  # Excel width units a full-width character takes at 11 pt
_THIN = Side(style="thin", color="000000")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def render_xlsx(document: dict[str, Any]) -> bytes:
    report = layout.build(document)
    workbook = Workbook()
    workbook.remove(workbook.worksheets[0])  # the empty sheet every new workbook starts with
    for section in report.sections:
        if section.table is not None:
            _sheet(workbook.create_sheet(section.table.sheet), report.title, section.heading, section.table)
    workbook.properties.title = report.title
    workbook.properties.creator = report.unit
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet(sheet: Worksheet, title: str, heading: str, grid: layout.Grid) -> None:
    last = get_column_letter(grid.columns)
    for row, (text, size) in enumerate(((title, 14), (heading, 12)), start=1):
        sheet.cell(row=row, column=1, value=text).font = Font(name=FONT, size=size, bold=True)
        sheet.merge_cells(f"A{row}:{last}{row}")
        sheet.row_dimensions[row].height = LINE_HEIGHT * 1.5
    widths = [width * UNITS_PER_MM for width in grid.widths]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    lines = dict.fromkeys(range(len(grid.rows)), 1)
    for r, c, spec in grid.placed():
        _cell(sheet, TITLE_ROWS + 1 + r, c + 1, spec)
        if spec.rowspan == 1:
            lines[r] = max(lines[r], _lines(spec.text, sum(widths[c : c + spec.colspan])))
    for r, count in lines.items():
        # Excel does not grow rows for wrapped text in merged cells, so the heights are set.
        sheet.row_dimensions[TITLE_ROWS + 1 + r].height = LINE_HEIGHT * count
    sheet.freeze_panes = sheet.cell(row=TITLE_ROWS + 1 + len(grid.head), column=1)
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    # Spreadsheet columns are wider than the printed ones: Tables 三 and 四 print landscape, fitted.
    sheet.page_setup.orientation = "landscape" if grid.columns >= LANDSCAPE_COLUMNS else "portrait"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _cell(sheet: Worksheet, row: int, column: int, spec: layout.Cell) -> None:
    cell = sheet.cell(row=row, column=column, value=spec.text if spec.value is None else spec.value)
    left = spec.scope in {"row", "rowgroup"} and spec.rowspan == 1
    cell.alignment = Alignment(horizontal="left" if left else "center", vertical="center", wrap_text=True)
    cell.font = Font(name=FONT, size=11, bold=spec.strong)
    if spec.value is not None:
        cell.number_format = "0.00" if isinstance(spec.value, Decimal) else "0"
    end_row, end_column = row + spec.rowspan - 1, column + spec.colspan - 1
    if spec.rowspan > 1 or spec.colspan > 1:
        sheet.merge_cells(start_row=row, start_column=column, end_row=end_row, end_column=end_column)
    # Every cell of a merged range carries the border, or Excel draws only the first one's.
    for r in range(row, end_row + 1):
        for c in range(column, end_column + 1):
            sheet.cell(row=r, column=c).border = BORDER


def _lines(text: str, width: float) -> int:
    """Lines ``text`` wraps to in a cell ``width`` units wide (CJK full width, ASCII one unit)."""
    needed = sum(CJK_UNITS if ord(char) > 0x2E7F else 1.1 for char in text)
    return max(1, math.ceil(needed / max(width - 1, 1)))

"""``render_docx``: the annual report as a Word document, with the page of the letters (GB/T 9704:
A4, margins 37/35/28/26 mm, body 三号 仿宋 at 28 pt lines, title 二号 小标宋, page numbers "— 1 —";
the helpers are gongkai.foi.letters.word's, so the report and the letters stay one house style).

Headings 一–六 are in 黑体 like the first-level headings of official documents. The three tables
are real Word tables with merged header cells (``cell.merge`` over the spans of layout.Grid), in
portrait at 小五 (9 pt) 宋体 with narrow cell margins: Table 三's seven and Table 四's fifteen number
columns fit the 15.6 cm type area that way, as national reports print them. Header rows repeat on
a new page and no row splits across pages.
"""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import gettext as _
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.styles.style import ParagraphStyle
from docx.table import Table, _Cell, _Row

from gongkai.foi.letters.word import (
    BODY_SIZE,
    _body_style,
    _em,
    _page_number,
    _page_setup,
    _paragraph,
    _set_fonts,
    _title,
)
from gongkai.reports import layout

HEADING_FONT = "黑体"
TABLE_FONT = "宋体"
TABLE_SIZE = Pt(9)
TABLE_LINE = Pt(12)
CELL_MARGIN_TWIPS = "57"  # 1 mm each side (Word's default is 1.9 mm), so two 9 pt characters fit 10.4 mm
TITLE_EM = 20  # characters of 二号 on one 15.6 cm line


def render_docx(document: dict[str, Any]) -> bytes:
    report = layout.build(document)
    doc = Document()
    _page_setup(doc.sections[0])
    _body_style(doc.styles["Normal"])
    parts = layout.title_parts(report.title)
    _title(doc, "\n".join(parts) if _em(report.title) > TITLE_EM else report.title)
    style = _table_style(doc)
    for note in report.notes:
        _paragraph(doc, note, align=WD_ALIGN_PARAGRAPH.CENTER)
    for section in report.sections:
        _heading(doc, section.heading)
        for text in section.paragraphs:
            _paragraph(doc, text)
        if section.table is not None:
            _table(doc, section.table, style)
    _page_number(doc.sections[0])
    doc.core_properties.title = report.title
    doc.core_properties.author = report.unit
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _heading(doc: DocxDocument, text: str) -> None:
    paragraph = doc.add_paragraph()
    paragraph.paragraph_format.first_line_indent = BODY_SIZE * 2
    paragraph.paragraph_format.keep_with_next = True
    run = paragraph.add_run(text)
    _set_fonts(run, HEADING_FONT)


def _table(doc: DocxDocument, grid: layout.Grid, style: ParagraphStyle) -> Table:
    rows = grid.rows
    table = doc.add_table(rows=len(rows), cols=grid.columns)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _cell_margins(table)
    widths = [Mm(width) for width in grid.widths]
    for index, column in enumerate(table.columns):
        column.width = widths[index]  # the grid, read by LibreOffice; Word reads the cell widths
    for index, row in enumerate(table.rows):
        for column, cell in enumerate(row.cells):
            cell.width = widths[column]
        _row_properties(row, header=index < len(grid.head))
    placed = list(grid.placed())
    # Cells are reached through their row: ``table.cell`` re-reads the whole table each call
    # (measured: 2 s for the report's tables, 0.2 s row by row). Merge before writing, as python-docx moves
    # the text of merged cells into the first one.
    for r, c, spec in placed:
        if spec.rowspan > 1 or spec.colspan > 1:
            end = table.rows[r + spec.rowspan - 1].cells[c + spec.colspan - 1]
            table.rows[r].cells[c].merge(end)
    cells = [row.cells for row in table.rows]
    for r, c, spec in placed:
        _fill(cells[r][c], spec, style.style_id)
    return table


def _table_style(doc: DocxDocument) -> ParagraphStyle:
    """One paragraph style for every cell: 9 pt 宋体 on 12 pt lines (the body's 28 pt would triple
    the tables' height), set once instead of on each of the ~300 runs."""
    style = doc.styles.add_style(_("年度报告表格"), WD_STYLE_TYPE.PARAGRAPH)
    assert isinstance(style, ParagraphStyle)
    style.base_style = doc.styles["Normal"]
    _set_fonts(style, TABLE_FONT)
    style.font.size = TABLE_SIZE
    style.paragraph_format.line_spacing = TABLE_LINE
    style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return style


def _fill(cell: _Cell, spec: layout.Cell, style_id: str) -> None:
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    paragraph = cell.paragraphs[0]
    # The style id goes straight into w:pStyle: ``paragraph.style = style`` looks the style up
    # among all the document's styles on every call (0.6 s of the 0.9 s the tables took).
    paragraph._p.get_or_add_pPr().style = style_id
    # Row labels read left like a list; column headers, group labels and figures are centred.
    if spec.scope in {"row", "rowgroup"} and spec.rowspan == 1:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
    run = paragraph.add_run(spec.text)
    if spec.strong:
        run.bold = True


def _cell_margins(table: Table) -> None:
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        node = OxmlElement(f"w:{side}")
        node.set(qn("w:w"), CELL_MARGIN_TWIPS)
        node.set(qn("w:type"), "dxa")
        margins.append(node)
    # CT_TblPr is a sequence: tblCellMar comes after tblLayout and before tblLook (Word reports a
    # file with elements out of order as damaged).
    tblpr = table._tbl.tblPr
    look = tblpr.find(qn("w:tblLook"))
    if look is None:
        tblpr.append(margins)
    else:
        look.addprevious(margins)


def _row_properties(row: _Row, *, header: bool) -> None:
    trpr = row._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:cantSplit"))
    if header:
        trpr.append(OxmlElement("w:tblHeader"))

"""``render_docx``: a ``Letter`` as a Word document, laid out after GB/T 9704 (党政机关公文格式).

GB/T 9704 values used: A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; body in
三号 (16 pt) 仿宋, 22 lines a page (≈ 28 pt fixed line spacing), first lines indented two
characters; title in 二号 (22 pt) 小标宋; page numbers "— 1 —" in 四号 (14 pt). Word cannot
carry a font fallback list, so the East Asian font is named as offices have it installed;
readers without it substitute their own.
"""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Cm, Length, Pt
from docx.styles.style import ParagraphStyle
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from gongkai.foi.letters.model import FeeTable, Letter

BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"
LATIN_FONT = "Times New Roman"
BODY_SIZE = Pt(16)
TITLE_SIZE = Pt(22)
TABLE_SIZE = Pt(14)
LINE = Pt(28)
# Fee table columns (band, quantity, rate, amount) across the 15.6 cm type area: the band
# labels ("101—200页（含200页）的部分") are long, the figures short.
TABLE_COLUMNS = (Cm(6.2), Cm(2.6), Cm(3.6), Cm(3.2))


def render_docx(letter: Letter) -> bytes:
    document = Document()
    _page_setup(document.sections[0])
    _body_style(document.styles["Normal"])
    _title(document, letter.title)
    if letter.number:
        _paragraph(document, letter.number, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(document, letter.addressee, indent=False, space_before=LINE)
    for _kind, block in letter.blocks():
        if isinstance(block, FeeTable):
            _table(document, block)
        else:
            _paragraph(document, block)
    _signature(document, letter)
    if letter.contact:
        _paragraph(document, letter.contact, space_before=LINE)
    _page_number(document.sections[0])
    document.core_properties.title = letter.title
    document.core_properties.author = letter.signature
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _page_setup(section: Section) -> None:
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    section.footer_distance = Cm(2.0)


def _set_fonts(rpr_owner: Run | ParagraphStyle, east_asia: str) -> None:
    """python-docx's ``font.name`` sets only the Latin slots; the Chinese text is drawn with the
    ``w:eastAsia`` font of ``w:rFonts``, which has to be set on the element."""
    rpr_owner.font.name = LATIN_FONT
    rpr = rpr_owner.element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), east_asia)


def _body_style(style: ParagraphStyle) -> None:
    _set_fonts(style, BODY_FONT)
    style.font.size = BODY_SIZE
    paragraph = style.paragraph_format
    paragraph.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph.line_spacing = LINE
    paragraph.space_before = paragraph.space_after = Pt(0)


def _paragraph(
    document: DocxDocument,
    text: str,
    *,
    indent: bool = True,
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.JUSTIFY,
    space_before: Length | None = None,
) -> Paragraph:
    paragraph = document.add_paragraph()
    paragraph.alignment = align
    if indent and align == WD_ALIGN_PARAGRAPH.JUSTIFY:
        paragraph.paragraph_format.first_line_indent = BODY_SIZE * 2
    if space_before is not None:
        paragraph.paragraph_format.space_before = space_before
    paragraph.add_run(text)
    return paragraph


def _title(document: DocxDocument, text: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.line_spacing = Pt(36)
    paragraph.paragraph_format.space_after = Pt(14)
    run = paragraph.add_run(text)
    run.bold = True
    run.font.size = TITLE_SIZE
    _set_fonts(run, TITLE_FONT)


def _table(document: DocxDocument, fee: FeeTable) -> Table:
    rows = (fee.header, *fee.rows, fee.total)
    table = document.add_table(rows=len(rows), cols=len(fee.header))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = TABLE_COLUMNS if len(fee.header) == len(TABLE_COLUMNS) else ()
    for column, width in zip(table.columns, widths, strict=False):
        column.width = width  # the grid, read by LibreOffice; Word reads the cell widths
    for row_index, values in enumerate(rows):
        bold = row_index in (0, len(rows) - 1)
        for column, value in enumerate(values):
            cell = table.cell(row_index, column)
            if widths:
                cell.width = widths[column]
            paragraph = cell.paragraphs[0]
            paragraph.alignment = _cell_alignment(row_index, column)
            paragraph.paragraph_format.line_spacing = Pt(22)
            run = paragraph.add_run(value)
            run.font.size = TABLE_SIZE
            run.bold = bold
    return table


def _cell_alignment(row: int, column: int) -> WD_ALIGN_PARAGRAPH:
    if row == 0:
        return WD_ALIGN_PARAGRAPH.CENTER
    # Figures are read down the column, right-aligned like any account; labels read left.
    return WD_ALIGN_PARAGRAPH.LEFT if column == 0 else WD_ALIGN_PARAGRAPH.RIGHT


def _em(text: str) -> float:
    """Width in characters of the body font: CJK full width, ASCII (the date's digits) half."""
    return sum(0.5 if ord(char) < 0x80 else 1.0 for char in text)


def _signature(document: DocxDocument, letter: Letter) -> None:
    # GB/T 9704 7.3.5: the date sits four characters in from the right margin and the organ's
    # name is centred over it; the seal is pressed over both.
    centre = 4 + _em(letter.date) / 2
    for index, text in enumerate((letter.seal, letter.signature, letter.date)):
        paragraph = _paragraph(
            document, text, align=WD_ALIGN_PARAGRAPH.RIGHT, space_before=Pt(56) if index == 0 else None
        )
        paragraph.paragraph_format.right_indent = Pt(max(0.0, centre - _em(text) / 2) * BODY_SIZE.pt)


def _page_number(section: Section) -> None:
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("— ")
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
        if kind is None:
            node = OxmlElement("w:instrText")
            node.set(qn("xml:space"), "preserve")
            node.text = text
        else:
            node = OxmlElement("w:fldChar")
            node.set(qn("w:fldCharType"), kind)
        run._r.append(node)
    paragraph.add_run(" —")
    for piece in paragraph.runs:
        piece.font.size = Pt(14)

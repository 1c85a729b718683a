"""Word (.docx), Excel (.xlsx) and CSV: text by paragraph, table cell and sheet cell.

Word: python-docx opens the package and finds its parts; the XML of each is walked in document
order, so that nothing python-docx's object model leaves out is missed: content controls, text
boxes, text deleted under track changes (still in the file, and shown by Word), tables inside
table cells. Places: "第4段" (paragraphs with text, counted from the start), "表格1第2行第3列"
(the column counted on the table's grid, so a merged cell keeps the column it starts in),
"文本框1", "页眉第1段", "页脚表格1第1行第1列", "脚注1", "尾注1", "批注1", and a "（修订删除的文字）"
place beside the one whose deleted text it holds. Not read: field codes, document properties.

Excel: openpyxl in read-only mode with the values Excel last calculated (data_only). Every
sheet, hidden ones and hidden rows and columns included, every non-empty cell:
"工作表“名单”单元格B3". Dimensions are reset first, because read-only mode otherwise trusts the
size a file declares, and some programs declare A1 for a full sheet. Not read: cell comments,
text boxes and charts.

Pictures inside a Word or Excel file (word/media, xl/media: a scanned form or an ID card pasted
into a document) are read by OCR too, "第1张图片（文字识别）" in the order of their names in the
package, and the method becomes "docx+ocr" or "xlsx+ocr". Pictures under 16 pixels on a side
(icons, bullets) and the vector formats Pillow cannot open (EMF, WMF: charts and clip art) are
left out. With OCR off, pictures are not read; a file that has pictures and no text at all is
then Unreadable, as a scanned PDF page is.

CSV: UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030 (which covers GBK and GB2312, what
Chinese Excel writes); the delimiter sniffed among , tab ; |; places as a spreadsheet shows
them: "单元格B3".
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import zipfile
from decimal import Decimal, InvalidOperation
from typing import Any

import docx
import openpyxl
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from gongkai.publishing.reading import ocr
from gongkai.publishing.reading.core import DAMAGED, PASSWORD, Budget, Limits, Reading, Unreadable, _, tidy

OLE_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")  # a password-protected docx/xlsx is wrapped in one
CSV_ENCODING = _("CSV文件的编码无法识别，请另存为UTF-8或GBK编码的CSV文件后再上传")
LINES_PER_PAGE, CHARS_PER_LINE = 22, 28  # GB/T 9704-2012: a page of an official document
CHECK_EVERY = 2000  # cells between two looks at the deadline
OCR_OFF_PICTURES = _("未开启文字识别，无法读取文件中的图片（文件中没有文字，只有图片）")
PICTURE_EXTENSIONS = frozenset({"png", "jpg", "jpeg", "jpe", "gif", "bmp", "tif", "tiff", "webp"})

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
MATH_TEXT = "{http://schemas.openxmlformats.org/officeDocument/2006/math}t"
_SKIPPED = frozenset({MC_FALLBACK, W + "instrText", W + "pPr", W + "rPr", W + "tblPr", W + "tcPr", W + "trPr"})
_CHARACTERS = {W + "tab": "\t", W + "br": "\n", W + "cr": "\n", W + "noBreakHyphen": "-"}


def _refuse_encrypted(data: bytes, kind: str) -> None:
    if data.startswith(OLE_SIGNATURE):
        raise Unreadable(PASSWORD, kind=kind)


# --- Word --------------------------------------------------------------------------------------


def read_docx(data: bytes, limits: Limits, budget: Budget, method: str = "docx") -> Reading:
    kind = "Word（.docx）"
    _refuse_encrypted(data, kind)
    try:
        document = docx.Document(io.BytesIO(data))
        _WordPart(budget, "").blocks(document.element.body)
        parts: dict[str, list[Any]] = {}
        for rel in document.part.rels.values():
            if not rel.is_external:
                parts.setdefault(rel.reltype, []).append(rel.target_part)
        for reltype, name in ((RT.HEADER, "页眉"), (RT.FOOTER, "页脚")):
            found = parts.get(reltype, [])
            for number, part in enumerate(found, start=1):
                label = name if len(found) == 1 else f"{name}{number}"
                _WordPart(budget, label).blocks(_xml(part.blob))
        for reltype, tag, name in ((RT.FOOTNOTES, "footnote", "脚注"), (RT.ENDNOTES, "endnote", "尾注")):
            for part in parts.get(reltype, []):
                _notes(_xml(part.blob), tag, name, budget)
        for part in parts.get(RT.COMMENTS, []):
            _notes(_xml(part.blob), "comment", "批注", budget)
        pages = _stored_pages(data)
    except Unreadable:
        raise
    except Exception as error:  # python-docx, zipfile and lxml raise many kinds of error
        raise Unreadable(DAMAGED, kind=kind) from error
    # The count Word stored, or none (LibreOffice stores none, python-docx a stale 1): at least
    # what the text fills at the official layout of 22 lines of 28 characters.
    estimate = max(1, math.ceil(budget.chars / (LINES_PER_PAGE * CHARS_PER_LINE)))
    pages = max(pages or 0, estimate)
    used_ocr = _read_pictures(data, "word/media/", kind, limits, budget)
    return budget.reading(pages, f"{method}+ocr" if used_ocr else method)


def _xml(blob: bytes) -> Any:
    """A part's XML: no entities resolved, no network (a parser per call: lxml parsers are not
    to be shared between threads)."""
    return etree.fromstring(blob, etree.XMLParser(resolve_entities=False, no_network=True))


class _WordPart:
    """Walks one part (the body, a header …) in document order, numbering its places."""

    def __init__(self, budget: Budget, prefix: str) -> None:
        self.budget = budget
        self.prefix = prefix
        self.paragraphs = 0
        self.tables = 0
        self.text_boxes = 0

    def blocks(self, container: Any) -> None:
        for child in container:
            if child.tag == W + "p":
                text, deleted, boxes = _paragraph(child)
                if text or deleted:
                    self.paragraphs += 1
                    self.add(f"第{self.paragraphs}段", text, deleted)
                self.boxes(boxes)
            elif child.tag == W + "tbl":
                self.table(child)
            elif child.tag == W + "sdt":
                content = child.find(W + "sdtContent")
                if content is not None:
                    self.blocks(content)
            elif child.tag in (W + "customXml", W + "ins", W + "moveTo"):
                self.blocks(child)

    def table(self, table: Any) -> None:
        self.tables += 1
        number = self.tables
        nested: list[Any] = []
        for row_number, row in enumerate(table.iterfind(W + "tr"), start=1):
            self.budget.remaining()
            column = 1 + _int(row.find(f"{W}trPr/{W}gridBefore"))
            for cell in _cells(row):
                texts, deleted_texts, boxes = [], [], []
                for block in _cell_blocks(cell):
                    if block.tag == W + "tbl":
                        nested.append(block)
                        continue
                    text, deleted, found = _paragraph(block)
                    texts.append(text)
                    deleted_texts.append(deleted)
                    boxes += found
                place = f"表格{number}第{row_number}行第{column}列"
                self.add(place, tidy("\n".join(texts)), tidy("\n".join(deleted_texts)))
                self.boxes(boxes)
                column += max(1, _int(cell.find(f"{W}tcPr/{W}gridSpan")))
        for inner in nested:
            self.table(inner)

    def boxes(self, boxes: list[Any]) -> None:
        for box in boxes:
            self.text_boxes += 1
            texts, deleted_texts = [], []
            for paragraph in box.iter(W + "p"):
                text, deleted, _inner = _paragraph(paragraph)
                texts.append(text)
                deleted_texts.append(deleted)
            self.add(f"文本框{self.text_boxes}", tidy("\n".join(texts)), tidy("\n".join(deleted_texts)))

    def add(self, place: str, text: str, deleted: str) -> None:
        self.budget.add(self.prefix + place, text)
        self.budget.add(f"{self.prefix}{place}（修订删除的文字）", deleted)


def _cells(row: Any) -> list[Any]:
    """A row's cells, also those wrapped in a content control."""
    cells = []
    for child in row:
        if child.tag == W + "tc":
            cells.append(child)
        elif child.tag == W + "sdt":
            cells += child.findall(f"{W}sdtContent/{W}tc")
    return cells


def _cell_blocks(cell: Any) -> list[Any]:
    """Paragraphs and tables of a cell in order, content controls opened."""
    blocks = []
    for child in cell:
        if child.tag in (W + "p", W + "tbl"):
            blocks.append(child)
        elif child.tag == W + "sdt":
            content = child.find(W + "sdtContent")
            blocks += _cell_blocks(content) if content is not None else []
    return blocks


def _paragraph(paragraph: Any) -> tuple[str, str, list[Any]]:
    """The paragraph's visible text, the text deleted under track changes, and the text boxes
    anchored in it (read as places of their own)."""
    text: list[str] = []
    deleted: list[str] = []
    boxes: list[Any] = []

    def walk(element: Any) -> None:
        for child in element:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIPPED:
                continue  # comments and processing instructions; hidden machinery
            if tag == W + "txbxContent":
                boxes.append(child)
            elif tag in (W + "t", MATH_TEXT):
                text.append(child.text or "")
            elif tag == W + "delText":
                deleted.append(child.text or "")
            elif tag in _CHARACTERS:
                text.append(_CHARACTERS[tag])
            else:
                walk(child)

    walk(paragraph)
    return tidy("".join(text)), tidy("".join(deleted)), boxes


def _notes(root: Any, tag: str, name: str, budget: Budget) -> None:
    """Footnotes, endnotes or comments, numbered as the reader sees them (separators left out)."""
    number = 0
    for note in root.iterfind(W + tag):
        if note.get(W + "type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        number += 1
        texts, deleted_texts = [], []
        for paragraph in note.iter(W + "p"):
            text, deleted, _boxes = _paragraph(paragraph)
            texts.append(text)
            deleted_texts.append(deleted)
        budget.add(f"{name}{number}", tidy("\n".join(texts)))
        budget.add(f"{name}{number}（修订删除的文字）", tidy("\n".join(deleted_texts)))


def _int(element: Any) -> int:
    if element is None:
        return 0
    try:
        return int(element.get(W + "val", "0"))
    except ValueError:
        return 0


def _stored_pages(data: bytes) -> int | None:
    """The page count Word (and WPS) store in docProps/app.xml when they save."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        try:
            root = _xml(archive.read("docProps/app.xml"))
        except KeyError:
            return None
    pages = root.find("{*}Pages")
    if pages is None or not (pages.text or "").strip().isdigit():
        return None
    return int(pages.text.strip()) or None


# --- Excel -------------------------------------------------------------------------------------


def read_xlsx(data: bytes, limits: Limits, budget: Budget, method: str = "xlsx") -> Reading:
    kind = "Excel（.xlsx）"
    _refuse_encrypted(data, kind)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:
        raise Unreadable(DAMAGED, kind=kind) from error
    try:
        sheets = workbook.worksheets
        counted = 0
        for sheet in sheets:
            sheet.reset_dimensions()
            for row in sheet.iter_rows():
                for cell in row:
                    value = getattr(cell, "value", None)
                    if value is None:
                        continue
                    counted += 1
                    if counted % CHECK_EVERY == 0:
                        budget.remaining()
                    address = f"{column_letter(cell.column)}{cell.row}"
                    budget.add(f"工作表“{sheet.title}”单元格{address}", tidy(cell_text(value)))
    except Unreadable:
        raise
    except Exception as error:
        raise Unreadable(DAMAGED, kind=kind) from error
    finally:
        workbook.close()
    used_ocr = _read_pictures(data, "xl/media/", kind, limits, budget)
    return budget.reading(max(1, len(sheets)), f"{method}+ocr" if used_ocr else method)


def _read_pictures(data: bytes, folder: str, kind: str, limits: Limits, budget: Budget) -> bool:
    """OCR of the pictures stored in the package under ``folder``; returns whether any was read."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = [
            name
            for name in archive.namelist()
            if name.startswith(folder) and name.rsplit(".", 1)[-1].lower() in PICTURE_EXTENSIONS
        ]
        if not names:
            return False
        if not limits.ocr:
            if not budget.segments:
                raise Unreadable(OCR_OFF_PICTURES)
            return False
        names.sort(key=_natural)
        pictures = [archive.read(name) for name in names]
    used = False
    for number, picture in enumerate(pictures, start=1):
        try:
            frames = ocr.picture_frames(picture)
        except Unreadable:
            continue  # a picture format Pillow does not read: Word shows it from its EMF twin
        for frame in frames:
            budget.add(f"第{number}张图片（文字识别）", tidy(ocr.recognise(frame, budget, kind, f"第{number}张图片")))
            used = True
    return used


def _natural(name: str) -> tuple[int, str]:
    """image2.png before image10.png."""
    stem = name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    digits = "".join(ch for ch in stem if ch.isdigit())
    return (int(digits) if digits else 0, name)


def cell_text(value: object) -> str:
    """A cell's value as people see it in the sheet, numbers as plain digits.

    An ID or card number typed into Excel as a number is stored as a number: an int, or a float
    such as 1.50627199003071e+17. It comes out as "150627199003071000", the digits Excel shows
    with a number format, never "1.50627199003071e+17" or "150627199003071008" (int() of the
    float). A float holds 15 to 17 significant digits, and Excel keeps 15: the last digits of an
    18-digit ID number typed as a number were lost when it was typed, and cannot be read back."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return repr(value)
        try:
            digits = format(Decimal(repr(value)), "f")
        except InvalidOperation:
            return repr(value)
        return digits[:-2] if digits.endswith(".0") else digits
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def column_letter(number: int) -> str:
    """1 → A, 27 → AA: a column's name, for any number of columns."""
    letters = ""
    while number > 0:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


# --- CSV ---------------------------------------------------------------------------------------


def read_csv(data: bytes, limits: Limits, budget: Budget) -> Reading:
    text = decode_text(data)
    if text is None:
        raise Unreadable(CSV_ENCODING)
    sample = text[:20_000]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",\t;|")
    except csv.Error:
        dialect = csv.excel
    try:
        for row_number, row in enumerate(csv.reader(io.StringIO(text, newline=""), dialect), start=1):
            if row_number % CHECK_EVERY == 0:
                budget.remaining()
            for column, value in enumerate(row, start=1):
                budget.add(f"单元格{column_letter(column)}{row_number}", tidy(value))
    except csv.Error as error:
        raise Unreadable(DAMAGED, kind="CSV") from error
    return budget.reading(1, "csv")


def decode_text(data: bytes) -> str | None:
    """The text of a CSV file: UTF-8 (BOM or not), UTF-16 with a BOM, else GB18030; None when
    none of them decodes it."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings: tuple[str, ...] = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "gb18030")
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None

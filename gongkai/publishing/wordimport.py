"""Word import: an editor uploads the signed .docx and gets the item's body and, as
suggestions, its 文号, title and 成文日期. Plain Python: no Django.

Run ``uploads.inspect`` on the file first: it refuses macros and ZIP bombs, which mammoth
and python-docx would otherwise open.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterator
from typing import IO, Any, TypedDict
from xml.parsers.expat import ExpatError

import docx
import mammoth
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

from gongkai.publishing.sanitize import clean_html


def _(message: str) -> str:
    """Marks a message for translation without importing Django (see uploads._)."""
    return message


IMAGES_DROPPED = _("文中图片未导入，请作为附件上传")
PARTLY_READ = _("部分内容未能识别，请核对导入结果")
UNREADABLE = _("无法读取该文件，请上传 Word（.docx）格式的文档")


class WordImportError(ValueError):
    """The file is not a readable .docx; ``message`` says so in Chinese."""

    def __init__(self, message: str = UNREADABLE) -> None:
        self.message = message
        super().__init__(message)


def _style_map() -> str:
    """Word's heading levels one below HTML's, because the page title is the only h1. Chinese
    Word and WPS store the built-in names in English ("heading 1"), but documents made from
    local templates carry "标题 1" or "标题1"; mammoth compares names case-insensitively."""
    rules = ["p[style-name='Title'] => h2:fresh", "p[style-name='标题'] => h2:fresh"]
    for level in range(1, 10):
        tag = f"h{min(level + 1, 6)}"
        names = (f"heading {level}", f"标题 {level}", f"标题{level}")
        rules += [f"p[style-name='{name}'] => {tag}:fresh" for name in names]
    rules += ["p[style-name='正文'] => p:fresh", "p[style-name='Body Text'] => p:fresh"]
    return "\n".join(rules)


STYLE_MAP = _style_map()


def docx_to_html(fileobj: IO[bytes]) -> tuple[str, list[str]]:
    """The document's body as sanitised HTML, and warnings in Chinese for the editor.

    Pictures are dropped: mammoth could only inline them as data: URIs, which the sanitiser
    refuses, and a picture belongs on the item as an attachment anyway."""
    images = 0

    def drop_image(image: Any) -> list[Any]:
        nonlocal images
        images += 1
        return []

    try:
        # A style map embedded in the file would let its author choose our markup; external
        # file access would let a linked picture read files from this server.
        result = mammoth.convert_to_html(
            fileobj,
            style_map=STYLE_MAP,
            convert_image=drop_image,
            include_embedded_style_map=False,
            external_file_access=False,
        )
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, ExpatError) as error:
        raise WordImportError from error
    warnings = [IMAGES_DROPPED] if images else []
    if any(not _is_style_notice(message.message) for message in result.messages):
        warnings.append(PARTLY_READ)
    return clean_html(result.value), warnings


def _is_style_notice(message: str) -> bool:
    """Custom styles are normal in government documents; their text is kept as paragraphs."""
    return message.startswith(("Unrecognised paragraph style", "Unrecognised run style"))


# --- Metadata -------------------------------------------------------------------------------


class DocxMetadata(TypedDict):
    doc_number: str | None  # 文号, normalised to GB/T 9704 form: 康政办发〔2026〕12号
    title: str | None
    written_on: dt.date | None  # 成文日期


_ASCII_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
# GB/T 9704-2012 §7.2.4: 机关代字, the year in full within 〔〕, the serial number without 第 or
# leading zeros. In practice people type [] () （） 【】 too, and full-width digits.
_DOC_NUMBER = re.compile(
    r"(?P<organ>[\u4e00-\u9fffA-Za-z]{1,20}?)\s*[〔\[(（【［]\s*(?P<year>\d{4})\s*[〕\])）】］]\s*第?\s*(?P<serial>\d{1,6})\s*号"
)
_ZERO = "〇○零OＯ"  # the year's zero as people type it: 二〇二六, 二○二六, 二零二六, even a letter O
_CHINESE_DIGITS = {**dict.fromkeys(_ZERO, 0), **{ch: i for i, ch in enumerate("一二三四五六七八九", 1)}}
_DATE = re.compile(
    rf"[（(]?\s*(?P<year>\d{{4}}|[{_ZERO}一二三四五六七八九]{{4}})\s*年\s*(?P<month>\d{{1,2}}|[一二三四五六七八九十]{{1,2}})"
    r"\s*月\s*(?P<day>\d{1,2}|[一二三四五六七八九十]{1,3})\s*日\s*[）)]?"
)
_ATTACHMENT_PAGE = re.compile(r"附\s*件\s*\d*")  # the first line of an attachment, alone (§8.2)
_COLOPHON = ("抄送", "印发")  # 版记 (§7.4): the document proper has ended
_HEAD_PARAGRAPHS = 12  # 版头 and title take fewer lines than this in any layout seen
_TITLE_MAX = 80


def find_doc_number(text: str) -> str | None:
    """The first 文号 in ``text``, normalised (brackets 〔〕, ASCII digits, no leading zeros)."""
    match = _DOC_NUMBER.search(text.translate(_ASCII_DIGITS))
    if match is None:
        return None
    return f"{match['organ']}〔{match['year']}〕{int(match['serial'])}号"


def parse_date_line(text: str) -> dt.date | None:
    """The date when ``text`` is a date and nothing else, in Arabic or Chinese numerals
    (2026年3月5日, 二〇二六年三月五日, （2026年3月5日）); otherwise None."""
    match = _DATE.fullmatch("".join(text.translate(_ASCII_DIGITS).split()))
    if match is None:
        return None
    try:
        return dt.date(*(_number(match[part]) for part in ("year", "month", "day")))
    except ValueError:  # 2月30日, 十三月
        return None


def _number(text: str) -> int:
    """Arabic digits, or Chinese numerals digit by digit (二〇二六) or with 十 (二十五)."""
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _ten, ones = text.partition("十")
        return (_CHINESE_DIGITS[tens] if tens else 1) * 10 + (_CHINESE_DIGITS[ones] if ones else 0)
    return int("".join(str(_CHINESE_DIGITS[ch]) for ch in text))


def docx_metadata(fileobj: IO[bytes]) -> DocxMetadata:
    """Best-effort 文号, title and 成文日期 from the layout of GB/T 9704-2012; None where a
    field is not found. The editor confirms them; nothing here is trusted blindly."""
    try:
        document = docx.Document(fileobj)
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as error:
        raise WordImportError from error
    paragraphs = [p for p in _paragraphs(document) if p.text.strip()]
    head = paragraphs[:_HEAD_PARAGRAPHS]
    number_at, doc_number = _doc_number(head)
    title_at, title = _title(head, number_at)
    return {"doc_number": doc_number, "title": title, "written_on": _written_on(paragraphs, title_at)}


def _paragraphs(document: Any) -> Iterator[Paragraph]:
    """Body paragraphs in order, with those of tables: the signature and date are often laid
    out in a borderless table."""
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                for cell in row.cells:
                    yield from cell.paragraphs
        else:
            yield block


def _doc_number(head: list[Paragraph]) -> tuple[int, str | None]:
    for index, paragraph in enumerate(head):
        number = find_doc_number(paragraph.text)
        if number is not None:
            return index, number
    return -1, None


def _title(head: list[Paragraph], number_at: int) -> tuple[int, str | None]:
    """The title sits between the 文号 (or the top) and the 主送机关 or first body paragraph:
    the largest type there wins, then centring, then a title or heading style, then order.
    A title broken over several centred lines of the same size is joined (§7.3.1)."""
    candidates: list[tuple[int, Paragraph]] = []
    for index in range(number_at + 1, len(head)):
        text = head[index].text.strip()
        if _starts_body(text):
            break
        if _looks_like_title(text, number_at):
            candidates.append((index, head[index]))
    if not candidates:
        return number_at, None
    best = max(candidates, key=lambda item: (*_prominence(item[1]), -item[0]))
    start = candidates.index(best)
    lines = [best[1].text.strip()]
    for index, paragraph in candidates[start + 1 :]:
        if index != best[0] + len(lines) or not _same_title_line(best[1], paragraph):
            break
        lines.append(paragraph.text.strip())
    return best[0] + len(lines) - 1, "".join(lines)


def _starts_body(text: str) -> bool:
    return text.endswith(("：", ":", "。")) or len(text) > _TITLE_MAX


def _looks_like_title(text: str, number_at: int) -> bool:
    if find_doc_number(text) or parse_date_line(text) or text.endswith(("，", "；", ",", ";")):
        return False
    # The issuing organ's mark (康巴什区人民政府文件) stands above the 文号; without a 文号
    # it would win on size, so a line ending in 文件 that is not a 关于 title is skipped.
    return not (number_at < 0 and text.endswith("文件") and "关于" not in text)


def _prominence(paragraph: Paragraph) -> tuple[float, bool, bool]:
    style = paragraph.style
    style_name = (style.name or "").lower() if style is not None else ""
    is_heading = style_name.startswith(("title", "heading", "标题"))
    return _font_size(paragraph), _is_centred(paragraph), is_heading


def _same_title_line(first: Paragraph, other: Paragraph) -> bool:
    return _is_centred(other) and _font_size(other) == _font_size(first) and _is_centred(first)


def _font_size(paragraph: Paragraph) -> float:
    """The largest explicit run size in points, else the paragraph style's, else 0."""
    sizes = [run.font.size.pt for run in paragraph.runs if run.font.size is not None and run.text.strip()]
    if sizes:
        return max(sizes)
    style: Any = paragraph.style
    while style is not None:
        if style.font.size is not None:
            return float(style.font.size.pt)
        style = style.base_style
    return 0.0


def _is_centred(paragraph: Paragraph) -> bool:
    alignment: Any = paragraph.alignment
    style: Any = paragraph.style
    while alignment is None and style is not None:
        alignment = style.paragraph_format.alignment
        style = style.base_style
    return alignment == WD_ALIGN_PARAGRAPH.CENTER


def _written_on(paragraphs: list[Paragraph], title_at: int) -> dt.date | None:
    """The last date-only line of the document proper (§7.3.5): after the title and before an
    attachment page or the 版记, whose 印发 date is a different date."""
    end = len(paragraphs)
    for index in range(max(title_at + 1, 0), len(paragraphs)):
        text = "".join(paragraphs[index].text.split())
        if _ATTACHMENT_PAGE.fullmatch(text) or text.startswith(_COLOPHON) or text.endswith("印发"):
            end = index
            break
    for paragraph in reversed(paragraphs[max(title_at + 1, 0) : end]):
        for line in reversed(paragraph.text.splitlines()):
            written_on = parse_date_line(line)
            if written_on is not None:
                return written_on
    return None

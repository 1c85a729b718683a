"""The text layer of an issue PDF (pypdf), so old issues become searchable. Plain Python: no Django.

Pages are separated by a form feed (``\\f``); a scanned issue without a text layer gives an
empty text, which is not an error. A file pypdf cannot read raises ``PdfUnreadable``.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass

from pypdf import PdfReader

PAGE_BREAK = "\f"
MAX_PAGES = 2000  # a gazette issue has tens of pages; more is not an issue PDF


def _(message: str) -> str:
    """Marks a message for translation; the Django layer translates it (see uploads.py)."""
    return message


class PdfUnreadable(Exception):
    def __init__(self, template: str, **params: object) -> None:
        self.template = template
        self.params = params
        super().__init__(template % params)


@dataclass(frozen=True)
class PdfText:
    text: str
    page_count: int

    @property
    def has_text(self) -> bool:
        return bool(self.text.replace(PAGE_BREAK, "").strip())


def read_pdf(data: bytes) -> PdfText:
    """The text and the number of pages of a PDF file."""
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise PdfUnreadable(_("PDF文件设有密码，请取消密码后再上传"))
        count = len(reader.pages)
        if count > MAX_PAGES:
            raise PdfUnreadable(_("PDF文件页数过多（%(count)d页）"), count=count)
        pages = [clean_text(page.extract_text() or "") for page in reader.pages]
    except PdfUnreadable:
        raise
    except Exception as error:  # pypdf raises many kinds of error on damaged files
        raise PdfUnreadable(_("PDF文件已损坏，无法读取其内容")) from error
    if count == 0:
        raise PdfUnreadable(_("PDF文件没有页面"))
    return PdfText(PAGE_BREAK.join(pages), count)


def clean_text(text: str) -> str:
    """One line per line of the page, inner whitespace collapsed, no NUL or control characters
    (PostgreSQL refuses NUL in text). NFKC turns the Kangxi radicals and compatibility
    ideographs that Chinese PDF fonts often map to (⼈ U+2F08) into the characters people type."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


_CHINESE_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})[-./](\d{1,2})[-./](\d{1,2})(?!\d)")


def find_issue_date(text: str, year: int) -> dt.date | None:
    """The first date of ``year`` printed on the first page (the cover carries the issue date)."""
    first_page = text.split(PAGE_BREAK, 1)[0]
    found = [m for pattern in (_CHINESE_DATE, _ISO_DATE) for m in pattern.finditer(first_page)]
    for match in sorted(found, key=lambda m: m.start()):
        try:
            day = dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            continue
        if day.year == year:
            return day
    return None


def excerpt(text: str, length: int = 300) -> str:
    """The beginning of the text as one paragraph, for the public issue page."""
    flat = " ".join(text.replace(PAGE_BREAK, "\n").split())
    return flat if len(flat) <= length else flat[:length].rstrip() + "…"

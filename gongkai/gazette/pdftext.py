"""The text layer of an issue PDF, so old issues become searchable. Plain Python: no Django.

The pages are read by the attachments' PDF reader (``publishing.reading.pdf``, pypdf), so both
read PDFs alike. Pages are separated by a form feed (``\\f``); a scanned issue without a text
layer gives an empty text, which is not an error (the gazette does not OCR). A file pypdf cannot
read raises ``PdfUnreadable``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from gongkai.publishing.reading import Unreadable
from gongkai.publishing.reading.pdf import clean_text, page_texts

__all__ = [
    "MAX_PAGES",
    "PAGE_BREAK",
    "PdfText",
    "PdfUnreadable",
    "clean_text",
    "excerpt",
    "find_issue_date",
    "read_pdf",
]

PAGE_BREAK = "\f"
MAX_PAGES = 2000  # a gazette issue has tens of pages; more is not an issue PDF

# The reader's exception: ``template`` and ``params`` for the Django layer to translate.
PdfUnreadable = Unreadable


@dataclass(frozen=True)
class PdfText:
    text: str
    page_count: int

    @property
    def has_text(self) -> bool:
        return bool(self.text.replace(PAGE_BREAK, "").strip())


def read_pdf(data: bytes) -> PdfText:
    """The text and the number of pages of a PDF file."""
    pages = page_texts(data, MAX_PAGES)
    return PdfText(PAGE_BREAK.join(pages), len(pages))


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

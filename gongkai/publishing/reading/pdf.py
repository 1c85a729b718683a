"""The text of a PDF, page by page (pypdf), shared by attachments and the gazette's issue PDFs.

``page_texts`` is the text layer alone, as the gazette indexes it. ``read_pdf`` reads an
attachment: one segment per page ("第2页"); a page without a text layer (a scan, or text drawn
as outlines) is rendered by pdftoppm and read by Tesseract ("第2页（文字识别）"), as is a page
with a picture and almost no text (a scanned page under a typed heading or page number). A page
with no content at all (a blank page) needs nothing.
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

from pypdf import PageObject, PdfReader
from pypdf.generic import DictionaryObject

from gongkai.publishing.reading import ocr
from gongkai.publishing.reading.core import (
    DAMAGED,
    OCR_OFF_PAGE,
    PASSWORD,
    TOO_MANY_PAGES,
    Budget,
    Limits,
    Reading,
    Unreadable,
    _,
    tidy,
)

NO_PAGES = _("PDF文件没有页面")
FEW_CHARACTERS = 20  # a page with fewer characters of text and a picture is read by OCR too
KIND = "PDF"


def clean_text(text: str) -> str:
    """A page's text as pypdf gives it, cleaned (see core.tidy: NFKC folds the radicals)."""
    return tidy(text, fold=True)


def page_texts(data: bytes, max_pages: int, budget: Budget | None = None) -> list[str]:
    """The cleaned text layer of each page; a scanned page gives "". Raises Unreadable."""
    with _as_unreadable():
        reader = _open(data, max_pages)
        texts = []
        for page in reader.pages:
            if budget is not None:
                budget.remaining()
            texts.append(clean_text(page.extract_text() or ""))
    return texts


def read_pdf(data: bytes, limits: Limits, budget: Budget) -> Reading:
    with _as_unreadable():
        reader = _open(data, limits.max_pages)
        pages = list(reader.pages)
    used_ocr = False
    with tempfile.TemporaryDirectory(prefix="gongkai-pdf-") as folder:
        path = os.path.join(folder, "file.pdf")
        for number, page in enumerate(pages, start=1):
            budget.remaining()
            with _as_unreadable():
                text = clean_text(page.extract_text() or "")
            budget.add(f"第{number}页", text)
            if not _needs_ocr(page, text):
                continue
            if not limits.ocr:
                if text:
                    continue  # its text layer was read; only the picture beside it is not
                raise Unreadable(OCR_OFF_PAGE, page=number)
            if not os.path.exists(path):
                with open(path, "wb") as file:
                    file.write(data)
            picture = ocr.render_page(path, number, _long_side(page), budget)
            budget.add(f"第{number}页（文字识别）", tidy(ocr.recognise(picture, budget, KIND, f"第{number}页")))
            used_ocr = True
    return budget.reading(len(pages), "pdf+ocr" if used_ocr else "pdf")


@contextmanager
def _as_unreadable() -> Iterator[None]:
    try:
        yield
    except Unreadable:
        raise
    except Exception as error:  # pypdf raises many kinds of error on damaged files
        raise Unreadable(DAMAGED, kind=KIND) from error


def _open(data: bytes, max_pages: int) -> PdfReader:
    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted and not reader.decrypt(""):
        raise Unreadable(PASSWORD, kind=KIND)
    count = len(reader.pages)
    if count > max_pages:
        raise Unreadable(TOO_MANY_PAGES, kind=KIND, count=count, limit=max_pages)
    if count == 0:
        raise Unreadable(NO_PAGES)
    return reader


def _needs_ocr(page: PageObject, text: str) -> bool:
    if not text:
        return _has_content(page)
    return len("".join(text.split())) < FEW_CHARACTERS and _has_picture(page)


def _has_content(page: PageObject) -> bool:
    """Anything drawn at all: a blank page has no content stream, or an empty one."""
    try:
        contents = page.get_contents()
        return contents is not None and bool(contents.get_data().strip())
    except Exception:  # an unreadable stream: let OCR look at the rendered page
        return True


def _has_picture(page: PageObject) -> bool:
    """A picture among the page's resources, or in a form it draws (one level down)."""
    try:
        return _pictures_in(page.get("/Resources"), depth=2)
    except Exception:
        return True


def _pictures_in(resources: object, depth: int) -> bool:
    if depth == 0 or resources is None:
        return False
    resources = resources.get_object()  # type: ignore[attr-defined]
    if not isinstance(resources, DictionaryObject):
        return False
    xobjects = resources.get("/XObject")
    if xobjects is None:
        return False
    for reference in xobjects.get_object().values():
        xobject = reference.get_object()
        if xobject.get("/Subtype") == "/Image":
            return True
        if xobject.get("/Subtype") == "/Form" and _pictures_in(xobject.get("/Resources"), depth - 1):
            return True
    return False


def _long_side(page: PageObject) -> float:
    try:
        box = page.mediabox
        return float(max(abs(box.width), abs(box.height)))
    except Exception:
        return 842.0  # A4

"""Every attachment's text, place by place: ``read(kind, data, limits)`` turns a file's bytes into
located text segments, or raises ``Unreadable`` with a reason the editor can act on. Plain
Python: no Django, no database; the background job stores what it returns.

``kind`` is a key of ``uploads.FORMATS``. What each format does, and where its text is:

- pdf: pypdf's text layer, one segment per page ("第2页"); a page without one is rendered by
  pdftoppm and read by Tesseract ("第2页（文字识别）"). ``reading.pdf``.
- docx: paragraphs ("第4段"), table cells ("表格1第2行第3列"), text boxes, headers and footers,
  footnotes, comments, and text deleted under track changes. ``reading.office``.
- xlsx: every cell of every sheet ("工作表“名单”单元格B3"), numbers as the digits people see.
- docx and xlsx: pictures pasted into them by OCR ("第1张图片（文字识别）", method "docx+ocr").
- csv: UTF-8 or GB18030, every cell ("单元格B3").
- ofd: the XML of GB/T 33190, page by page ("第2页"); pictures of a scanned page by OCR
  (method "ofd+ocr"). ``reading.ofd``.
- doc, xls, wps, et: converted by LibreOffice to docx/xlsx, then read as those (method
  "libreoffice→docx", "libreoffice→xlsx"). ``reading.legacy``.
- png, jpeg, gif, webp: Tesseract with its simplified-Chinese model ("图片（文字识别）"); a
  picture with no text gives a Reading without segments. ``reading.ocr``.

Nothing is skipped silently: a file is read whole, or it is Unreadable (damaged, password,
too many pages, too long, timed out, OCR off, a converter missing from the server). The one
deadline (``Limits.timeout_seconds``) covers the converters and OCR and is also checked between
pages and cells. What is not read is named in each module's docstring.
"""

from __future__ import annotations

from gongkai.publishing.reading import legacy, ocr, ofd, office, pdf
from gongkai.publishing.reading.core import (
    DAMAGED,
    OCR_OFF_IMAGE,
    TOO_MANY_PAGES,
    Budget,
    Limits,
    Reading,
    Segment,
    Unreadable,
    _,
    tidy,
)
from gongkai.publishing.uploads import FORMATS

__all__ = ["Limits", "Reading", "Segment", "Unreadable", "read"]

UNKNOWN_KIND = _("不支持读取此类文件（%(kind)s）")
PICTURES = frozenset({"png", "jpeg", "gif", "webp"})


def read(kind: str, data: bytes, limits: Limits = Limits()) -> Reading:  # noqa: B008 (frozen: safely shared)
    """The text of a file of ``kind``, by place; raises Unreadable."""
    budget = Budget(limits)
    label = FORMATS[kind].label if kind in FORMATS else kind
    try:
        if kind == "pdf":
            return pdf.read_pdf(data, limits, budget)
        if kind == "docx":
            return office.read_docx(data, limits, budget)
        if kind == "xlsx":
            return office.read_xlsx(data, limits, budget)
        if kind == "csv":
            return office.read_csv(data, limits, budget)
        if kind == "ofd":
            return ofd.read_ofd(data, limits, budget)
        if kind in legacy.LEGACY:
            return legacy.read_legacy(kind, data, limits, budget)
        if kind in PICTURES:
            return _read_picture(data, limits, budget, label)
    except Unreadable:
        raise
    except Exception as error:  # a reader's unexpected failure on strange bytes is still an answer
        raise Unreadable(DAMAGED, kind=label) from error
    raise Unreadable(UNKNOWN_KIND, kind=kind)


def _read_picture(data: bytes, limits: Limits, budget: Budget, label: str) -> Reading:
    """Each distinct frame (one, but for an animation) through OCR."""
    if not limits.ocr:
        raise Unreadable(OCR_OFF_IMAGE)
    frames = ocr.picture_frames(data)
    if len(frames) > limits.max_pages:
        raise Unreadable(TOO_MANY_PAGES, kind=label, count=len(frames), limit=limits.max_pages)
    for number, frame in enumerate(frames, start=1):
        where = "图片（文字识别）" if len(frames) == 1 else f"图片第{number}帧（文字识别）"
        budget.add(where, tidy(ocr.recognise(frame, budget, label, "图片")))
    return budget.reading(1, "ocr")

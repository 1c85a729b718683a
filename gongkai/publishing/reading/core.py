"""The reader's own types and the bookkeeping every format shares: the segments read so far, the
character limit and the one deadline per file. Plain Python: no Django."""

from __future__ import annotations

import time
import unicodedata
from dataclasses import dataclass


def _(message: str) -> str:
    """Marks a message for translation without importing Django (see uploads._)."""
    return message


class Unreadable(Exception):
    """The file cannot be read; ``message`` tells the editor why in Chinese, ``template`` and
    ``params`` keep it translatable (like ``uploads.UploadRejected``)."""

    def __init__(self, template: str, **params: object) -> None:
        self.template = template
        self.params = params
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return self.template % self.params


@dataclass(frozen=True)
class Segment:
    where: str  # a Chinese place label: "第2页", "工作表“名单”单元格B3", "第4段", "图片（文字识别）" …
    text: str


@dataclass(frozen=True)
class Reading:
    segments: tuple[Segment, ...]
    pages: int  # pages (PDF, OFD, Word), or sheets, or 1 for an image or a CSV file
    method: str  # "pdf", "pdf+ocr", "docx", "xlsx", "csv", "ofd", "ofd+ocr", "libreoffice→docx", … "ocr"

    @property
    def text(self) -> str:
        return "\n".join(segment.text for segment in self.segments)


@dataclass(frozen=True)
class Limits:
    max_pages: int = 300  # of a PDF or OFD file (each page may need OCR), or frames of a picture
    max_chars: int = 2_000_000
    timeout_seconds: int = 120  # per file, for converters and OCR together
    ocr: bool = True  # off: images and scanned pages are Unreadable("未开启文字识别") instead


DAMAGED = _("%(kind)s文件已损坏，无法读取其内容，请检查后重新保存上传")
PASSWORD = _("%(kind)s文件设有密码，请取消密码后再上传")
TOO_MANY_PAGES = _("%(kind)s文件页数过多（%(count)d页，上限%(limit)d页），请拆分后上传")
TOO_LONG = _("文件文字过多（超过%(limit)d字），请拆分后上传")
TIMED_OUT = _("读取文件超时（超过%(seconds)d秒），请拆分文件或另存为PDF后再上传")
NO_TOOL = _("服务器未安装%(tool)s，无法读取%(kind)s文件，请联系系统管理员")
OCR_OFF_IMAGE = _("未开启文字识别，无法读取图片中的文字")
OCR_OFF_PAGE = _("未开启文字识别，无法读取第%(page)d页（扫描页，没有文字层）")


class Budget:
    """What one file may still spend: seconds (for converters and OCR, checked between pages and
    cells too) and characters. Collects the segments."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.deadline = time.monotonic() + limits.timeout_seconds
        self.segments: list[Segment] = []
        self.chars = 0

    def remaining(self) -> float:
        """Seconds left for the next step; raises Unreadable when none are."""
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise self.timed_out()
        return left

    def timed_out(self) -> Unreadable:
        return Unreadable(TIMED_OUT, seconds=self.limits.timeout_seconds)

    def add(self, where: str, text: str) -> None:
        """Keep the text of one place, unless it is blank."""
        if not text:
            return
        self.chars += len(text)
        if self.chars > self.limits.max_chars:
            raise Unreadable(TOO_LONG, limit=self.limits.max_chars)
        self.segments.append(Segment(where, text))

    def reading(self, pages: int, method: str) -> Reading:
        return Reading(tuple(self.segments), pages, method)


def tidy(text: str, fold: bool = False) -> str:
    """One line per line, inner whitespace collapsed, no blank lines, no NUL or other control
    characters (PostgreSQL refuses NUL in text). ``fold`` applies NFKC: the Kangxi radicals and
    compatibility ideographs that Chinese PDF fonts often map to (⼈ U+2F08) become the
    characters people type; typed documents keep their full-width forms."""
    if fold:
        text = unicodedata.normalize("NFKC", text)
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)

"""OFD (GB/T 33190-2016, the national fixed-layout format): the text of each page, read from the
package's XML with lxml.

No pip library is used. The one with a following, easyofd, is written for rendering (OFD → PDF
and pictures) and pulls in PyMuPDF, reportlab, fontTools and loguru, has one maintainer, and says
of itself "本库尚不完善使用需要谨慎"; the younger OFD readers on PyPI are months old. Reading text
needs only the path the standard fixes, which is short:

    OFD.xml → DocBody/DocRoot → Document.xml → Pages/Page/@BaseLoc → each page's Content.xml
    → TextObject/TextCode (anywhere in its layers and page blocks)

plus the template pages a page names (Template/@TemplateID → CommonData/TemplatePage), and the
page's annotations (Annotations → Page/@PageID → FileLoc), where stamps and watermarks carry
text. Locations are absolute from the package root when they start with "/", else relative to
the file that names them (§7.2).

Producers write one TextCode per line, per word or per character, in no fixed order; the codes of
a page are therefore placed by their position (the TextObject's Boundary plus the code's X and Y,
in millimetres; a CTM rotation is ignored) and joined into lines top to bottom, left to right, so
that a number written one character at a time reads as one number. A page with no text but with
pictures (a scan made into OFD) has its pictures read by OCR ("第2页（文字识别）").

The XML parser resolves no entities and opens no network connection. Not read: files attached
inside the OFD (Attachments), custom tags, signatures.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass
from typing import Any

from lxml import etree

from gongkai.publishing.reading import ocr
from gongkai.publishing.reading.core import (
    DAMAGED,
    OCR_OFF_PAGE,
    TOO_MANY_PAGES,
    Budget,
    Limits,
    Reading,
    Unreadable,
    tidy,
)

KIND = "OFD"
MAX_PART = 64 << 20  # bytes of one part, inflated
DEFAULT_SIZE = 3.5  # millimetres: the font size of a TextObject that gives none (小五 ≈ 3.2, 五号 ≈ 3.7)


class _Damaged(Exception):
    """A part is missing or malformed: the file is damaged."""


@dataclass(frozen=True)
class _Code:
    x: float
    y: float
    end: float
    size: float
    text: str


def read_ofd(data: bytes, limits: Limits, budget: Budget) -> Reading:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            package = _Package(archive)
            documents = [package.document(root) for root in package.doc_roots()]
            count = sum(len(document.pages) for document in documents)
            if count > limits.max_pages:
                raise Unreadable(TOO_MANY_PAGES, kind=KIND, count=count, limit=limits.max_pages)
            if count == 0:
                raise _Damaged("no pages")
            used_ocr = False
            number = 0
            for document in documents:
                for page_id, location in document.pages:
                    number += 1
                    budget.remaining()
                    used_ocr |= _read_page(package, document, page_id, location, number, limits, budget)
    except Unreadable:
        raise
    except Exception as error:  # zipfile, lxml, a missing part, a number that is not one …
        raise Unreadable(DAMAGED, kind=KIND) from error
    return budget.reading(count, "ofd+ocr" if used_ocr else "ofd")


def _read_page(
    package: _Package, document: _Document, page_id: str, location: str, number: int, limits: Limits, budget: Budget
) -> bool:
    """Adds the page's text; returns whether OCR was used."""
    page = package.xml(location)
    codes: list[_Code] = []
    for template in page.iterfind("{*}Template"):
        template_location = document.templates.get(template.get("TemplateID", ""))
        if template_location:
            codes += _codes(package.xml(template_location))
    codes += _codes(page)
    for annotation_location in document.annotations.get(page_id, []):
        codes += _codes(package.xml(annotation_location))
    text = tidy(_lines(codes), fold=True)
    budget.add(f"第{number}页", text)
    if text:
        return False
    resource_files = [_resolve(location, res.text or "") for res in page.iterfind("{*}PageRes") if res.text]
    resource_files += document.resources
    pictures = [found for resource in _picture_ids(page) if (found := package.media(resource_files, resource))]
    if not pictures:
        return False  # a blank page, or one drawn only in lines and shapes
    if not limits.ocr:
        raise Unreadable(OCR_OFF_PAGE, page=number)
    recognised = [
        ocr.recognise(frame, budget, KIND, f"第{number}页")
        for picture in pictures
        for frame in ocr.picture_frames(picture)
    ]
    budget.add(f"第{number}页（文字识别）", tidy("\n".join(recognised)))
    return True


@dataclass
class _Document:
    location: str
    pages: list[tuple[str, str]]  # (page ID, location of its Content.xml)
    templates: dict[str, str]  # template ID → location
    annotations: dict[str, list[str]]  # page ID → locations of its annotation files
    resources: list[str]  # locations of DocumentRes and PublicRes files


class _Package:
    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        self.names = {name.lstrip("/"): name for name in archive.namelist()}
        self.folded = {name.lower(): original for name, original in self.names.items()}
        self._media: dict[str, dict[str, str]] = {}

    def read(self, location: str) -> bytes:
        name = self.names.get(location) or self.folded.get(location.lower())
        if name is None:
            raise _Damaged(f"missing part {location}")
        info = self.archive.getinfo(name)
        if info.file_size > MAX_PART:
            raise _Damaged(f"part too large: {location}")
        return self.archive.read(info)

    def xml(self, location: str) -> Any:
        """A part's XML: no entities resolved, no network; a parser per call, since lxml parsers
        are not to be shared between threads."""
        return etree.fromstring(self.read(location), etree.XMLParser(resolve_entities=False, no_network=True))

    def doc_roots(self) -> list[str]:
        entry = self.xml("OFD.xml")
        return [_resolve("OFD.xml", root.text or "") for root in entry.iterfind("{*}DocBody/{*}DocRoot")]

    def document(self, location: str) -> _Document:
        root = self.xml(location)
        pages = [
            (page.get("ID", ""), _resolve(location, page.get("BaseLoc", "")))
            for page in root.iterfind("{*}Pages/{*}Page")
        ]
        templates = {
            template.get("ID", ""): _resolve(location, template.get("BaseLoc", ""))
            for template in root.iterfind("{*}CommonData/{*}TemplatePage")
        }
        resources = [
            _resolve(location, element.text or "")
            for element in root.iterfind("{*}CommonData/*")
            if etree.QName(element).localname in ("PublicRes", "DocumentRes") and (element.text or "").strip()
        ]
        annotations: dict[str, list[str]] = {}
        index = root.find("{*}Annotations")
        if index is not None and (index.text or "").strip():
            index_location = _resolve(location, index.text or "")
            for page in self.xml(index_location).iterfind("{*}Page"):
                for file_location in page.iterfind("{*}FileLoc"):
                    annotations.setdefault(page.get("PageID", ""), []).append(
                        _resolve(index_location, file_location.text or "")
                    )
        return _Document(location, pages, templates, annotations, resources)

    def media(self, resource_files: list[str], resource_id: str) -> bytes | None:
        """The bytes of a picture named by its resource ID, or None if no resource file lists it."""
        for location in resource_files:
            if location not in self._media:
                self._media[location] = self._media_files(location)
            found = self._media[location].get(resource_id)
            if found:
                return self.read(found)
        return None

    def _media_files(self, location: str) -> dict[str, str]:
        """Resource ID → location, for the multimedia a resource file lists (relative to its BaseLoc)."""
        root = self.xml(location)
        base = _resolve(location, root.get("BaseLoc", "")) if root.get("BaseLoc") else posixpath.dirname(location)
        found = {}
        for medium in root.iter("{*}MultiMedia"):
            file = medium.find("{*}MediaFile")
            if file is not None and (file.text or "").strip():
                found[medium.get("ID", "")] = _join(base, file.text or "")
        return found


def _resolve(referrer: str, location: str) -> str:
    """A location named in ``referrer``: absolute from the root ("/Doc_0/…") or relative to it."""
    location = location.strip()
    if location.startswith("/"):
        return posixpath.normpath(location).lstrip("/")
    return _join(posixpath.dirname(referrer), location)


def _join(folder: str, location: str) -> str:
    location = location.strip()
    if location.startswith("/"):
        return posixpath.normpath(location).lstrip("/")
    joined = posixpath.normpath(posixpath.join(folder, location))
    if joined.startswith(".."):
        raise _Damaged(f"location outside the package: {location}")
    return joined.lstrip("/")


def _numbers(value: str | None) -> list[float]:
    return [float(part) for part in (value or "").split()]


def _codes(root: Any) -> list[_Code]:
    """Every TextCode under ``root`` with its place on the page."""
    codes = []
    for text_object in root.iter("{*}TextObject"):
        box = _numbers(text_object.get("Boundary")) or [0.0, 0.0]
        size = float(text_object.get("Size") or DEFAULT_SIZE)
        x = y = 0.0
        for code in text_object.iterfind("{*}TextCode"):
            text = code.text or ""
            x = float(code.get("X", x))
            y = float(code.get("Y", y))
            if not text:
                continue
            steps = _deltas(code.get("DeltaX"))
            width = sum(steps[: len(text) - 1]) if steps else size * (len(text) - 1)
            left = box[0] + x
            codes.append(_Code(left, box[1] + y, left + width + size, size, text))
    return codes


def _deltas(value: str | None) -> list[float]:
    """DeltaX, with its "g count step" runs expanded (GB/T 33190 §11.3)."""
    parts = (value or "").split()
    steps: list[float] = []
    index = 0
    while index < len(parts):
        if parts[index] == "g" and index + 2 < len(parts):
            steps += [float(parts[index + 2])] * min(int(parts[index + 1]), 10_000)
            index += 3
        else:
            steps.append(float(parts[index]))
            index += 1
    return steps


def _lines(codes: list[_Code]) -> str:
    """The codes as lines: those whose baselines lie within half a character of each other form
    a line, read left to right; a gap wider than most of a character becomes a space."""
    lines: list[list[_Code]] = []
    for code in sorted(codes, key=lambda c: (c.y, c.x)):
        if lines and abs(code.y - lines[-1][0].y) <= max(code.size, lines[-1][0].size) / 2:
            lines[-1].append(code)
        else:
            lines.append([code])
    out = []
    for line in lines:
        pieces: list[str] = []
        previous: _Code | None = None
        for code in sorted(line, key=lambda c: c.x):
            if previous is not None and code.x - previous.end > 0.8 * max(code.size, previous.size):
                pieces.append(" ")
            pieces.append(code.text)
            previous = code
        out.append("".join(pieces))
    return "\n".join(out)


def _picture_ids(page: Any) -> list[str]:
    return [image.get("ResourceID", "") for image in page.iter("{*}ImageObject") if image.get("ResourceID")]

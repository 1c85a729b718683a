"""Reading the law corpus (``../shared/corpus/laws.jsonl.gz`` format). Plain Python: no Django.

One JSON object per line, plain or gzip-compressed. Each record becomes a :class:`Record` with
the fields of a policy document: its issuer, category, subcategory and title give the organ,
level and region (places.py), its ``status`` the validity, its Markdown ``body`` simple HTML
(sanitised later by the caller). The books of a code (``中华人民共和国民法典·总则`` …) stay
records of their own; each learns its whole and its place in it (books.py).
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Any

from gongkai.policies import books, places
from gongkai.policies.docnumber import normalise_doc_number
from gongkai.policies.markdown import markdown_to_html

CASES = "案例"
# 尚未生效 stays "valid": the document is in force from its effective_on, which lies ahead.
VALIDITY = {"有效": "valid", "已修改": "amended", "已废止": "repealed", "尚未生效": "valid"}
# The title's last words name the genre (体裁); anything else is "other".
GENRE_ENDINGS = (("办法", "measures"), ("规定", "rules"), ("决定", "decision"), ("意见", "opinion"), ("通知", "notice"))
MAX_TITLE, MAX_NUMBER, MAX_ISSUER, MAX_CATEGORY, MAX_SOURCE_ID = 300, 100, 200, 50, 40


class CorpusError(Exception):
    """A line that is not a usable record; ``line`` is its number (from 1)."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.message = message


@dataclass(frozen=True)
class Record:
    source_id: str
    title: str
    body_html: str
    level: str
    category: str
    issuer: str
    doc_number: str
    doc_number_key: str
    written_on: dt.date | None
    effective_on: dt.date | None
    validity: str
    genre: str
    region: str = ""
    # A book of a code: the whole's title and the book's place in it (1 = 总则), else "" / None.
    part_of: str = ""
    part_number: int | None = None


def open_text(path: Path) -> IO[str]:
    """The file as text, gunzipped when it is gzip (by its magic bytes, whatever its name)."""
    with path.open("rb") as probe:
        gzipped = probe.read(2) == b"\x1f\x8b"
    if gzipped:
        return gzip.open(path, "rt", encoding="utf-8")
    return path.open(encoding="utf-8")


def _date(value: Any, line: int, name: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise CorpusError(line, f"{name}: not a YYYY-MM-DD date: {value!r}") from exc


def _text(raw: dict[str, Any], name: str, limit: int) -> str:
    return " ".join(str(raw.get(name) or "").split())[:limit]


def genre_of(title: str) -> str:
    return next((genre for ending, genre in GENRE_ENDINGS if title.endswith(ending)), "other")


def to_record(raw: dict[str, Any], line: int) -> Record:
    source_id, title = _text(raw, "id", MAX_SOURCE_ID), _text(raw, "title", MAX_TITLE)
    if not source_id or not title:
        raise CorpusError(line, "id and title are required")
    doc_number = _text(raw, "doc_number", MAX_NUMBER)
    category = _text(raw, "category", MAX_CATEGORY)
    place = places.place_of(category, _text(raw, "subcategory", MAX_CATEGORY), _text(raw, "issuer", MAX_ISSUER), title)
    return Record(
        source_id=source_id,
        title=title,
        body_html=markdown_to_html(str(raw.get("body") or "")),
        level=place.level,
        region=place.region,
        category=category,
        issuer=place.issuer[:MAX_ISSUER],
        doc_number=doc_number,
        doc_number_key=normalise_doc_number(doc_number)[:MAX_NUMBER],
        written_on=_date(raw.get("issued_on"), line, "issued_on"),
        effective_on=_date(raw.get("effective_on"), line, "effective_on"),
        validity=VALIDITY.get(str(raw.get("status") or ""), "valid"),
        genre=genre_of(title),
    )


def read_raw(handle: IO[str]) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, parsed object) of each non-empty line."""
    for number, text in enumerate(handle, start=1):
        if not text.strip():
            continue
        try:
            raw = json.loads(text)
        except json.JSONDecodeError as exc:
            raise CorpusError(number, f"not JSON: {exc.msg}") from exc
        if not isinstance(raw, dict):
            raise CorpusError(number, "not a JSON object")
        yield number, raw


def is_case(raw: dict[str, Any]) -> bool:
    return raw.get("category") == CASES


class Books:
    """The books of codes met while reading, kept until the end of the file (a book's place is
    known only once all its whole's books are read) and then given their numbers."""

    def __init__(self) -> None:
        self._books: dict[str, list[tuple[Record, int]]] = {}

    def take(self, raw: dict[str, Any], record_: Record) -> bool:
        """Keep ``record_`` if it is a book of a code (its title ``whole·part``)."""
        whole = books.whole_title(record_.title)
        if whole is None:
            return False
        self._books.setdefault(whole, []).append((record_, books.first_article(str(raw.get("body") or ""))))
        return True

    def numbered(self) -> Iterator[tuple[Record, int]]:
        """(each book with its whole and number, how many books its whole has); a code with
        one book alone stays a document of its own."""
        for whole, found in self._books.items():
            if len(found) == 1:
                yield found[0][0], 1
                continue
            numbers = books.numbered([article for _record, article in found])
            for (record_, _article), number in zip(found, numbers, strict=True):
                yield replace(record_, part_of=whole, part_number=number), len(found)

"""A code split into books is one document with its parts. Plain Python: no Django.

The corpus stores the Civil Code as eight files titled ``中华人民共和国民法典·总则``,
``…·物权编`` … (issue 17, point 4). The import makes them one document titled
``中华人民共和国民法典`` whose body is the books in the order of their articles, each under a
heading with an anchor (``#part-1`` …) and a table of contents at the top, so a hit in any book
leads into the whole Code.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any

from gongkai.policies.markdown import markdown_to_html

PART_MARK = "·"
INFO_END = "<!-- INFO END -->"
MAX_SOURCE_ID = 40
_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_FIRST_ARTICLE = re.compile(r"第([零〇一二两三四五六七八九十百千]+)条")


@dataclass(frozen=True)
class Part:
    """One book of a code: its heading (总则, 物权编 …), its text as HTML (headings one level
    down), where its articles start, and the corpus id of its file."""

    heading: str
    html: str
    first_article: int
    source_id: str


def whole_title(title: str) -> str | None:
    """``中华人民共和国民法典`` for ``中华人民共和国民法典·总则``; None for a title of a whole."""
    whole, mark, part = title.partition(PART_MARK)
    return whole if mark and whole and part else None


def chinese_number(text: str) -> int:
    """一千二百五十九 → 1259 (the article numbers of Chinese law)."""
    total, digit = 0, 0
    for char in text:
        if char in _DIGITS:
            digit = _DIGITS[char]
        else:
            total += (digit or 1) * _UNITS[char]
            digit = 0
    return total + digit


def first_article(body: str) -> int:
    match = _FIRST_ARTICLE.search(body)
    return chinese_number(match.group(1)) if match else 10**9


def part_of(source_id: str, title: str, body: str) -> Part:
    """A book from its corpus record: the text after the dated history lines, headings shifted."""
    _, _, text = body.partition(INFO_END)
    heading = title.partition(PART_MARK)[2]
    return Part(heading, markdown_to_html(text or body, drop_title=False, shift=1), first_article(text), source_id)


def header_html(body: str) -> str:
    """The dated history lines of a book (the same in every book of a code), without its titles."""
    head = body.partition(INFO_END)[0]
    lines = [line for line in head.splitlines() if line.strip() and not line.startswith("#")]
    return markdown_to_html("\n".join(lines), drop_title=False)


def merged_id(whole: str) -> str:
    """A stable source id for the whole, from its title (the books keep their own ids apart)."""
    return ("code-" + hashlib.sha256(whole.encode("utf-8")).hexdigest()[:12])[:MAX_SOURCE_ID]


def compose(header: str, parts: Iterable[Part], clean: Callable[[str], str]) -> str:
    """The body of the whole: the history lines, a table of contents and each book under an
    ``<h2 id="part-N">``. Each book's text goes through ``clean`` (the sanitiser, which drops
    ids); the headings and the contents are written here, from escaped text."""
    ordered = list(parts)
    toc = "".join(
        f'<li><a href="#part-{n}">{html.escape(part.heading)}</a></li>' for n, part in enumerate(ordered, start=1)
    )
    sections = "".join(
        f'<h2 id="part-{n}">{html.escape(part.heading)}</h2>{clean(part.html)}'
        for n, part in enumerate(ordered, start=1)
    )
    return f'{clean(header)}<nav class="parts" aria-label="目录"><ol>{toc}</ol></nav>{sections}'


def most_common(values: Iterable[Any]) -> Any:
    found = [value for value in values if value]
    return Counter(found).most_common(1)[0][0] if found else None


def merge(whole: str, records: list[Any], parts: list[Part], header: str) -> Any:
    """One record for the whole code from the records of its books (a corpus.Record each):
    the books in the order of their first article, dates and organ the books agree on."""
    order = sorted(range(len(parts)), key=lambda i: parts[i].first_article)
    first = records[order[0]]
    validities = {record.validity for record in records}
    return replace(
        first,
        source_id=merged_id(whole),
        title=whole,
        body_html=header,
        issuer=most_common(r.issuer for r in records) or "",
        written_on=most_common(r.written_on for r in records),
        effective_on=most_common(r.effective_on for r in records),
        validity=validities.pop() if len(validities) == 1 else "valid",
        parts=tuple(parts[i] for i in order),
    )

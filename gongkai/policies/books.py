"""A code published in parts (issue 17, point 4). Plain Python: no Django.

The corpus stores the Civil Code as eight files titled ``中华人民共和国民法典·总则``,
``…·物权编`` …. Each book stays its own document with its own corpus id (API.md, Search); the
import records the whole it belongs to (``PolicyDocument.part_of``: ``中华人民共和国民法典``) and
its place in it (``part_number``: 1 for 总则), read from where its articles start. Search shows
the parts of one whole as one result and the portal has a page of the whole (codes.py).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

PART_MARK = "·"
INFO_END = "<!-- INFO END -->"
_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_FIRST_ARTICLE = re.compile(r"第([零〇一二两三四五六七八九十百千]+)条")
NO_ARTICLE = 10**9


def whole_title(title: str) -> str | None:
    """``中华人民共和国民法典`` for ``中华人民共和国民法典·总则``; None for a title of a whole."""
    whole, mark, part = title.partition(PART_MARK)
    return whole if mark and whole and part else None


def part_heading(title: str) -> str:
    """``总则`` for ``中华人民共和国民法典·总则``; the title itself for a whole."""
    return title.partition(PART_MARK)[2] or title


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
    """The number of the first article of a book's text (after its dated history lines, which
    may cite articles of other laws); NO_ARTICLE when it has none."""
    _, marked, text = body.partition(INFO_END)
    match = _FIRST_ARTICLE.search(text if marked else body)
    return chinese_number(match.group(1)) if match else NO_ARTICLE


def numbered(first_articles: Sequence[int]) -> list[int]:
    """The part number (from 1) of each book, in the order of their first articles (ties keep
    the order they were read in)."""
    order = sorted(range(len(first_articles)), key=lambda i: first_articles[i])
    numbers = [0] * len(first_articles)
    for number, index in enumerate(order, start=1):
        numbers[index] = number
    return numbers

"""The word scan: published texts against the office's dictionaries. Plain Python, no ORM.

One compiled alternation per dictionary kind (longest words first, so "国务院总埋" wins over a
shorter entry inside it) scans a text in one pass; a few thousand items take well under a second.
Wrong words (错误用词, e.g. a leader's title mis-written) and sensitive words are scanned
separately, so a sensitive word is found even inside a wrong one.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from gongkai.supervision.inspection import rules

WRONG = "wrong"
SENSITIVE = "sensitive"


@dataclass(frozen=True)
class Word:
    kind: str
    word: str
    correct: str = ""
    veto: bool = False


@dataclass(frozen=True)
class Text:
    """A published text: the public revision's title and body of one item."""

    title: str
    body_html: str
    url: str
    unit_id: int | None = None


class Dictionary:
    def __init__(self, words: Iterable[Word]) -> None:
        self.words: dict[tuple[str, str], Word] = {(w.kind, w.word): w for w in words if w.word.strip()}
        self.patterns: dict[str, re.Pattern[str]] = {}
        for kind in (WRONG, SENSITIVE):
            found = sorted({w for k, w in self.words if k == kind}, key=lambda w: (-len(w), w))
            if found:
                self.patterns[kind] = re.compile("|".join(re.escape(w) for w in found))

    def find(self, text: str) -> list[Word]:
        """The entries occurring in ``text``, each once, in order of first occurrence."""
        seen: dict[tuple[str, str], Word] = {}
        for kind, pattern in self.patterns.items():
            for match in pattern.finditer(text):
                key = (kind, match.group(0))
                if key not in seen:
                    seen[key] = self.words[key]
        return list(seen.values())


def plain_text(body_html: str) -> str:
    return html.unescape(strip_tags(body_html))


def _hit(word: Word, text: Text, points: int) -> rules.Hit:
    if word.kind == WRONG:
        detail = _("“%(title)s”中出现错误用词“%(word)s”，应为“%(correct)s”。") % {
            "title": text.title,
            "word": word.word,
            "correct": word.correct or _("（未登记正确写法）"),
        }
        rule = rules.WRONG_WORD
    else:
        detail = _("“%(title)s”中出现敏感词或禁用词“%(word)s”。") % {"title": text.title, "word": word.word}
        rule = rules.SENSITIVE_WORD
    return rules.Hit(
        rule, detail, veto=word.veto, points=0 if word.veto else points, url=text.url, target=word.word,
        unit_id=text.unit_id,
    )  # fmt: skip


def scan(texts: Iterable[Text], dictionary: Dictionary, points: int = 1) -> list[rules.Hit]:
    """One finding per item and word: the item's URL, the word, and for a wrong word the correct form."""
    if not dictionary.patterns:
        return []
    hits = []
    for text in texts:
        for word in dictionary.find(text.title + "\n" + plain_text(text.body_html)):
            hits.append(_hit(word, text, points))
    return hits

"""Chinese text for search: segmentation (rjieba), 文号 keys, query normalisation. Plain Python.

Measured (STACK.md §3): rjieba segments ~25 MB/s with the same output as jieba (1.1 MB/s).
Unsegmented Chinese is what makes stock full-text search useless here (recall@10 0.07 in the
issue's measurement), so every backend indexes and queries segmented tokens.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from pathlib import Path

import rjieba

TERMS_FILE = Path(__file__).with_name("data") / "terms.txt"
# Words that carry no meaning for retrieval; everything else, including single Han characters
# that are words on their own (e.g. 税), is kept.
STOPWORDS = frozenset(
    [
        "的",
        "了",
        "和",
        "与",
        "及",
        "或",
        "等",
        "在",
        "对",
        "为",
        "是",
        "之",
        "其",
        "于",
        "以",
        "将",
        "由",
        "按",
        "并",
        "关于",
        "有关",
        "进一步",
        "做好",
        "加强",
        "工作",
        "通知",
    ]
)
_WORD = re.compile(r"\w", re.UNICODE)
# After NFKC, full-width （）［］ are ASCII already; the rest are CJK brackets NFKC keeps.
_OPENING = "([{〔【〖〘［（﹝⦅"
_CLOSING = ")]}〕】〗〙］）﹞⦆"
BRACKETS = str.maketrans({**dict.fromkeys(_OPENING, "〔"), **dict.fromkeys(_CLOSING, "〕")})
# 机关代字〔年份〕序号号 (康政办发〔2026〕12号), and orders like 国务院令第711号 / …公告第13号.
DOC_NUMBER = re.compile(r"[\u4e00-\u9fffA-Za-z、]{1,30}(?:〔\d{4}〕\d{1,5}号|(?:令|公告)第\d{1,5}号)")


@functools.cache
def _load_terms() -> None:
    """Government terms the general dictionary splits wrongly (e.g. 政府信息公开 as one word)."""
    if TERMS_FILE.exists():
        for line in TERMS_FILE.read_text(encoding="utf-8").splitlines():
            word = line.strip()
            if word and not word.startswith("#"):
                rjieba.add_word(word, None, None)


def normalise(text: str) -> str:
    """NFKC (full-width digits and letters to ASCII), lower case, collapsed spaces."""
    return " ".join(unicodedata.normalize("NFKC", text).lower().split())


def _keep(token: str) -> bool:
    return bool(_WORD.search(token)) and token not in STOPWORDS


def index_tokens(text: str) -> list[str]:
    """Tokens for the BM25 fields: search-mode segmentation (with HMM for unknown words such as
    place names) plus every dictionary word of two or more characters inside the text (full
    mode), so that 政府信息公开 matches 中华人民共和国政府信息公开条例, whose precise cut is one
    long word."""
    _load_terms()
    text = normalise(text)
    tokens = [t for t in rjieba.cut_for_search(text) if _keep(t.strip())]
    return tokens + [t for t in rjieba.cut_all(text) if len(t) > 1 and _keep(t)]


def query_tokens(text: str) -> list[str]:
    """Tokens of a query: search-mode segmentation only (full mode would add every accidental
    word across word boundaries, e.g. 国政 in 共和国政府)."""
    _load_terms()
    return [t for t in rjieba.cut_for_search(normalise(text)) if _keep(t.strip())]


def phrase_tokens(text: str) -> list[str]:
    """Tokens for the phrase fields: precise segmentation, in order, for adjacency."""
    _load_terms()
    return [t for t in rjieba.cut(normalise(text)) if t.strip() and _WORD.search(t)]


def doc_number_key(text: str) -> str:
    """The comparable form of a 文号: brackets of every style become 〔〕, full-width digits
    ASCII, spaces dropped, a leading 中华人民共和国 dropped (国务院令第711号 stays as is)."""
    key = unicodedata.normalize("NFKC", text).translate(BRACKETS)
    key = "".join(key.split())
    while key.startswith("中华人民共和国"):
        key = key.removeprefix("中华人民共和国")
    return key


def doc_numbers_in(query: str) -> list[str]:
    """Keys of the 文号 a query may contain (康政办发[2026]12号, 国发（2016）80号 …).

    The characters before the bracket are the issuing organ's code, but a query may run words
    into it (根据国办发〔2017〕47号): every suffix of two or more characters is a candidate, and
    only those that exist in the index match.
    """
    text = unicodedata.normalize("NFKC", query).translate(BRACKETS)
    text = re.sub(r"\s*([〔〕])\s*", r"\1", text)
    keys: list[str] = []
    for match in DOC_NUMBER.finditer(text):
        found = match.group(0)
        prefix_len = min(i for i in (found.find("〔"), found.find("令第"), found.find("公告第")) if i >= 0)
        keys += [found[start:] for start in range(0, max(prefix_len - 1, 1))]
    return list(dict.fromkeys(keys))


def bigrams(text: str) -> list[str]:
    """Overlapping character pairs of the letters, digits and Han characters of ``text``: a phrase
    query over them matches an exact substring, whatever the segmenter made of its edges."""
    chars = [c for c in normalise(text) if c.isalnum()]
    return [a + b for a, b in itertools.pairwise(chars)]

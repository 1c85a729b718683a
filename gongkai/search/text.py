"""Chinese text for search: segmentation (rjieba), 文号 keys, query normalisation. Plain Python.

Measured (STACK.md §3): rjieba segments ~25 MB/s with the same output as jieba (1.1 MB/s).
Unsegmented Chinese is what makes stock full-text search useless here (recall@10 0.07 in the
issue's measurement), so every backend indexes and queries segmented tokens.

Indexing a document segments it once (``analyse``): the precise cut gives the phrase tokens, and
the words inside each long precise word (looked up once per distinct word) give the extra
BM25 tokens. Segmenting the same text three times (search mode, full mode, precise) cost three
quarters of the index build (docs/benchmarks.md).
"""

from __future__ import annotations

import functools
import logging
import os
import re
import unicodedata
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import rjieba

from gongkai.search import workers

log = logging.getLogger("gongkai.search")

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
# 机关代字〔年份〕序号号 (康政办发〔2026〕12号), and orders like 国务院令第711号 / …公告第13号, whose
# number older ones write in Chinese numerals (主席令第七十三号).
DOC_NUMBER = re.compile(
    r"[\u4e00-\u9fffA-Za-z、]{1,30}(?:〔\d{4}〕\d{1,5}号|(?:令|公告)第(?:\d{1,5}|[零〇一二三四五六七八九十百千]{1,8})号)"
)


@functools.cache
def _load_terms() -> None:
    """Government terms the general dictionary splits wrongly (e.g. 政府信息公开 as one word)."""
    if TERMS_FILE.exists():
        for line in TERMS_FILE.read_text(encoding="utf-8").splitlines():
            word = line.strip()
            if word and not word.startswith("#"):
                rjieba.add_word(word, None, None)


# The characters of Chinese text NFKC changes most often (a corpus body has one in 25): replaced
# by their NFKC forms first, so that most texts pass NFKC's quick check and skip the full pass.
_FREQUENT_COMPATIBILITY = [("，", ","), ("；", ";"), ("（", "("), ("）", ")"), ("：", ":"), ("\u3000", " ")]
_NOT_ALNUM = re.compile(r"[\W_]+")  # exactly the characters str.isalnum() rejects


def _nfkc(text: str) -> str:
    """unicodedata.normalize("NFKC", text), about four times faster on Chinese text."""
    for compatibility, plain in _FREQUENT_COMPATIBILITY:
        text = text.replace(compatibility, plain)
    if unicodedata.is_normalized("NFKC", text):
        return text
    # NFKC never combines across a line break: only the lines that need it are normalised.
    lines = text.split("\n")
    return "\n".join(
        line if unicodedata.is_normalized("NFKC", line) else unicodedata.normalize("NFKC", line) for line in lines
    )


def normalise(text: str) -> str:
    """NFKC (full-width digits and letters to ASCII), lower case, collapsed spaces."""
    return " ".join(_nfkc(text).lower().split())


def _keep(token: str) -> bool:
    return bool(_WORD.search(token)) and token not in STOPWORDS


# On the precise cut joined by spaces (with a space at both ends): a token without a letter or
# digit (punctuation), and a stop word. Regular expressions over the joined text instead of a
# Python loop over the tokens: a corpus body has thousands.
_PUNCTUATION_TOKEN = re.compile(r" [^\w\s]+(?= )")
_STOPWORD_TOKEN = re.compile(r" (?:" + "|".join(sorted(map(re.escape, STOPWORDS), key=len, reverse=True)) + r")(?= )")
_LONG_TOKEN = re.compile(r" (\S{3,})(?= )")


@functools.lru_cache(maxsize=1 << 18)
def _inner_words(word: str) -> str:
    """The dictionary words of two or more characters inside a precise word, itself excluded
    (政府信息公开条例 → 政府 信息 公开 条例 政府信息公开 …): full mode on the word alone, once per
    distinct word. A superset of what search mode adds (its two- and three-character words)."""
    inner = (t for t in dict.fromkeys(rjieba.cut_all(word)) if 1 < len(t) < len(word) and _keep(t))
    return "".join(f"{t} " for t in inner)


def pairs(compact: str, step: int = 1) -> str:
    """Character pairs starting every ``step`` characters: "abcde" → "ab bc cd de" (step 1) or
    "ab cd" (step 2). The characters are interleaved in UTF-32 by slice assignment: a Python
    loop over a body's characters cost a quarter of the index build."""
    count = (len(compact) - 1 + step - 1) // step if len(compact) > 1 else 0
    if not count:
        return ""
    chars = array("I")
    chars.frombytes(compact.encode("utf-32-le"))
    out = array("I", [ord(" ")]) * (3 * count)
    out[0::3] = chars[0 : count * step : step]
    out[1::3] = chars[1 : count * step + 1 : step]
    return out.tobytes().decode("utf-32-le")


@dataclass(frozen=True)
class Analysis:
    """One text, normalised and segmented once; every field is space-separated tokens."""

    phrase: str  # the precise words in order, punctuation dropped (= phrase_tokens)
    inner: str  # the words inside the precise words of three or more characters
    compact: str  # letters, digits and Han characters only

    @property
    def words(self) -> str:
        """BM25 tokens: the precise words without stop words, and the words inside them."""
        return _STOPWORD_TOKEN.sub("", self.phrase) + self.inner

    @property
    def bigrams(self) -> str:
        """Overlapping character pairs of ``compact`` (= bigrams)."""
        return pairs(self.compact)


def _precise(normalised: str) -> str:
    return _PUNCTUATION_TOKEN.sub("", " " + " ".join(rjieba.cut(normalised)) + " ")


def analyse(text: str) -> Analysis:
    """Everything the index needs from ``text``, from one normalisation and one precise cut."""
    _load_terms()
    text = normalise(text)
    phrase = _precise(text)
    inner = "".join(_inner_words(w) for w in _LONG_TOKEN.findall(phrase))
    return Analysis(phrase=phrase, inner=inner, compact=_NOT_ALNUM.sub("", text))


# Segmenting is the bulk of indexing (one process: ~12 s for the corpus' 56 MB), so large
# batches are analysed by worker processes, one per core (gongkai.search.workers). Below this
# many texts a worker's start (~0.3 s, once per process) is not worth it; single items
# (publication, the request path) never use one.
PARALLEL_FROM = 200
MAX_WORKERS = 4


def _workers() -> int:
    return min(os.cpu_count() or 1, MAX_WORKERS)


def analyse_many(texts: Sequence[str], parallel: bool = True) -> Iterator[Analysis]:
    """``analyse`` of each text, in order; in worker processes when the batch is large."""
    done = 0
    if parallel and len(texts) >= PARALLEL_FROM and _workers() > 1:
        chunk = max(1, min(64, len(texts) // (_workers() * 4)))
        try:
            for analysis in workers.pool(_workers()).map(texts, chunk):
                yield analysis
                done += 1
        except workers.WorkerFailed as exc:
            log.warning("search analysis workers failed, analysing here: %s", exc)
    yield from map(analyse, texts[done:])


def index_tokens(text: str) -> list[str]:
    """Tokens for the BM25 fields: the precise cut (with HMM for unknown words such as place
    names) plus every dictionary word of two or more characters inside a precise word, so that
    政府信息公开 matches 中华人民共和国政府信息公开条例, whose precise cut is one long word."""
    return analyse(text).words.split()


def query_tokens(text: str) -> list[str]:
    """Tokens of a query: search-mode segmentation only (full mode would add every accidental
    word across word boundaries, e.g. 国政 in 共和国政府)."""
    _load_terms()
    return [t for t in rjieba.cut_for_search(normalise(text)) if _keep(t.strip())]


def phrase_tokens(text: str) -> list[str]:
    """Tokens for the phrase fields: precise segmentation, in order, for adjacency."""
    _load_terms()
    return _precise(normalise(text)).split()


# A 文号 typed loosely (issue 17, point 5): 康民发2026 12号, 康民发（2026）12号, 康民发〔2026〕第12号,
# 康民发〔2026〕012号 and 康民发2026年12号 all mean 康民发〔2026〕12号 — after an organ's code, a year
# with or without brackets (and 年), then the serial number with or without 第 and leading zeros.
_LOOSE_YEAR_NUMBER = re.compile(
    r"(?<=[\u4e00-\u9fffA-Za-z、])\s*〔?\s*((?:19|20)\d{2})\s*(?:年\s*)?〕?\s*第?\s*0*(\d{1,5})\s*号"
)
# 国务院令711号, 国务院令 第 711 号 → 国务院令第711号.
_LOOSE_ORDER = re.compile(r"(令|公告)\s*第?\s*0*(\d{1,5}|[零〇一二三四五六七八九十百千]{1,8})\s*号")


def _canonical_numbers(text: str) -> str:
    """``text`` (NFKC, brackets as 〔〕) with every loosely written 文号 in its canonical form."""
    return _LOOSE_ORDER.sub(r"\1第\2号", _LOOSE_YEAR_NUMBER.sub(r"〔\1〕\2号", text))


def doc_number_key(text: str) -> str:
    """The comparable form of a 文号: brackets of every style become 〔〕, full-width digits
    ASCII, spaces dropped, 第 and leading zeros of the serial dropped (〔2026〕第012号 →
    〔2026〕12号), a leading 中华人民共和国 dropped (国务院令第711号 stays as is)."""
    key = unicodedata.normalize("NFKC", text).translate(BRACKETS)
    key = _canonical_numbers("".join(key.split()))
    while key.startswith("中华人民共和国"):
        key = key.removeprefix("中华人民共和国")
    return key


def doc_numbers_in(query: str) -> list[str]:
    """Keys of the 文号 a query may contain (康政办发[2026]12号, 国发（2016）80号, 康民发2026 12号 …).

    The characters before the bracket are the issuing organ's code, but a query may run words
    into it (根据国办发〔2017〕47号): every suffix of two or more characters is a candidate, and
    only those that exist in the index match.
    """
    text = _canonical_numbers(unicodedata.normalize("NFKC", query).translate(BRACKETS))
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
    return pairs(_NOT_ALNUM.sub("", normalise(text))).split()

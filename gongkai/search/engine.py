"""The one search interface. Callers (the public search page, the API) use ``search()`` and never
know which backend runs; every backend passes the same contract tests.

Ranking combines three channels, because no single engine reaches the recall the issue asks for:
1. an exact 文号 match (any bracket style, full-width digits) comes first;
2. BM25 over segmented title (weighted) and body, with the query's precise-cut phrase and the
   full names of known short names (个保法 → 个人信息保护法) boosted as phrases;
3. a document whose title contains the typed query itself is lifted above the rest.

An item's public files (attachments) are searched too, as a field of its own weighted below
title and body: a match in a title ranks above one found only in a file (present.py says where
a result was found, and shows the file).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from gongkai.search.backends import get_backend
from gongkai.search.backends.base import Hit, Query
from gongkai.search.documents import Filters
from gongkai.search.models import SearchAlias
from gongkai.search.text import bigrams, doc_numbers_in, normalise, phrase_tokens, query_tokens

MIN_SUBSTRING_BIGRAMS = 4  # five characters or more: shorter strings occur almost everywhere
MAX_RESULTS = 1000  # deeper than anyone pages; bounds the work for very common words
EXACT_BONUS = 1_000_000.0
TITLE_CONTAINS_BONUS = 1_000.0
EXACT_TITLE_BONUS = 2_000.0


@dataclass
class Results:
    total: int
    took_ms: float
    hits: list[Hit] = field(default_factory=list)
    full_names: list[str] = field(default_factory=list)  # of the short names in the query


def expansions(query: str) -> list[str]:
    """Full names for the short names that occur in the query."""
    text = normalise(query)
    return [full for alias, full in SearchAlias.objects.values_list("alias", "full_name") if alias.lower() in text]


def core_phrase(tokens: list[str]) -> list[str]:
    """A typed span is cut at arbitrary characters, so its first and last words are often split
    differently than in the document; the inner words keep their segmentation."""
    return tokens[1:-1] if len(tokens) >= 4 else tokens


def prepare(query: str, full_names: list[str] | None = None) -> Query:
    full_names = expansions(query) if full_names is None else full_names
    terms = query_tokens(query) + [t for name in full_names for t in query_tokens(name)]
    compact = bigrams(query)
    return Query(
        substring=compact if len(compact) >= MIN_SUBSTRING_BIGRAMS else [],
        terms=terms,
        phrase=core_phrase(phrase_tokens(query)),
        alias_phrases=[phrase_tokens(n) for n in full_names],
    )


def _lift(title: str, names: list[str], exact_titles: set[str]) -> float:
    """A title that is exactly what was asked for (or the full name of a short name) wins; one
    that contains the typed text, or the full name a short name in it stands for (低保 →
    最低生活保障), comes next."""
    plain = "".join(normalise(title).split())
    if plain in exact_titles:
        return EXACT_TITLE_BONUS
    return TITLE_CONTAINS_BONUS if any(name and name in plain for name in names) else 0.0


def _rerank(hits: list[Hit], query: str, full_names: list[str]) -> list[Hit]:
    compact = "".join(normalise(query).split())
    names = [compact, *("".join(normalise(n).split()) for n in full_names)]
    exact_titles = {t for n in names for t in (n, "中华人民共和国" + n)}
    lifted = [Hit(h.id, h.score + _lift(h.title, names, exact_titles), h.title) for h in hits]
    return sorted(lifted, key=lambda h: (-h.score, h.id))


def search(query: str, filters: Filters | None = None, offset: int = 0, limit: int = 10) -> Results:
    """Best-first hits for ``query`` (public documents only: only they are ever indexed)."""
    started = time.perf_counter()
    filters = filters or Filters()
    if not normalise(query):
        return Results(total=0, took_ms=0.0)
    backend = get_backend()
    exact = [Hit(h.id, h.score + EXACT_BONUS, h.title) for h in backend.by_doc_number(doc_numbers_in(query), filters)]
    wanted = min(MAX_RESULTS, offset + limit)
    full_names = expansions(query)
    hits, total = backend.search(prepare(query, full_names), filters, limit=max(wanted, 100))
    merged: dict[int, Hit] = {h.id: h for h in _rerank(hits, query, full_names)}
    for hit in exact:
        merged[hit.id] = hit
    ranked = sorted(merged.values(), key=lambda h: (-h.score, h.id))
    total = max(total, len(ranked))
    took = (time.perf_counter() - started) * 1000
    return Results(total=total, took_ms=took, hits=ranked[offset : offset + limit], full_names=full_names)

"""The one search interface. Callers (the public search page, the API) use ``search()`` and never
know which backend runs; every backend passes the same contract tests.

Ranking combines three channels, because no single engine reaches the recall the issue asks for:
1. an exact 文号 match (any bracket style, full-width digits) comes first;
2. BM25 over segmented title (weighted) and body, with the query's precise-cut phrase and the
   full names of known short names (个保法 → 个人信息保护法) boosted as phrases;
3. a document whose name (its title without 中华人民共和国, a book after a middle dot or a version
   note) is the query or the full name of a short name in it comes next (民法典 → the Civil
   Code); then one whose title contains the typed query itself; then the rest.

Within each of these tiers the district's own currently valid documents come first (issue 17,
point 4: for 低保, the district's own 办法 before another city's regulation), then carried
valid ones, then those amended or repealed; BM25 orders the rest.

An item's public files (attachments) are searched too, as a field of its own weighted below
title and body: a match in a title ranks above one found only in a file (present.py says where
a result was found, and shows the file).

The parts of a code published in parts (中华人民共和国民法典·总则, ·物权编 …: one whole before the
middle dot) are one result, at the place of the best-ranked part (API.md, Search); present.py
turns it into the whole (its first part's id and source id, the other parts, the whole's page).
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field, replace

from gongkai.search.backends import get_backend
from gongkai.search.backends.base import Hit, Query
from gongkai.search.documents import Filters
from gongkai.search.models import SearchAlias
from gongkai.search.text import bigrams, doc_numbers_in, normalise, phrase_tokens, query_tokens
from gongkai.sites import public as sites_public
from gongkai.sites.models import Site

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


# Relevance tiers (issue 17, point 4): the tier decides first; within a lifted tier the district's
# own currently valid documents come before carried ones, and valid ones before amended or
# repealed ones; then BM25. In the unlifted tier BM25 decides and the preference breaks ties.
EXACT_NUMBER, EXACT_NAME, TITLE_CONTAINS, UNLIFTED = 3, 2, 1, 0
CURRENT = {"valid", ""}  # "": a record without a validity counts as current
# A book or part of a code after a middle dot (中华人民共和国民法典·总则), and a trailing version
# note with a year (中华人民共和国民事诉讼法（2023年修正）): not part of the document's name.
_PART = re.compile(r"[·・•].*$")
_VERSION = re.compile(r"\([^()]*\d{4}年[^()]*\)$")
_NOT_NAME = re.compile(r"[\W_]+")
STATE_PREFIX = "中华人民共和国"


def common_name(text: str) -> str:
    """The name people use for a document (or that a query gives): its title without 中华人民共和国,
    without a book after a middle dot, without a version note, without punctuation (《民法典》 →
    民法典, 中华人民共和国民法典·总则 → 民法典)."""
    plain = "".join(normalise(text).split())
    plain = _PART.sub("", plain) or plain
    plain = _VERSION.sub("", plain)
    return _NOT_NAME.sub("", plain).removeprefix(STATE_PREFIX)


def _tier(title: str, names: list[str], exact_names: set[str]) -> int:
    """A title whose name is what was asked for (or the full name of a short name in it) is the
    document itself; one that contains the typed text, or the full name a short name in it
    stands for (低保 → 最低生活保障), comes next."""
    if common_name(title) in exact_names:
        return EXACT_NAME
    plain = "".join(normalise(title).split())
    return TITLE_CONTAINS if any(name and name in plain for name in names) else UNLIFTED


BONUS = {EXACT_NUMBER: EXACT_BONUS, EXACT_NAME: EXACT_TITLE_BONUS, TITLE_CONTAINS: TITLE_CONTAINS_BONUS}


def preference(hit: Hit) -> int:
    """0: the district's own, currently valid; 1: carried, currently valid; 2: no longer valid."""
    if hit.validity not in CURRENT:
        return 2
    return 1 if hit.carried else 0


def _order(tiered: list[tuple[int, Hit]]) -> list[Hit]:
    def key(pair: tuple[int, Hit]) -> tuple[int, int, float, int, int]:
        tier, hit = pair
        first = preference(hit) if tier != UNLIFTED else 0
        return (-tier, first, -hit.score, preference(hit), hit.id)

    return [hit for _tier, hit in sorted(tiered, key=key)]


def _rerank(hits: list[Hit], query: str, full_names: list[str]) -> list[tuple[int, Hit]]:
    compact = "".join(normalise(query).split())
    names = [compact, *("".join(normalise(n).split()) for n in full_names)]
    exact_names = {name for text in [query, *full_names] if (name := common_name(text))}
    tiered = []
    for hit in hits:
        tier = _tier(hit.title, names, exact_names)
        tiered.append((tier, replace(hit, score=hit.score + BONUS.get(tier, 0.0))))
    return tiered


def whole_of(title: str) -> str:
    """The whole a part's title names before its middle dot ("" for the title of a whole)."""
    whole, mark, part = title.partition("·")
    return whole if mark and whole and part else ""


def one_per_whole(hits: list[Hit]) -> list[Hit]:
    """``hits`` with only the best-ranked part of each whole (the first met)."""
    seen: set[str] = set()
    kept = []
    for hit in hits:
        whole = whole_of(hit.title)
        if whole:
            if whole in seen:
                continue
            seen.add(whole)
        kept.append(hit)
    return kept


def in_site(site: Site | None, hits: list[Hit]) -> list[Hit]:
    """The hits the site shows (all of them on the whole library): one query for at most
    ``MAX_RESULTS`` ids (sites.public.in_site)."""
    if site is None or site.whole_library:
        return hits
    shown = sites_public.in_site(site, [hit.id for hit in hits])
    return [hit for hit in hits if hit.id in shown]


def search(
    query: str, filters: Filters | None = None, offset: int = 0, limit: int = 10, site: Site | None = None
) -> Results:
    """Best-first hits for ``query`` (public documents only: only they are ever indexed); with
    ``site`` (one that is not the whole library: a street's, a department's), only what its
    columns show, among the best ``MAX_RESULTS`` — the total then counts those (issue 19)."""
    started = time.perf_counter()
    filters = filters or Filters()
    if not normalise(query):
        return Results(total=0, took_ms=0.0)
    scoped = site is not None and not site.whole_library
    backend = get_backend()
    exact = [replace(h, score=h.score + EXACT_BONUS) for h in backend.by_doc_number(doc_numbers_in(query), filters)]
    wanted = MAX_RESULTS if scoped else min(MAX_RESULTS, offset + limit)
    full_names = expansions(query)
    hits, total = backend.search(prepare(query, full_names), filters, limit=max(wanted, 100))
    merged: dict[int, tuple[int, Hit]] = {h.id: (tier, h) for tier, h in _rerank(hits, query, full_names)}
    for hit in exact:
        merged[hit.id] = (EXACT_NUMBER, hit)
    ordered = _order(list(merged.values()))
    ranked = one_per_whole(ordered)
    total = max(total - (len(ordered) - len(ranked)), len(ranked))
    if scoped:
        ranked = in_site(site, ranked)
        total = len(ranked)
    took = (time.perf_counter() - started) * 1000
    return Results(total=total, took_ms=took, hits=ranked[offset : offset + limit], full_names=full_names)

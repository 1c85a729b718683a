"""The production backend: PostgreSQL full-text search on text segmented by rjieba.

ts_rank has no IDF and reads every matching row's tsvector (the issue measured 250 ms to score
65k rows for 管理), so ranking runs on a bounded candidate set read from the GIN indexes by
channels, most precise first, each with a weight:

1. every query word in the title (``&``; a topic query is a few words of the wanted title);
2. the typed text as a run of character pairs in the title (a title fragment cut mid-word);
3. the query's phrase, and the full names of short names, in title or body;
4. every query word anywhere;
5. any query word in the title, then anywhere: a bounded fallback of arbitrary rows.

A candidate's score is the sum of the weights of the channels that found it plus the title
words it matches (ts_rank_cd over the small title tsvector); the body is never read to rank.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.db import connection, transaction

from gongkai.search.backends.base import Hit, Query, SearchBackend
from gongkai.search.documents import Filters, SearchDocument
from gongkai.search.models import SearchEntry
from gongkai.search.text import Analysis, analyse_many

# (column, tsquery function, weight, bound) of each channel, in the order above. Bounds keep the
# work per query fixed: ranking reads each candidate's title tsvector.
TITLE_ALL = ("tsv_title", "plainto_tsquery", 20.0, 300)
TITLE_PAIRS = ("tsv_title_bi", "phraseto_tsquery", 20.0, 200)
PHRASE = ("tsv_phrase", "phraseto_tsquery", 10.0, 200)
ALIAS = ("tsv_phrase", "phraseto_tsquery", 8.0, 200)
ANY_ALL = ("tsv", "plainto_tsquery", 5.0, 200)
TITLE_ANY = ("tsv_title", "to_tsquery", 0.0, 200)
ANY_ANY = ("tsv", "to_tsquery", 0.0, 100)
TITLE_WEIGHT = 3.0  # times ts_rank_cd of the query words in the title
BATCH = 500
FILTER_FIELDS = ("kind", "validity", "level", "unit_id", "year")


def _entries(docs: list[SearchDocument], analyses: Iterator[Analysis]) -> Iterator[SearchEntry]:
    for doc in docs:
        title, body = next(analyses), next(analyses)
        yield SearchEntry(
            id=doc.id,
            title=doc.title,
            title_tokens=title.words,
            title_bigrams=title.bigrams,
            body_tokens=body.words,
            phrase_tokens=title.phrase + body.phrase,
            docno=doc.doc_number or "-",
            kind=doc.kind,
            validity=doc.validity,
            level=doc.level or "-",
            unit_id=doc.unit_id,
            year=doc.year,
        )


def _where(filters: Filters) -> tuple[str, list[Any]]:
    """SQL conditions on trusted column names; the values go as parameters."""
    clauses, params = [], []
    for name in FILTER_FIELDS:
        value = getattr(filters, name)
        if value not in (None, ""):
            clauses.append(f" AND {name} = %s")
            params.append(value)
    return "".join(clauses), params


def _channel(spec: tuple[str, str, float, int], extra: str) -> str:
    """One candidate channel. Column, function and ``extra`` (filter conditions on the columns
    of FILTER_FIELDS) are fixed fragments of this module; every value is a query parameter."""
    column, function, _weight, limit = spec
    return (
        f"(SELECT id, %s::float8 AS w FROM search_searchentry "  # noqa: S608
        f"WHERE {column} @@ {function}('simple', %s){extra} LIMIT {int(limit)})"
    )


def _words(words: Iterable[str]) -> str:
    """Words for plainto/phraseto_tsquery: the parser splits them like the indexed text."""
    return " ".join(w for w in dict.fromkeys(words) if w.strip())


def _any(words: Iterable[str]) -> str:
    """A to_tsquery text: the words (quoted as lexemes) joined by ``|``."""
    quoted = ("'" + w.replace("\\", " ").replace("'", " ").strip() + "'" for w in dict.fromkeys(words))
    return " | ".join(q for q in quoted if q.strip("' "))


def _channels(query: Query) -> list[tuple[tuple[str, str, float, int], str]]:
    """The channels that apply to ``query``, with the text of each one's tsquery."""
    terms = _words(query.terms)
    channels = []
    if terms:
        channels.append((TITLE_ALL, terms))
    if query.substring:
        channels.append((TITLE_PAIRS, " ".join(query.substring)))
    if query.phrase:
        channels.append((PHRASE, _words(query.phrase)))
    channels += [(ALIAS, " ".join(words)) for words in query.alias_phrases if words]
    if terms:
        channels += [(ANY_ALL, terms), (TITLE_ANY, _any(query.terms)), (ANY_ANY, _any(query.terms))]
    return channels


def _sql(query: Query, filters: Filters) -> tuple[str, list[Any]]:
    extra, filter_params = _where(filters)
    selects, params = [], []
    for spec, text in _channels(query):
        selects.append(_channel(spec, extra))
        params += [spec[2], text, *filter_params]
    sql = (
        f"WITH found AS ({' UNION ALL '.join(selects)}), "  # noqa: S608
        "ids AS (SELECT id, sum(w) AS w FROM found GROUP BY id) "
        "SELECT e.id, e.title, ids.w + %s * ts_rank_cd(e.tsv_title, to_tsquery('simple', %s), 1) AS score, "
        "count(*) OVER () FROM search_searchentry e JOIN ids ON ids.id = e.id ORDER BY score DESC, e.id LIMIT %s"
    )
    return sql, [*params, TITLE_WEIGHT, _any(query.terms)]


class PostgresBackend(SearchBackend):
    def __init__(self, parallel: bool = True, **options: Any) -> None:
        self.parallel = parallel  # analyse large batches in worker processes (text.analyse_many)
        self.options = options

    def index(self, documents: Iterable[SearchDocument]) -> int:
        docs = list(documents)
        analyses = analyse_many([text for doc in docs for text in (doc.title, doc.body)], parallel=self.parallel)
        entries = list(_entries(docs, analyses))
        with transaction.atomic():
            for start in range(0, len(entries), BATCH):
                batch = entries[start : start + BATCH]
                SearchEntry.objects.filter(pk__in=[e.pk for e in batch]).delete()
                SearchEntry.objects.bulk_create(batch)
        return len(entries)

    def delete(self, ids: Iterable[int]) -> None:
        SearchEntry.objects.filter(pk__in=list(ids)).delete()

    def clear(self) -> None:
        SearchEntry.objects.all().delete()

    def count(self) -> int:
        return SearchEntry.objects.count()

    def search(self, query: Query, filters: Filters, limit: int) -> tuple[list[Hit], int]:
        if not _channels(query):
            return [], 0
        sql, params = _sql(query, filters)
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, limit])
            rows = cursor.fetchall()
        hits = [Hit(id=int(pk), score=float(score), title=str(title)) for pk, title, score, _total in rows]
        return hits, int(rows[0][3]) if rows else 0

    def by_doc_number(self, keys: list[str], filters: Filters) -> list[Hit]:
        if not keys:
            return []
        wanted = {name: getattr(filters, name) for name in FILTER_FIELDS if getattr(filters, name) not in (None, "")}
        rows = SearchEntry.objects.filter(docno__in=keys, **wanted).order_by("pk")[:20]
        return [Hit(id=e.pk, score=1.0, title=e.title) for e in rows]

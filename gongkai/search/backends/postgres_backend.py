"""The production backend: PostgreSQL full-text search on text segmented by rjieba.

ts_rank has no IDF and reads every matching row's tsvector (the issue measured 250 ms to score
65k rows for 管理), so ranking runs on a bounded candidate set read from the GIN indexes by
channels, each with a weight, precise ones first:

1. every query word in the title (``&``; a topic query is a few words of the wanted title);
2. the typed text as a run of character pairs in the title (a title fragment cut mid-word);
3. the typed text in title or body, by its four-character strings (tsv_grams, migration 0006:
   exact, and blind to how the segmenter cut the span's ends), and the full names of short
   names the same way and as character pairs in the title;
4. every query word anywhere;
5. only when those found nothing: any query word in the title, then anywhere (bounded rows).

An item's public files (attachments) are searched apart, in their own table (SearchFileChunk:
parts of at most CHUNK_CHARS characters, since a tsvector holds at most 1 MB), by the typed
text's four-character strings and by every query word in one part, with weights below those
of title and body: an item that answers in its title or body ranks above one that answers only
in a file.

``&`` channels need only the words not inside another query word, and none needs a recheck of
positions, so neither long posting lists nor large tsvectors are read. A candidate's score is
the sum of the weights of the channels that found it plus its title words (ts_rank_cd over the
small title tsvector); the body is never read to rank. The old OR channels with an unordered
LIMIT missed most topic queries' targets among hundreds of arbitrary rows.

Measured (bench.search --half dev, 2 shared cores): at the corpus (3,406 documents) recall@10
0.82 → 0.96 (topic 0.60 → 0.93, title 0.83 → 0.93, phrase 0.77 → 0.97; the misses are queries
several documents answer), p95 59 → 10 ms, index build 29 → 57 s (the four-character strings).
Report set (seed 22) after the short names' title channel: recall@10 on the queries at most ten
titles answer 0.99 at the corpus and at 100,000 documents (every kind ≥ 0.96), p95 9 / 14 ms,
index build 51 / 578 s (docs/benchmarks.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.db import connection, transaction

from gongkai.search.backends.base import Hit, Query, SearchBackend
from gongkai.search.documents import Filters, SearchDocument
from gongkai.search.models import SearchEntry, SearchFileChunk
from gongkai.search.text import PARALLEL_FROM, Analysis, analyse_many, pairs

# (column, tsquery expression, weight, bound) of each channel, in the order above. Bounds keep
# the work per query fixed: ranking reads each candidate's title tsvector.
ALL = "plainto_tsquery('simple', %s)"
ANY = "to_tsquery('simple', %s)"
GRAMS = "%s::tsquery"  # lexemes as they are (array_to_tsvector in migration 0006)
Spec = tuple[str, str, float, int]
TITLE_ALL = ("tsv_title", ALL, 20.0, 300)
TITLE_PAIRS = ("tsv_title_bi", "phraseto_tsquery('simple', %s)", 20.0, 200)
PHRASE = ("tsv_grams", GRAMS, 10.0, 200)
ALIAS = ("tsv_grams", GRAMS, 8.0, 200)
# A short name's full name in the title (tantivy's ALIAS_BOOST): the law itself and the few
# documents about it. Without it, a law its full name is cited in by hundreds of bodies relied
# on TITLE_ALL, which requires the short name's own words (民诉 法) in the title too.
ALIAS_TITLE = ("tsv_title_bi", "phraseto_tsquery('simple', %s)", 25.0, 200)
MIN_GRAM_TEXT = 5  # characters: both alignments hold a four-character string
ANY_ALL = ("tsv", ALL, 5.0, 300)
TITLE_ANY = ("tsv_title", ANY, 0.0, 200)
ANY_ANY = ("tsv", ANY, 0.0, 100)
# The files: the typed text in a file weighs less than in the body (PHRASE), every query word in
# one part of a file less than everywhere in title and body (ANY_ALL). The columns are those of
# search_searchfilechunk (FILE_COLUMNS).
FILES_PHRASE = ("files.tsv_grams", GRAMS, 4.0, 200)
FILES_ALL = ("files.tsv", ALL, 2.0, 300)
FILES_ANY = ("files.tsv", ANY, 0.0, 100)
FILE_COLUMNS = {"files.tsv": "tsv", "files.tsv_grams": "tsv_grams"}
CHUNK_CHARS = 20_000
CHUNK_OVERLAP = 200  # a query (200 characters at most) lies wholly inside one part
TITLE_WEIGHT = 3.0  # times ts_rank_cd of the query words in the title
# The OR channels read the long posting lists of common words (人民 is in most documents): they
# run only when the precise ones found fewer candidates than this (tuned: 10 found no more).
FALLBACK_BELOW = 1
BATCH = 500
FILTER_FIELDS = ("kind", "validity", "level", "unit_id", "year")


def chunks(text: str) -> list[str]:
    """The parts of a files text, each CHUNK_CHARS long at most, overlapping by CHUNK_OVERLAP."""
    if not text.strip():
        return []
    step = CHUNK_CHARS - CHUNK_OVERLAP
    return [text[start : start + CHUNK_CHARS] for start in range(0, max(len(text) - CHUNK_OVERLAP, 1), step)]


def _records(
    docs: list[SearchDocument], parts: list[list[str]], analyses: Iterator[Analysis]
) -> Iterator[tuple[SearchEntry, list[SearchFileChunk]]]:
    for doc, doc_parts in zip(docs, parts, strict=True):
        title, body = next(analyses), next(analyses)
        files = [next(analyses) for _part in doc_parts]
        yield _entry(doc, title, body), [_chunk(doc, part) for part in files]


def _chunk(doc: SearchDocument, part: Analysis) -> SearchFileChunk:
    return SearchFileChunk(
        entry_id=doc.id,
        tokens=part.words,
        phrase_tokens=part.phrase,
        kind=doc.kind,
        validity=doc.validity,
        level=doc.level or "-",
        unit_id=doc.unit_id,
        year=doc.year,
    )


def _entry(doc: SearchDocument, title: Analysis, body: Analysis) -> SearchEntry:
    return SearchEntry(
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
        carried=doc.carried,
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


def _channel(spec: Spec, extra: str) -> str:
    """One candidate channel. Column, function and ``extra`` (filter conditions on the columns
    of FILTER_FIELDS) are fixed fragments of this module; every value is a query parameter."""
    column, tsquery, _weight, limit = spec
    if column in FILE_COLUMNS:  # parts of files: each item once
        return (
            f"(SELECT DISTINCT entry_id AS id, %s::float8 AS w FROM search_searchfilechunk "  # noqa: S608
            f"WHERE {FILE_COLUMNS[column]} @@ {tsquery}{extra} LIMIT {int(limit)})"
        )
    return (
        f"(SELECT id, %s::float8 AS w FROM search_searchentry "  # noqa: S608
        f"WHERE {column} @@ {tsquery}{extra} LIMIT {int(limit)})"
    )


def _words(words: Iterable[str]) -> str:
    """Words for plainto/phraseto_tsquery: the parser splits them like the indexed text."""
    return " ".join(w for w in dict.fromkeys(words) if w.strip())


def _lexeme(word: str) -> str:
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def _grams(compact: str) -> list[str]:
    """tsquery texts of tsv_grams for the text ``compact`` (punctuation and spaces dropped), one
    per alignment: the span starts at an even or an odd offset of the document."""
    return [" & ".join(_lexeme(compact[i : i + 4]) for i in range(start, len(compact) - 3, 2)) for start in (0, 1)]


def _span(words: list[str], spec: Spec, terms: list[str]) -> list[tuple[Spec, str]]:
    """A phrase: the channels of its characters, or, shorter than five, its words anywhere
    (when it has a stop word: 通知 alone is a query too; else ANY_ALL has them)."""
    compact = "".join(words)
    if len(compact) < MIN_GRAM_TEXT:
        return [(("tsv_phrase", ALL, spec[2], spec[3]), _words(words))] if set(words) - set(terms) else []
    return [(spec, text) for text in _grams(compact)]


def _maximal(terms: list[str]) -> str:
    """The query words not inside another one (浙江 in 浙江省): the index holds the words inside
    each long word too, so requiring the long one suffices, and the short words' long posting
    lists are not read."""
    distinct = list(dict.fromkeys(t for t in terms if t.strip()))
    return _words(t for t in distinct if not any(t != other and t in other for other in distinct))


def _any(words: Iterable[str]) -> str:
    """A to_tsquery text: the words (quoted as lexemes) joined by ``|``."""
    quoted = ("'" + w.replace("\\", " ").replace("'", " ").strip() + "'" for w in dict.fromkeys(words))
    return " | ".join(q for q in quoted if q.strip("' "))


def _channels(query: Query, fallback: bool = False) -> list[tuple[Spec, str]]:
    """The channels that apply to ``query``, with the text of each one's tsquery; with
    ``fallback``, the OR channels as well."""
    terms = _maximal(query.terms)
    channels = []
    if terms:
        channels.append((TITLE_ALL, terms))
    if query.substring:
        channels.append((TITLE_PAIRS, " ".join(query.substring)))
    typed = [query.substring[0], *(pair[1] for pair in query.substring[1:])] if query.substring else query.phrase
    phrases = [(typed, PHRASE)] + [(words, ALIAS) for words in query.alias_phrases]
    channels += [channel for words, spec in phrases if words for channel in _span(words, spec, query.terms)]
    channels += [(ALIAS_TITLE, pairs("".join(words))) for words in query.alias_phrases if len("".join(words)) > 1]
    if terms:
        channels.append((ANY_ALL, terms))
    if len("".join(typed)) >= MIN_GRAM_TEXT:
        channels += [(FILES_PHRASE, text) for text in _grams("".join(typed))]
    if terms:
        channels.append((FILES_ALL, terms))
    if terms and fallback:
        channels += [(TITLE_ANY, _any(terms.split())), (ANY_ANY, _any(terms.split())), (FILES_ANY, _any(terms.split()))]
    return channels


def _sql(channels: list[tuple[Spec, str]], query: Query, filters: Filters) -> tuple[str, list[Any]]:
    extra, filter_params = _where(filters)
    selects, params = [], []
    for spec, text in channels:
        selects.append(_channel(spec, extra))
        params += [spec[2], text, *filter_params]
    sql = (
        f"WITH found AS ({' UNION ALL '.join(selects)}), "  # noqa: S608
        "ids AS (SELECT id, sum(w) AS w FROM found GROUP BY id) "
        "SELECT e.id, e.title, ids.w + %s * ts_rank_cd(e.tsv_title, to_tsquery('simple', %s), 1) AS score, "
        "count(*) OVER (), e.validity, e.carried "
        "FROM search_searchentry e JOIN ids ON ids.id = e.id ORDER BY score DESC, e.id LIMIT %s"
    )
    return sql, [*params, TITLE_WEIGHT, _any(query.terms)]


GIN_INDEXES = ["search_entry_tsv", "search_entry_tsv_title", "search_entry_tsv_phrase"]
GIN_INDEXES += [
    "search_entry_tsv_title_bi",
    "search_entry_tsv_grams",
    "search_file_chunk_tsv",
    "search_file_chunk_tsv_grams",
]


def _settle() -> None:
    """After a large batch: move its entries from the GIN indexes' pending lists (which every
    query reads through: 9 ms of a title query at 100k documents) into the indexes, and give
    the planner statistics of the small columns (without, it scanned 100k rows for a 文号)."""
    with connection.cursor() as cursor:
        for name in GIN_INDEXES:
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [name])
        cursor.execute("ANALYZE search_searchentry (id, docno, kind, validity, level, unit_id, year)")
        cursor.execute("ANALYZE search_searchfilechunk (entry_id, kind, validity, level, unit_id, year)")


class PostgresBackend(SearchBackend):
    index_in_database = True

    def __init__(self, parallel: bool = True, **options: Any) -> None:
        self.parallel = parallel  # analyse large batches in worker processes (text.analyse_many)
        self.options = options

    def index(self, documents: Iterable[SearchDocument]) -> int:
        docs = list(documents)
        parts = [chunks(doc.files) for doc in docs]
        texts = [text for doc, doc_parts in zip(docs, parts, strict=True) for text in (doc.title, doc.body, *doc_parts)]
        records = list(_records(docs, parts, analyse_many(texts, parallel=self.parallel)))
        with transaction.atomic():
            for start in range(0, len(records), BATCH):
                batch = records[start : start + BATCH]
                ids = [entry.pk for entry, _files in batch]
                SearchEntry.objects.filter(pk__in=ids).delete()
                SearchFileChunk.objects.filter(entry_id__in=ids).delete()
                SearchEntry.objects.bulk_create([entry for entry, _files in batch])
                SearchFileChunk.objects.bulk_create([part for _entry, files in batch for part in files], BATCH)
            if len(records) >= PARALLEL_FROM:
                _settle()
        return len(records)

    def delete(self, ids: Iterable[int]) -> None:
        wanted = list(ids)
        with transaction.atomic():
            SearchEntry.objects.filter(pk__in=wanted).delete()
            SearchFileChunk.objects.filter(entry_id__in=wanted).delete()

    def clear(self) -> None:
        with transaction.atomic():
            SearchEntry.objects.all().delete()
            SearchFileChunk.objects.all().delete()

    def count(self) -> int:
        return SearchEntry.objects.count()

    def search(self, query: Query, filters: Filters, limit: int) -> tuple[list[Hit], int]:
        if not _channels(query):
            return [], 0
        rows = self._rows(_channels(query), query, filters, limit)
        if len(rows) < FALLBACK_BELOW:
            rows = self._rows(_channels(query, fallback=True), query, filters, limit)
        hits = [
            Hit(id=int(pk), score=float(score), title=str(title), validity=str(validity), carried=bool(carried))
            for pk, title, score, _total, validity, carried in rows
        ]
        return hits, int(rows[0][3]) if rows else 0

    def _rows(self, channels: list[tuple[Spec, str]], query: Query, filters: Filters, limit: int) -> list[Any]:
        sql, params = _sql(channels, query, filters)
        with transaction.atomic(), connection.cursor() as cursor:
            # The GIN indexes, never a scan reading every row's tsvectors: the planner takes one
            # for a small table or a LIMIT it expects many matches for (40 ms at 3,400 rows).
            cursor.execute("SELECT current_setting('enable_seqscan'), set_config('enable_seqscan', 'off', true)")
            previous = cursor.fetchone()[0]
            cursor.execute(sql, [*params, limit])
            rows = cursor.fetchall()
            cursor.execute("SELECT set_config('enable_seqscan', %s, true)", [previous])
        return rows

    def by_doc_number(self, keys: list[str], filters: Filters) -> list[Hit]:
        if not keys:
            return []
        wanted = {name: getattr(filters, name) for name in FILTER_FIELDS if getattr(filters, name) not in (None, "")}
        # Sorted here: ORDER BY id LIMIT invites a scan of the primary key past every row.
        found = SearchEntry.objects.filter(docno__in=keys, **wanted)
        rows = sorted(found.values_list("pk", "title", "validity", "carried")[:100])
        return [Hit(pk, 1.0, title, validity=validity, carried=carried) for pk, title, validity, carried in rows[:20]]

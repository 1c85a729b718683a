"""The embedded default: a tantivy index (BM25) in ``$GONGKAI_DATA_DIR/search``.

Why tantivy: on the issue's 100k-document measurement its p95 was 0.8 ms against 71 ms for
SQLite FTS5 on the same segmented text, with equal recall; it needs no server. Text is
segmented by us (rjieba) and indexed with the whitespace tokenizer.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import tantivy

from gongkai.search.backends.base import Hit, Query, SearchBackend
from gongkai.search.documents import Filters, SearchDocument
from gongkai.search.text import PARALLEL_FROM, Analysis, analyse_many, pairs

TITLE_BOOST = 3.0  # a word in the title says more about the document than one in the body
PHRASE_BOOST = {"title": 12.0, "body": 10.0}  # an exact phrase is strong evidence of the wanted item
ALIAS_BOOST = 25.0  # a known short name's full name in the title: the document itself
WRITER_HEAP = 64 * 1024 * 1024  # per indexing thread
SUBSTRING_BOOST = {"title_bi": 20.0, "body_bi": 15.0}  # the typed text itself, exactly
# Every query word in the title: topic words name the document's subject (the PostgreSQL backend's
# first channel; at 100k, BM25 alone lets chapters that repeat one word in the body crowd it out).
ALL_IN_TITLE_SCORE = 15.0
# An item's files (attachments): the same evidence counts for less than in title or body, so an
# item that holds the words in its title or body ranks above one that has them only in a file.
# Words count only all together (a constant score, as for the title): a file's words one by one
# (BM25) nudged the order of items that title and body rank equally (bench --files).
FILES_BOOST = {"all_words": 2.0, "phrase": 2.0, "substring": 3.0}
SCHEMA_VERSION = "5"  # bump when the schema changes: the index is rebuilt by `manage.py reindex`


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("id", stored=True, indexed=True, fast=True)
    # title/body: the precise words in order (phrase queries), then the words inside the long
    # ones (BM25 only); one positional field instead of a BM25 and a phrase field each.
    for name in ("title", "body", "title_bi", "body_bi", "files", "files_bi"):
        builder.add_text_field(name, tokenizer_name="whitespace", index_option="position")
    builder.add_text_field("title_stored", stored=True, tokenizer_name="raw", index_option="basic")
    for name in ("docno", "kind", "validity", "level"):
        # validity is stored too: the engine orders equal relevance by it (and by carried)
        builder.add_text_field(name, stored=name == "validity", tokenizer_name="raw", index_option="basic")
    builder.add_integer_field("carried", stored=True, indexed=False)
    builder.add_integer_field("unit_id", indexed=True, fast=True)
    builder.add_integer_field("year", indexed=True, fast=True)
    return builder.build()


class TantivyBackend(SearchBackend):
    def __init__(self, path: str | Path | None = None, parallel: bool = True, **options: Any) -> None:
        self.path = Path(path) if path else None
        self.parallel = parallel  # analyse large batches in worker processes (text.analyse_many)
        self.schema = _schema()
        self._lock = threading.Lock()
        self._index = self._open()

    def _open(self) -> tantivy.Index:
        if self.path is None:
            return tantivy.Index(self.schema)
        marker = self.path / "gongkai-schema"
        if self.path.exists() and (not marker.exists() or marker.read_text() != SCHEMA_VERSION):
            shutil.rmtree(self.path)  # an index of an older schema: start empty, reindex refills it
        self.path.mkdir(parents=True, exist_ok=True)
        marker.write_text(SCHEMA_VERSION)
        return tantivy.Index(self.schema, path=str(self.path), reuse=True)

    def _document(self, doc: SearchDocument, title: Analysis, body: Analysis, files: Analysis) -> tantivy.Document:
        return tantivy.Document(
            id=doc.id,
            title=title.phrase + title.inner,
            body=body.phrase + body.inner,
            title_bi=title.bigrams,
            # Pairs at even offsets only (half the postings of the largest field); a query asks
            # for both alignments of its pairs (_relevance).
            body_bi=pairs(body.compact, 2),
            files=files.phrase + files.inner,
            files_bi=pairs(files.compact, 2),
            title_stored=doc.title,
            docno=doc.doc_number or "-",
            kind=doc.kind,
            validity=doc.validity,
            level=doc.level or "-",
            unit_id=doc.unit_id,
            year=doc.year,
            carried=int(doc.carried),
        )

    def index(self, documents: Iterable[SearchDocument]) -> int:
        docs = list(documents)
        texts = [text for doc in docs for text in (doc.title, doc.body, doc.files)]
        analysed = analyse_many(texts, parallel=self.parallel)
        count = 0
        threads = 2 if len(docs) >= PARALLEL_FROM else 1  # a large batch: tantivy halves its part
        with self._lock:
            writer = self._index.writer(heap_size=WRITER_HEAP * threads, num_threads=threads)
            for doc in docs:  # added as the analyses arrive: tantivy's thread indexes meanwhile
                title, body, files = next(analysed), next(analysed), next(analysed)
                writer.delete_documents_by_term("id", doc.id)
                writer.add_document(self._document(doc, title, body, files))
                count += 1
            writer.commit()
            writer.wait_merging_threads()
        self._index.reload()
        return count

    def delete(self, ids: Iterable[int]) -> None:
        with self._lock:
            writer = self._index.writer(heap_size=WRITER_HEAP, num_threads=1)
            for pk in ids:
                writer.delete_documents_by_term("id", pk)
            writer.commit()
            writer.wait_merging_threads()
        self._index.reload()

    def clear(self) -> None:
        with self._lock:
            writer = self._index.writer(heap_size=WRITER_HEAP, num_threads=1)
            writer.delete_all_documents()
            writer.commit()
            writer.wait_merging_threads()
        self._index.reload()

    def count(self) -> int:
        return int(self._index.searcher().num_docs)

    def _filters(self, filters: Filters) -> list[tuple[Any, tantivy.Query]]:
        must = []
        for name in ("kind", "validity", "level"):
            value = getattr(filters, name)
            if value:
                must.append((tantivy.Occur.Must, tantivy.Query.term_query(self.schema, name, value)))
        for name in ("unit_id", "year"):
            value = getattr(filters, name)
            if value is not None:
                must.append((tantivy.Occur.Must, tantivy.Query.term_query(self.schema, name, int(value))))
        return must

    def _phrase(self, field: str, words: list[str], boost: float) -> tantivy.Query:
        if len(words) == 1:
            inner = tantivy.Query.term_query(self.schema, field, words[0])
        else:
            sequence: list[str | tuple[int, str]] = list(words)
            inner = tantivy.Query.phrase_query(self.schema, field, sequence)
        return tantivy.Query.boost_query(inner, boost)

    def _all_in(self, field: str, terms: list[str], score: float, least: int) -> tantivy.Query | None:
        """Documents whose ``field`` holds every query word (at least ``least`` of them); a word
        inside another query word (青岛 in 青岛市) is left out, the longer one stands for it."""
        words = [t for t in terms if not any(t != other and t in other for other in terms)]
        if len(words) < least:
            return None
        must = [(tantivy.Occur.Must, tantivy.Query.term_query(self.schema, field, w)) for w in words]
        return tantivy.Query.const_score_query(tantivy.Query.boolean_query(must), score)

    def _relevance(self, query: Query) -> tantivy.Query | None:
        should: list[tuple[Any, tantivy.Query]] = []
        distinct = list(dict.fromkeys(query.terms))
        for all_in in (
            self._all_in("title", distinct, ALL_IN_TITLE_SCORE, 2),
            self._all_in("files", distinct, FILES_BOOST["all_words"], 1),
        ):
            if all_in is not None:
                should.append((tantivy.Occur.Should, all_in))
        for term in dict.fromkeys(query.terms):
            should.append(
                (
                    tantivy.Occur.Should,
                    tantivy.Query.boost_query(tantivy.Query.term_query(self.schema, "title", term), TITLE_BOOST),
                )
            )
            should.append((tantivy.Occur.Should, tantivy.Query.term_query(self.schema, "body", term)))
        if query.phrase:
            for field, boost in PHRASE_BOOST.items():
                should.append((tantivy.Occur.Should, self._phrase(field, query.phrase, boost)))
            should.append((tantivy.Occur.Should, self._phrase("files", query.phrase, FILES_BOOST["phrase"])))
        if query.substring:
            should.append(
                (tantivy.Occur.Should, self._phrase("title_bi", query.substring, SUBSTRING_BOOST["title_bi"]))
            )
            for offset in (0, 1):
                for field, boost in (("body_bi", SUBSTRING_BOOST["body_bi"]), ("files_bi", FILES_BOOST["substring"])):
                    should.append((tantivy.Occur.Should, self._phrase(field, query.substring[offset::2], boost)))
        for words in query.alias_phrases:
            should.append((tantivy.Occur.Should, self._phrase("title", words, ALIAS_BOOST)))
            should.append((tantivy.Occur.Should, self._phrase("body", words, 1.0)))
        return tantivy.Query.boolean_query(should) if should else None

    def _run(self, query: tantivy.Query, limit: int) -> tuple[list[Hit], int]:
        searcher = self._index.searcher()
        result = searcher.search(query, limit=max(limit, 1), count=True)
        hits = []
        for score, address in result.hits:
            stored = searcher.doc(address)
            hits.append(
                Hit(
                    id=int(stored["id"][0]),
                    score=float(score),
                    title=str(stored["title_stored"][0]),
                    validity=str(stored["validity"][0]),
                    carried=bool(stored["carried"][0]),
                )
            )
        return hits[:limit], int(getattr(result, "count", 0) or 0)

    def search(self, query: Query, filters: Filters, limit: int) -> tuple[list[Hit], int]:
        relevance = self._relevance(query)
        if relevance is None:
            return [], 0
        must = self._filters(filters)
        full = tantivy.Query.boolean_query([(tantivy.Occur.Must, relevance), *must])
        return self._run(full, limit)

    def by_doc_number(self, keys: list[str], filters: Filters) -> list[Hit]:
        if not keys:
            return []
        match = tantivy.Query.term_set_query(self.schema, "docno", keys)
        full = tantivy.Query.boolean_query([(tantivy.Occur.Must, match), *self._filters(filters)])
        return self._run(full, 20)[0]

"""The contract every search backend fulfils (tests/search/test_contract.py runs on each)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass, field

from gongkai.search.documents import Filters, SearchDocument


@dataclass(frozen=True)
class Query:
    """A query prepared by the engine: tokens for BM25, precise tokens for phrases, and the
    phrases of alias expansions (full names of short names such as 个保法)."""

    terms: list[str]
    phrase: list[str]
    alias_phrases: list[list[str]]
    substring: list[str] = field(default_factory=list)  # character bigrams of the typed text


@dataclass(frozen=True)
class Hit:
    id: int
    score: float
    title: str
    # For the engine's order on equal relevance (issue 17, point 4): the district's own currently
    # valid documents before carried ones, and valid before amended or repealed ones.
    validity: str = ""
    carried: bool = False


class SearchBackend(ABC):
    # True when the index lives in the database, so a database backup and restore carry it
    # (the restore command reads this to say whether `reindex` is needed).
    index_in_database: bool = False

    @abstractmethod
    def index(self, documents: Iterable[SearchDocument]) -> int:
        """Add or replace documents; returns how many were written."""

    @abstractmethod
    def delete(self, ids: Iterable[int]) -> None:
        """Remove documents (unknown ids are ignored)."""

    @abstractmethod
    def clear(self) -> None:
        """Remove everything."""

    @abstractmethod
    def count(self) -> int:
        """Number of indexed documents."""

    @abstractmethod
    def search(self, query: Query, filters: Filters, limit: int) -> tuple[list[Hit], int]:
        """Best ``limit`` hits (BM25 over title and body, title weighted higher, phrases
        boosted; the files' text weighted below both) and the total number of matching
        documents."""

    @abstractmethod
    def by_doc_number(self, keys: list[str], filters: Filters) -> list[Hit]:
        """Documents whose normalised 文号 equals one of ``keys``."""

"""What the public sees of the knowledge base: the search over published answers, the list,
and the answer page's data. Everything comes from the published revision, never a working copy.

The search is the site's one search (``search.engine.search``, filtered to kind "answer"), so an
answer is found by the same Chinese segmentation as every document; an entry's other phrasings
(``aliases``, not in the index) add the answers whose phrasings contain the typed text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from gongkai.catalog.models import CatalogueEntry
from gongkai.participation.knowledge.access import public_entries
from gongkai.participation.models import KnowledgeEntry
from gongkai.publishing.models import ItemRevision, Kind, State
from gongkai.publishing.sanitize import plain_text
from gongkai.search.documents import Filters
from gongkai.search.engine import search
from gongkai.search.present import snippet

MAX_HITS = 200


def browse(unit_id: int | None = None, topic: str | None = None) -> QuerySet[KnowledgeEntry]:
    """Public answers, newest publication first, by unit and topic (as published)."""
    entries = public_entries()
    if unit_id is not None:
        entries = entries.filter(item__unit_id=unit_id)
    if topic:
        entries = entries.filter(item__published_revision__topic=topic)
    # The entry's key is its item's, which the published revision holds too: both keys are the
    # revision's columns, as the revision index (kind, published_at, item_id) has them (issue 18).
    return entries.order_by(
        F("item__published_revision__published_at").desc(), F("item__published_revision__item").desc()
    )


def find(query: str, unit_id: int | None = None, topic: str | None = None) -> list[KnowledgeEntry]:
    """Best-first public answers for ``query``: search hits, then answers whose other phrasings
    contain the query. Filters apply as in ``browse``."""
    hits = search(query, Filters(kind=Kind.ANSWER, unit_id=unit_id), limit=MAX_HITS).hits
    allowed = browse(unit_id, topic)
    by_pk = {e.pk: e for e in allowed.filter(pk__in=[h.id for h in hits])}
    ordered = [by_pk[h.id] for h in hits if h.id in by_pk]
    compact = "".join(query.split())
    if compact:
        seen = set(by_pk)
        extra = allowed.filter(Q(aliases__icontains=compact) | Q(aliases__icontains=query)).exclude(pk__in=seen)
        ordered.extend(extra[:MAX_HITS])
    return ordered


@dataclass(frozen=True)
class Row:
    entry: KnowledgeEntry
    question: str
    excerpt: str
    unit: str
    topic: str
    updated_on: Any


def row(entry: KnowledgeEntry, query: str = "") -> Row:
    revision = entry.item.published_revision
    assert revision is not None  # public_entries() only
    text = plain_text(revision.body_html)
    return Row(
        entry=entry,
        question=revision.title,
        excerpt=snippet(text, query) if query else snippet(text, ""),
        unit=entry.item.unit.name,
        topic=revision.get_topic_display(),
        updated_on=timezone.localdate(revision.published_at),
    )


@dataclass(frozen=True)
class Detail:
    entry: KnowledgeEntry
    revision: ItemRevision
    first_published_on: Any
    updated_on: Any
    revisions: list[ItemRevision] = field(default_factory=list)
    policies: list[Any] = field(default_factory=list)
    catalogue: list[CatalogueEntry] = field(default_factory=list)


def detail(entry: KnowledgeEntry) -> Detail:
    """The answer as published, its version history and the public documents it cites."""
    revision = entry.item.published_revision
    assert revision is not None
    history = list(entry.item.revisions.filter(number__lte=revision.number).order_by("number"))
    policies = (
        entry.policies.filter(item__published_revision__isnull=False)
        .exclude(item__state=State.WITHDRAWN)
        .select_related("item__published_revision")
        .order_by("-item__published_revision__written_on", "pk")
    )
    return Detail(
        entry=entry,
        revision=revision,
        first_published_on=entry.item.first_published_on,
        updated_on=timezone.localdate(revision.published_at),
        revisions=history if len(history) > 1 else [],
        policies=list(policies),
        catalogue=list(entry.catalogue_entries.filter(active=True).select_related("domain")),
    )

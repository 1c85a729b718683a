"""What is searchable: the public revision of every public item, as a plain record."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Prefetch, QuerySet, Value
from django.db.models.functions import Coalesce, Substr

from gongkai.publishing.access import public_items
from gongkai.publishing.models import Attachment, Item, State
from gongkai.publishing.sanitize import plain_text
from gongkai.search.text import doc_number_key


@dataclass(frozen=True)
class SearchDocument:
    id: int
    source_id: str | None
    kind: str
    title: str
    body: str
    doc_number: str
    unit_id: int
    unit: str
    year: int
    validity: str
    level: str
    published_on: dt.date | None
    # The names and text of the item's public files (attachments), weighted below title and body.
    files: str = ""
    # A document the platform carries from a higher level or another organ (Item.carried).
    carried: bool = False


@dataclass(frozen=True)
class Filters:
    kind: str | None = None
    unit_id: int | None = None
    year: int | None = None
    validity: str | None = None
    level: str | None = None


def _extra(item: Item) -> tuple[str | None, str]:
    """source id (of the document) and level (as published: the revision's policy snapshot)."""
    policy = getattr(item, "policy", None)
    if policy is None:
        return None, ""
    published = getattr(item.published_revision, "policy", None)
    return getattr(policy, "source_id", None), getattr(published or policy, "level", "") or ""


# Text that capabilities above search add to an item's record, by the relation that carries it
# (select_related) — a gazette issue's PDF text (gazette/apps.py). Registered, not imported:
# search sits below them.
_TEXT_SOURCES: dict[str, Callable[[Item], str]] = {}


def add_text_source(relation: str, text: Callable[[Item], str]) -> None:
    """``text(item)`` is appended to the searchable body of every item (empty when not its kind)."""
    _TEXT_SOURCES[relation] = text


def _body(item: Item) -> str:
    """The searchable text: the published body, plus what the registered sources add."""
    text = plain_text(item.published_revision.body_html) if item.published_revision else ""
    extra = [more for source in _TEXT_SOURCES.values() if (more := source(item))]
    return "\n".join([text, *extra])


# What one record holds of its files' text (about a thousand pages): a larger file is found by
# its first million characters only, so that one upload cannot make indexing unbounded.
MAX_FILES_CHARS = 1_000_000


def indexed_files() -> QuerySet[Attachment]:
    """The files search may read: those of the shown revision (``public``) and never one taken
    down (下架: ``public`` is cleared then too; the date is checked as well, because a snippet
    from a taken-down file must never reach the public)."""
    return Attachment.objects.filter(public=True, taken_down_at__isnull=True)


def _with_text(files: QuerySet[Attachment]) -> QuerySet[Attachment]:
    """The files with their text as read (``indexed_text``: "" until read), cut in the database
    at what a record holds, so that a huge file is never loaded whole."""
    text = Substr(Coalesce("text_layer__text", Value("")), 1, MAX_FILES_CHARS)
    return files.annotate(indexed_text=text).only("pk", "item_id", "name", "position").order_by("position", "pk")


def _files(item: Item) -> str:
    """Each public file's name, then its text as read (publishing.textlayer); a file still
    unread is found by its name until its text arrives (the ``text_read`` signal)."""
    files = getattr(item, "search_files", None)  # prefetched by searchable()
    if files is None:
        files = list(_with_text(indexed_files().filter(item=item)))
    text = "\n".join(f"{attachment.name}\n{attachment.indexed_text}".strip() for attachment in files)
    return text[:MAX_FILES_CHARS]


def build(item: Item) -> SearchDocument | None:
    """The search record of an item, or None when the public must not find it (a withdrawn
    item leaves the index with its files; an unlisted one, RULINGS.md 11, is never in it)."""
    revision = item.published_revision
    if revision is None or item.state == State.WITHDRAWN or item.unlisted:
        return None
    source_id, level = _extra(item)
    written = revision.written_on or item.first_published_on
    return SearchDocument(
        id=item.pk,
        source_id=source_id,
        kind=revision.kind,
        title=revision.title,
        body=_body(item),
        doc_number=doc_number_key(revision.doc_number) if revision.doc_number else "",
        unit_id=item.unit_id,
        unit=item.unit.name,
        year=written.year if written else 0,
        validity=revision.validity,
        level=level,
        published_on=item.first_published_on,
        files=_files(item),
        carried=item.carried,
    )


def searchable(ids: Iterable[int] | None = None, chunk: int = 500) -> Iterator[SearchDocument]:
    """Every public, not withdrawn item (or those among ``ids``), streamed in chunks."""
    items = public_items().exclude(state=State.WITHDRAWN).select_related("unit", "published_revision")
    for app, relation in (("gongkai.policies", "policy"), ("gongkai.policies", "published_revision__policy")):
        if apps.is_installed(app):
            items = items.select_related(relation)
    if _TEXT_SOURCES:
        items = items.select_related(*_TEXT_SOURCES)
    if ids is not None:
        items = items.filter(pk__in=list(ids))
    files = Prefetch("attachments", queryset=_with_text(indexed_files()), to_attr="search_files")
    items = items.prefetch_related(files)
    for item in items.order_by("pk").iterator(chunk_size=chunk):
        document = build(item)
        if document is not None:
            yield document

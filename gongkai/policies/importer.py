"""Importing higher-level documents (laws, regulations …) as published policy documents.

They are carried, not issued here (``Item.carried``): the district government unit holds them,
but each keeps its own organ, level and region (corpus.py, places.py) and its own dates — an
undated one stays undated —; they get no 索引号 and bypass the review workflow (no
``workflow.perform``). Each book of a code stays a document of its own, with its corpus id, its
whole and its place in it (books.py, ``PolicyDocument.part_of``). Each batch is written with bulk
inserts in one transaction: the items, their first revision, the policy metadata and its
snapshot, a history event per item and one audit entry. A document whose corpus ``id`` is
already known (``PolicyDocument.source_id``) is skipped, so running twice imports nothing new.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.audit.services import record
from gongkai.orgs.models import SiteProfile, Unit
from gongkai.policies import corpus, searchhooks
from gongkai.policies.models import PolicyDocument, PolicyRevision
from gongkai.publishing.models import Item, ItemEvent, ItemRevision, Kind, State
from gongkai.publishing.sanitize import clean_html

if TYPE_CHECKING:
    from django.contrib.auth.models import User

BATCH = 500
# Documents handed to the search index together: one segmentation pipeline and one index commit
# for the whole corpus instead of one per database batch (~7 s of ~30 s, docs/benchmarks.md).
INDEX_BATCH = 5000
# … handed over in parts, each announced, so a long index build shows its progress.
INDEX_PART = 1000
IMPORTER = "importer"
PUBLISHED_AT = dt.time(9, 0)


class ImportRefused(Exception):
    """The import cannot start; ``message`` says why, in Chinese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class Counts:
    read: int = 0
    imported: int = 0
    known: int = 0  # already imported earlier (or twice in the file)
    cases: int = 0  # 案例 left out
    books: int = 0  # books of a code, each a document of its own
    codes: int = 0  # the codes they are parts of
    indexing: int = 0  # documents being handed to the search index (progress says so)
    indexed: int = 0  # … of which this many are in the index already


@dataclass(frozen=True)
class Target:
    unit: Unit
    user: User
    source: str


def government_unit() -> Unit:
    """The district government (the unit of kind "government"), or ImportRefused."""
    profile = SiteProfile.current()
    if profile is not None and profile.government.kind == Unit.Kind.GOVERNMENT:
        return profile.government
    unit = Unit.objects.filter(kind=Unit.Kind.GOVERNMENT, active=True).order_by("position", "pk").first()
    if unit is None:
        raise ImportRefused(
            _("没有“人民政府”类型的单位，无法确定导入文件的发布机构：请先建立本级人民政府（例如运行 seed_demo）")
        )
    return unit


def importer_user(username: str | None = None) -> Any:
    """The person the imported items are recorded under: the named one, else an inactive
    system account that cannot log in."""
    users = get_user_model().objects
    if username:
        user = users.filter(username=username).first()
        if user is None:
            raise ImportRefused(_("用户“%(name)s”不存在") % {"name": username})
        return user
    user, created = users.get_or_create(username=IMPORTER, defaults={"first_name": _("数据导入"), "is_active": False})
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _own_date(record_: corpus.Record) -> dt.date | None:
    """The document's own date (written, else in force), or None: unknown stays unknown."""
    return record_.written_on or record_.effective_on


def _published_at(record_: corpus.Record, now: dt.datetime) -> dt.datetime:
    """Carried documents are dated by their own publication (like the demo's archive), so they
    do not crowd out the district's news. An undated one records when the platform put it
    online (the revision needs a time), but it is never shown as the document's date: its
    first_published_on, formed_on and written_on stay empty, and lists order carried documents
    after the district's own, by their own date (portal.items)."""
    day = _own_date(record_)
    if day is None:
        return now
    return dt.datetime.combine(day, PUBLISHED_AT, timezone.get_current_timezone())


def _item(record_: corpus.Record, target: Target, now: dt.datetime) -> Item:
    day = _own_date(record_)
    return Item(
        kind=Kind.POLICY,
        unit=target.unit,
        title=record_.title,
        body_html=clean_html(record_.body_html),
        topic="general",
        genre=record_.genre,
        doc_number=record_.doc_number,
        written_on=record_.written_on,
        formed_on=day,
        validity=record_.validity,
        state=State.PUBLISHED,
        first_published_on=day,
        author=target.user,
        carried=True,
    )


def _revision(item: Item, record_: corpus.Record, target: Target, now: dt.datetime) -> ItemRevision:
    return ItemRevision(
        item=item,
        number=1,
        title=item.title,
        body_html=item.body_html,
        doc_number=item.doc_number,
        written_on=item.written_on,
        kind=item.kind,
        topic=item.topic,
        genre=item.genre,
        validity=item.validity,
        published_at=_published_at(record_, now),
        published_by=target.user,
    )


def _meta(record_: corpus.Record) -> dict[str, Any]:
    return {
        "issuer": record_.issuer,
        "level": record_.level,
        "category": record_.category,
        "effective_on": record_.effective_on,
        "region": record_.region,
    }


@transaction.atomic
def write_batch(records: list[corpus.Record], target: Target) -> list[int]:
    """Insert one batch; returns the new item ids."""
    now = timezone.now()
    new_items = Item.objects.bulk_create([_item(r, target, now) for r in records])
    revisions = ItemRevision.objects.bulk_create(
        [_revision(item, r, target, now) for item, r in zip(new_items, records, strict=True)]
    )
    ids = [item.pk for item in new_items]
    first_revision = ItemRevision.objects.filter(item=OuterRef("pk")).order_by("number").values("pk")[:1]
    Item.objects.filter(pk__in=ids).update(published_revision=Subquery(first_revision))
    PolicyDocument.objects.bulk_create(
        PolicyDocument(
            item=item,
            source_id=r.source_id,
            doc_number_key=r.doc_number_key,
            part_of=r.part_of,
            part_number=r.part_number,
            **_meta(r),
        )
        for item, r in zip(new_items, records, strict=True)
    )
    PolicyRevision.objects.bulk_create(
        PolicyRevision(revision=rev, **_meta(r)) for rev, r in zip(revisions, records, strict=True)
    )
    note = _("导入：%(source)s") % {"source": target.source}
    ItemEvent.objects.bulk_create(
        ItemEvent(item=item, action="import", actor=None, note=note, at=now) for item in new_items
    )
    after = {"count": len(ids), "first_id": ids[0], "last_id": ids[-1], "file": target.source}
    record(None, "policy.imported", object_type=Item._meta.label_lower, unit=target.unit, after=after, note=note)
    return ids


Progress = Callable[[Counts], None]


def _records(
    path: Path, include_cases: bool, counts: Counts, known: set[str], progress: Progress | None
) -> Iterable[corpus.Record]:
    parts = corpus.Books()
    with corpus.open_text(path) as handle:
        for line, raw in corpus.read_raw(handle):
            counts.read += 1
            if progress is not None and counts.read % BATCH == 0:
                progress(counts)
            if corpus.is_case(raw) and not include_cases:
                counts.cases += 1
                continue
            record_ = corpus.to_record(raw, line)
            if not parts.take(raw, record_):
                yield from _new(record_, counts, known)
    for book, books_in_whole in parts.numbered():
        if books_in_whole > 1:
            counts.books += 1
            counts.codes += book.part_number == 1
        yield from _new(book, counts, known)


def _new(record_: corpus.Record, counts: Counts, known: set[str]) -> Iterable[corpus.Record]:
    """``record_`` unless it was imported before (or met twice in the file)."""
    if record_.source_id in known:
        counts.known += 1
        return
    known.add(record_.source_id)
    yield record_


def import_file(
    path: Path,
    *,
    include_cases: bool = False,
    username: str | None = None,
    batch: int = BATCH,
    progress: Progress | None = None,
) -> Counts:
    """Import every new document of ``path``; ``progress`` is called every 500 lines read."""
    target = Target(government_unit(), importer_user(username), path.name)
    counts = Counts()
    stored = PolicyDocument.objects.exclude(source_id=None).values_list("source_id", flat=True)
    known = {source_id for source_id in stored if source_id}
    pending: list[corpus.Record] = []
    unindexed: list[int] = []
    try:
        for record_ in _records(path, include_cases, counts, known, progress):
            pending.append(record_)
            if len(pending) >= batch:
                unindexed += _flush(pending, target, counts)
                pending = []
                if len(unindexed) >= INDEX_BATCH:
                    _index(unindexed, counts, progress)
                    unindexed = []
        if pending:
            unindexed += _flush(pending, target, counts)
    finally:
        # Committed batches are indexed even when a later line stops the import.
        _index(unindexed, counts, progress)
    return counts


def _index(ids: list[int], counts: Counts, progress: Progress | None) -> None:
    """Hand ``ids`` to the search index in parts of INDEX_PART, saying so before each (the
    index takes most of an import's time: it must not look stalled)."""
    for start in range(0, len(ids), INDEX_PART):
        if progress is not None:
            counts.indexing, counts.indexed = len(ids), start
            progress(counts)
        searchhooks.documents_changed(ids[start : start + INDEX_PART])
    counts.indexing = counts.indexed = 0


def _flush(pending: list[corpus.Record], target: Target, counts: Counts) -> list[int]:
    """Write one batch (its own transaction); returns the new, committed item ids."""
    ids = write_batch(pending, target)
    counts.imported += len(ids)
    return ids

"""The change log: every publication (first or revision), file take-down and withdrawal of an item
written here appends one ``Change`` inside the publishing transaction (receivers of the lifecycle
signals, apps.py), so a rolled-back publication logs nothing and a committed one is never missed.

Order: the number comes from ``ChangeCounter`` under a row lock held until the publishing
transaction commits, so numbers are handed out in commit order. A reader that has read up to N
can never later meet a committed change below N (a lock-free sequence would let publication A
take 7, B take 8 and commit first, and a reader at 8 would skip 7 for ever). The cost: appends
of concurrent publications queue for the counter row for the rest of their transactions; on
SQLite writers are serialised anyway.

Left out (RULINGS.md 11, issue 19): carried items (received or imported: never exported again,
so no loops) and unlisted ones.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db.models import Max, QuerySet
from django.utils import timezone

from gongkai.exchange import format as fmt
from gongkai.exchange.models import Change, ChangeCounter, ChangeKind, Partner
from gongkai.publishing.models import Item, State
from gongkai.sites.selection import with_descendants

log = logging.getLogger("gongkai.exchange")


def exported(item: Item) -> bool:
    return not item.carried and not item.unlisted and item.published_revision_id is not None


def on_published(sender: Any, item: Item, revision: Any = None, **kwargs: Any) -> None:
    if exported(item):
        append(item, ChangeKind.PUBLISHED)


def on_withdrawn(sender: Any, item: Item, attachment: Any = None, **kwargs: Any) -> None:
    """A withdrawal is the item's tombstone; one file taken down is a new record of the item
    without that file (RULINGS.md 10)."""
    if exported(item):
        append(item, ChangeKind.PUBLISHED if attachment is not None else ChangeKind.WITHDRAWN)


def on_text_read(sender: Any, item: Item, attachment: Any = None, **kwargs: Any) -> None:
    """A file read after publication (the gazette import's, an archive sweep): an item withheld
    because a file was not yet screened is looked at again."""
    if not exported(item) or item.state == State.WITHDRAWN:
        return
    if Change.objects.filter(item=item, superseded=False).exclude(withheld="").exists():
        append(item, ChangeKind.PUBLISHED)


def _next_seq() -> int:
    counter = ChangeCounter.objects.select_for_update().filter(one=True).first()
    if counter is None:  # the migration made it; a flushed test database may lack it
        counter, _ = ChangeCounter.objects.get_or_create(one=True)
        counter = ChangeCounter.objects.select_for_update().get(pk=counter.pk)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def append(item: Item, kind: str) -> Change:
    """Log one change of ``item`` (inside the caller's transaction). Earlier changes of the item
    are superseded: the feed sends the item as it is now, once."""
    seq = _next_seq()
    version = (Change.objects.filter(item=item).aggregate(v=Max("version"))["v"] or 0) + 1
    Change.objects.filter(item=item, superseded=False).update(superseded=True)
    files = fmt.public_files(item) if kind == ChangeKind.PUBLISHED else []
    withheld = fmt.personal_data(item, files) if kind == ChangeKind.PUBLISHED else ""
    if withheld:
        log.warning("exchange: item withheld", extra={"event": "exchange.withheld", "item": item.pk})
    revision = item.published_revision
    return Change.objects.create(
        seq=seq,
        item=item,
        version=version,
        kind=kind,
        public_revision=revision.number if revision is not None else 1,
        withheld=withheld,
        created_at=timezone.now(),
    )


def granted(partner: Partner | None) -> QuerySet[Change]:
    """The current changes a partner may read: the office's filters (AND between keys, OR within;
    a unit includes its sub-units), never a withheld one."""
    changes = Change.objects.filter(superseded=False, withheld="")
    if partner is None:
        return changes
    if partner.unit_ids:
        changes = changes.filter(item__unit_id__in=with_descendants(int(i) for i in partner.unit_ids))
    if partner.domain_ids:
        changes = changes.filter(item__published_revision__catalogue_entry__domain_id__in=partner.domain_ids)
    if partner.kinds:
        changes = changes.filter(item__published_revision__kind__in=partner.kinds)
    return changes


def after(partner: Partner | None, cursor: int, limit: int) -> tuple[list[Change], int]:
    """Up to ``limit`` changes after ``cursor``, oldest first, and the next cursor: the last one
    returned, or — when none is left for this partner — the newest number logged, so a reader
    whose filters leave most changes out does not read them again."""
    # The newest number first: a change committing while we read is past it, read next time.
    newest = Change.objects.aggregate(n=Max("seq"))["n"] or 0
    found = list(
        granted(partner)
        .filter(seq__gt=cursor, seq__lte=newest)
        .select_related(
            "item__unit",
            "item__published_revision__catalogue_entry__domain",
            "item__policy",
        )
        .order_by("seq")[:limit]
    )
    if len(found) == limit:
        return found, found[-1].seq
    return found, max(cursor, newest)


def oldest_pending(partner: Partner) -> Change | None:
    return granted(partner).filter(seq__gt=partner.pushed_cursor).order_by("seq").first()

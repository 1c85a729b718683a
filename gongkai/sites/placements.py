"""Placements: which current public items each column shows (models.Placement), kept true.

* An item published (first time or a new revision): its placements are computed again from
  every active column's rules and picks, inside the publishing transaction (signals.published).
* An item withdrawn: its placements go (signals.withdrawn); the page stays reachable by its
  address with the reason, but no column lists it.
* A column created, changed, retired or re-picked: the column's placements are rebuilt
  (rebuild_column), in chunks — at 100,000 matching items a few seconds, on the office's
  save, never on a public request.

Items marked ``unlisted`` (subsidy lists, RULINGS.md 11) are never placed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from gongkai.orgs.models import Unit
from gongkai.publishing.access import current_items
from gongkai.publishing.models import Item
from gongkai.sites import selection
from gongkai.sites.models import Column, ColumnPick, Placement

CHUNK = 2_000


def placeable() -> QuerySet[Item]:
    """Current public items, less what must never be listed (RULINGS.md 11)."""
    return current_items().filter(unlisted=False)


def _ancestors(unit_id: int) -> set[int]:
    parents = dict(Unit.objects.values_list("pk", "parent_id"))
    found: set[int] = set()
    current: int | None = unit_id
    while current is not None and current not in found:
        found.add(current)
        current = parents.get(current)
    return found


def active_columns() -> QuerySet[Column]:
    return Column.objects.filter(retired=False, site__active=True)


@transaction.atomic
def place_item(item: Item) -> int:
    """Compute the item's placements again; returns how many it has now."""
    Placement.objects.filter(item_id=item.pk).delete()
    fresh = placeable().filter(pk=item.pk).select_related("published_revision").first()
    if fresh is None:
        return 0
    revision = fresh.published_revision
    assert revision is not None
    units = _ancestors(fresh.unit_id)
    picked = set(ColumnPick.objects.filter(item_id=item.pk).values_list("column_id", flat=True))
    rows = [
        Placement(site_id=column.site_id, column_id=column.pk, item_id=item.pk, published_at=revision.published_at)
        for column in active_columns().only("pk", "site_id", "rules")
        if column.pk in picked or selection.matches(column.rules, units, revision)
    ]
    Placement.objects.bulk_create(rows)
    return len(rows)


def unplace_item(item: Item) -> None:
    Placement.objects.filter(item_id=item.pk).delete()


def _selected(column: Column) -> Iterator[tuple[int, Any]]:
    """(item id, published_at) of every current public item the column selects."""
    items = placeable()
    q = selection.rules_q(column.rules)
    seen: set[int] = set()
    if q is not None:
        for pk, at in items.filter(q).values_list("pk", "published_revision__published_at").iterator(CHUNK):
            seen.add(pk)
            yield pk, at
    picks = items.filter(column_picks__column=column).values_list("pk", "published_revision__published_at")
    for pk, at in picks:
        if pk not in seen:
            yield pk, at


@transaction.atomic
def rebuild_column(column: Column) -> int:
    """Rebuild one column's placements; returns how many it has now."""
    Placement.objects.filter(column_id=column.pk).delete()
    if column.retired or not Column.objects.filter(pk=column.pk, site__active=True).exists():
        return 0
    count = 0
    batch: list[Placement] = []
    for pk, at in _selected(column):
        batch.append(Placement(site_id=column.site_id, column_id=column.pk, item_id=pk, published_at=at))
        if len(batch) >= CHUNK:
            Placement.objects.bulk_create(batch)
            count += len(batch)
            batch = []
    Placement.objects.bulk_create(batch)
    return count + len(batch)


def rebuild_site(site_id: int) -> int:
    return sum(rebuild_column(column) for column in Column.objects.filter(site_id=site_id))


def rebuild_all() -> int:
    """Every column again (manage.py rebuild_placements: after a restore or a bulk import)."""
    return sum(rebuild_column(column) for column in Column.objects.all())

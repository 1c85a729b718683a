"""Changes to the standard catalogue: each checked, saved and audited here.

Views, the import and the demo seed all come through these functions.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from gongkai.actor import Actor
from gongkai.audit.services import changed, record, snapshot
from gongkai.catalog import access, rows, seed
from gongkai.catalog.models import CatalogueEntry, Domain

DOMAIN_FIELDS = ["name", "code", "kind", "basis", "position", "active"]
ENTRY_FIELDS = [
    "domain",
    "level",
    "first_level",
    "second_level",
    "content_elements",
    "basis",
    "time_limit",
    "time_limit_days",
    "subject",
    "channels",
    "audience",
    "mode",
    "position",
    "active",
]
# What a sheet carries; time_limit_days follows the 公开时限 text, ``active`` stays as it is.
IMPORTED_FIELDS = [name for name in ENTRY_FIELDS if name not in {"time_limit_days", "active"}]


def _save(actor: Actor, obj: Domain | CatalogueEntry, fields: list[str], action: str, **data: Any) -> None:
    creating = obj.pk is None
    before = None if creating else snapshot(obj, fields)
    for key, value in data.items():
        setattr(obj, key, value)
    obj.full_clean()
    obj.save()
    old, new = changed(before, snapshot(obj, fields))
    if new:
        record(actor, f"{action}.created" if creating else f"{action}.changed", obj, before=old or None, after=new)


@transaction.atomic
def create_domain(actor: Actor, **data: Any) -> Domain:
    access.require_keeper(actor)
    domain = Domain()
    _save(actor, domain, DOMAIN_FIELDS, "catalogue.domain", **data)
    return domain


@transaction.atomic
def update_domain(actor: Actor, domain: Domain, **data: Any) -> Domain:
    access.require_keeper(actor)
    _save(actor, domain, DOMAIN_FIELDS, "catalogue.domain", **data)
    return domain


@transaction.atomic
def create_entry(actor: Actor, **data: Any) -> CatalogueEntry:
    access.require_keeper(actor)
    entry = CatalogueEntry()
    _save(actor, entry, ENTRY_FIELDS, "catalogue.entry", **data)
    return entry


@transaction.atomic
def update_entry(actor: Actor, entry: CatalogueEntry, **data: Any) -> CatalogueEntry:
    """Change an entry. A changed 公开时限 text without an explicit day count re-reads the days."""
    access.require_keeper(actor)
    if "time_limit" in data and "time_limit_days" not in data and data["time_limit"] != entry.time_limit:
        data["time_limit_days"] = None
    _save(actor, entry, ENTRY_FIELDS, "catalogue.entry", **data)
    return entry


@dataclass(frozen=True)
class ImportCounts:
    created: int
    updated: int
    unchanged: int


def _upsert(entry: CatalogueEntry, current: CatalogueEntry | None) -> str:
    if current is None:
        entry.save()
        return "created"
    before = snapshot(current, ENTRY_FIELDS)
    for name in IMPORTED_FIELDS:
        setattr(current, name, getattr(entry, name))
    if current.time_limit != before["time_limit"]:
        current.time_limit_days = entry.time_limit_days
    if snapshot(current, ENTRY_FIELDS) == before:
        return "unchanged"
    current.save()
    return "updated"


@transaction.atomic
def apply_import(actor: Actor, entries: Sequence[CatalogueEntry], source: str) -> ImportCounts:
    """Upsert checked entries by (domain, level, 一级事项, 二级事项); one audit entry with the counts."""
    access.require_keeper(actor)
    existing = {rows.entry_key(e): e for e in CatalogueEntry.objects.all()}
    outcome = {"created": 0, "updated": 0, "unchanged": 0}
    for entry in entries:
        outcome[_upsert(entry, existing.get(rows.entry_key(entry)))] += 1
    counts = ImportCounts(**outcome)
    record(
        actor,
        "catalogue.imported",
        object_type=CatalogueEntry._meta.label_lower,
        after={**outcome, "rows": len(entries), "file": source[:100]},
        note=source[:200],
    )
    return counts


def _seed_domains() -> int:
    created = 0
    taken = set(Domain.objects.values_list("code", flat=True)) | set(Domain.objects.values_list("name", flat=True))
    for position, item in enumerate(seed.DOMAINS, start=1):
        if item.code in taken or item.name in taken:
            continue
        domain = Domain(name=item.name, code=item.code, kind=item.kind, basis=item.basis, position=position)
        domain.full_clean()
        domain.save()
        created += 1
    return created


def _seed_entries() -> int:
    with seed.ENTRIES_CSV.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        # A domain the office renamed or removed keeps its own entries; its seed rows are skipped.
        names = set(Domain.objects.values_list("name", flat=True))
        table = [(number, cells) for number, cells in enumerate(reader, start=2) if cells[1] in names]
    if not table:
        return 0
    existing = set(CatalogueEntry.objects.values_list("domain_id", "level", "first_level", "second_level"))
    new = [entry for entry in rows.validate(header, table) if rows.entry_key(entry) not in existing]
    for entry in new:
        entry.save()
    return len(new)


@transaction.atomic
def seed_catalogue(actor: Actor | None = None, *, entries: bool = True) -> int:
    """Load the 41 domains and (unless ``entries=False``) the demo district's catalogue.

    Returns how many domains and entries were created. Idempotent: what exists (domains matched
    by code or name, entries by domain, level and 事项) is left as the office keeps it, so a
    second run creates nothing and writes no audit entry.
    """
    domains = _seed_domains()
    created = _seed_entries() if entries else 0
    if domains or created:
        record(
            actor,
            "catalogue.seeded",
            object_type=CatalogueEntry._meta.label_lower,
            after={"domains": domains, "entries": created},
            note="seed_catalogue",
        )
    return domains + created

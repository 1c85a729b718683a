"""The catalogue as one unit sees it: the domains in which the catalogue names the unit as 公开主体,
and the entries of those domains at the unit's level — what the unit's items are filed under.

A unit is not linked to domains by a table: the standard catalogue says who publishes each entry in
its 公开主体 column ("康巴什区民政局", "康巴什区民政局、康巴什区财政局", "各街道办事处", "各部门").
The office keeps that column, so the unit's domains follow the catalogue as it is edited.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from gongkai.catalog.models import CatalogueEntry, Domain
from gongkai.orgs.models import Unit

# "各街道办事处…" names every street.
STREETS_SUBJECT = "各街道"
# Subjects that name every organ of the county level without naming one: each department, each
# budget unit and each law-enforcing organ publishes its own functions, budget and penalties.
EVERY_ORGAN_SUBJECTS = ("各部门", "各预算部门", "各行政执法部门")


def level_of(unit: Unit) -> str:
    """Streets publish at 街道（乡镇）级, every other unit at 区（县）级."""
    return CatalogueEntry.Level.TOWNSHIP if unit.kind == Unit.Kind.STREET else CatalogueEntry.Level.COUNTY


def names_unit(unit: Unit, *, every_organ: bool = True) -> Q:
    """Entries whose 公开主体 names the unit: its full or short name, for a street "各街道…", and
    — unless ``every_organ`` is off — a subject naming every organ of its kind ("各部门" …: what a
    unit may file under; the assessment scores only what names the unit itself)."""
    names = Q(subject__contains=unit.name)
    if unit.short_name:
        names |= Q(subject__contains=unit.short_name)
    if unit.kind == Unit.Kind.STREET:
        return names | Q(subject__contains=STREETS_SUBJECT)
    for subject in EVERY_ORGAN_SUBJECTS if every_organ else ():
        names |= Q(subject__contains=subject)
    return names


def domains_of(unit: Unit) -> QuerySet[Domain]:
    """The active domains with an active entry of the unit's level that names the unit."""
    named = CatalogueEntry.objects.filter(names_unit(unit), level=level_of(unit), active=True)
    return Domain.objects.filter(active=True, pk__in=named.values("domain_id"))


def entries_for(unit: Unit) -> QuerySet[CatalogueEntry]:
    """The active entries of the unit's level in the unit's domains, domain by domain."""
    return (
        CatalogueEntry.objects.filter(active=True, level=level_of(unit), domain__in=domains_of(unit))
        .select_related("domain")
        .order_by("domain__position", "domain_id", "position", "id")
    )


def entries_for_units(units: QuerySet[Unit]) -> QuerySet[CatalogueEntry]:
    """The entries any of ``units`` may file an item under (an editor working for several units)."""
    ids: set[int] = set()
    for unit in units:
        ids.update(entries_for(unit).values_list("pk", flat=True))
    return (
        CatalogueEntry.objects.filter(pk__in=ids)
        .select_related("domain")
        .order_by("domain__position", "domain_id", "level", "position", "id")
    )

"""Figures the assessment needs that ``reports.stats`` does not hold: the unit's catalogue entries
with their publications, and the reviews and lawsuits that corrected the unit.

Every other figure comes from ``reports.stats`` (the dashboards show the same numbers); this module
only adds the two above and gathers all of them per unit for the rules. When the dashboards need
these too, they belong in ``reports.stats``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from gongkai.assessment.rules import AppealsFigure, CatalogueFigure, CorrectionFigure, EntryFigure
from gongkai.catalog.models import CatalogueEntry
from gongkai.catalog.units import level_of, names_unit
from gongkai.foi.models import Appeal
from gongkai.foi.vocab import AppealResult
from gongkai.orgs.models import Unit
from gongkai.publishing.models import ItemRevision, State
from gongkai.reports import stats


def entries_of(unit: Unit) -> QuerySet[CatalogueEntry]:
    """The active proactive entries of the unit's level whose 公开主体 names the unit (its full or
    short name; for a street also "各街道…"; catalog.units). A generic subject such as
    "各行政执法部门" or "采购人" names no unit and is scored for none: the office makes an entry
    count by naming the unit."""
    return CatalogueEntry.objects.filter(
        names_unit(unit, every_organ=False), level=level_of(unit), active=True, mode=CatalogueEntry.Mode.PROACTIVE
    ).order_by("domain__position", "position", "id")


def reference_day(year: int, today: dt.date) -> dt.date:
    """Columns are judged on 31 December, or on today while the year runs."""
    return min(dt.date(year, 12, 31), today)


def catalogue(unit: Unit, year: int, today: dt.date) -> CatalogueFigure:
    """Each entry of the unit with its publications in the year and its last publication up to the
    reference day. A publication is a revision the unit published under the entry (the revision's
    own catalogue entry, as the public saw it); withdrawn items no longer fill a column, and a
    document carried from a higher level (``Item.carried``) never does."""
    reference = reference_day(year, today)
    entries = list(entries_of(unit))
    revisions = (
        ItemRevision.objects.filter(item__unit=unit, catalogue_entry__in=entries, published_at__date__lte=reference)
        .exclude(item__state=State.WITHDRAWN)
        .exclude(item__carried=True)  # a carried document is not the unit's own publication
        .values("catalogue_entry_id")
        .annotate(last=Max("published_at"), in_year=Count("id", filter=Q(published_at__date__gte=dt.date(year, 1, 1))))
    )
    found = {row["catalogue_entry_id"]: row for row in revisions}
    rows = []
    for entry in entries:
        row = found.get(entry.pk)
        label = f"{entry.first_level}·{entry.second_level}" if entry.second_level else entry.first_level
        last = timezone.localdate(row["last"]) if row else None
        rows.append(EntryFigure(label, row["in_year"] if row else 0, last))
    return CatalogueFigure(reference, rows)


def corrections(unit: Unit, year: int) -> AppealsFigure:
    """Reviews and lawsuits about the unit's applications decided in the year, and those with
    结果纠正 (one recorded without a decision day counts in the year it was filed). Counted by
    decision, not by filing as Table 四 does, so that a case filed in one year and decided in the
    next is counted once."""
    decided = Q(decided_on__year=year) | Q(decided_on__isnull=True, filed_on__year=year)
    appeals = Appeal.objects.filter(decided, request__unit=unit).exclude(result=AppealResult.PENDING)
    corrected = appeals.filter(result=AppealResult.CORRECTED).order_by("decided_on", "id")
    found = [CorrectionFigure(a.get_kind_display(), a.case_number, a.decided_on) for a in corrected]
    return AppealsFigure(appeals.count(), found)


def _one(unit: Unit) -> QuerySet[Unit]:
    return Unit.objects.filter(pk=unit.pk)


def _timeliness(units: list[Unit], year: int, today: dt.date) -> dict[int, Any]:
    ids = Unit.objects.filter(pk__in=[u.pk for u in units])
    return {row["unit_id"]: row for row in stats.timeliness(ids, year, today)}


# figure key (Rule.figure) → the figures of the given units, by unit id.
GATHER: dict[str, Callable[[list[Unit], int, dt.date], dict[int, Any]]] = {
    "timeliness": _timeliness,
    "replies": lambda units, year, today: {u.pk: stats.replies(_one(u), year) for u in units},
    "interpretation": lambda units, year, today: {u.pk: stats.interpretation_coverage(_one(u), year) for u in units},
    "catalogue": lambda units, year, today: {u.pk: catalogue(u, year, today) for u in units},
    "corrections": lambda units, year, today: {u.pk: corrections(u, year) for u in units},
}

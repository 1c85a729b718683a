"""Due-soon and overdue lists, and the timeliness rate per unit (条例 Art. 26) for reports."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db.models import QuerySet

from gongkai.orgs.models import Unit
from gongkai.publishing import clock
from gongkai.publishing.access import items_visible_to
from gongkai.publishing.models import Item, State
from gongkai.workdays.calendar import CalendarMissing, WorkCalendar


def unpublished(user: Any) -> QuerySet[Item]:
    """Never-published items that have a deadline (withdrawn ones are out of the clock)."""
    return (
        items_visible_to(user)
        .filter(first_published_on__isnull=True, publish_due_on__isnull=False)
        .exclude(state=State.WITHDRAWN)
        .select_related("unit")
        .order_by("publish_due_on", "id")
    )


def due_lists(user: Any, today: dt.date, calendar: WorkCalendar) -> tuple[list[Item], list[Item]]:
    """(due soon, overdue) for the items ``user`` may see, earliest deadline first."""
    soon, overdue = [], []
    for item in unpublished(user):
        if clock.is_overdue(item.publish_due_on, None, today):
            overdue.append(item)
        else:
            try:
                if clock.is_due_soon(item.publish_due_on, None, today, calendar):
                    soon.append(item)
            except CalendarMissing:
                soon.append(item)  # cannot count: show it rather than hide it
    return soon, overdue


def timeliness_by_unit(
    units: QuerySet[Unit], start: dt.date, end: dt.date, today: dt.date
) -> list[tuple[Unit, clock.Timeliness]]:
    rows: dict[int, list[tuple[dt.date | None, dt.date | None]]] = defaultdict(list)
    items = Item.objects.filter(unit__in=units, publish_due_on__range=(start, end)).exclude(
        state=State.WITHDRAWN, first_published_on__isnull=True
    )
    for unit_id, due, published in items.values_list("unit_id", "publish_due_on", "first_published_on"):
        rows[unit_id].append((due, published))
    return [(unit, clock.timeliness(rows.get(unit.pk, []), start, end, today)) for unit in units]


def blocked(user: Any) -> QuerySet[Item]:
    """Never-published items whose deadline cannot be computed (a calendar year is missing)."""
    return (
        items_visible_to(user)
        .filter(first_published_on__isnull=True, publish_due_on__isnull=True)
        .exclude(due_problem="")
        .exclude(state=State.WITHDRAWN)
        .select_related("unit")
        .order_by("formed_on", "id")
    )

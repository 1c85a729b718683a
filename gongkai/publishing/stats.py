"""Due-soon and overdue lists, and the timeliness rate per unit (条例 Art. 26) for reports.

The clock belongs to the working copy, whether or not an earlier revision was published: a
working copy that is not public yet (a scheduled one is not) and has a deadline is due soon or
overdue by it. Publications are judged by the deadline their own revision kept.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Q, QuerySet
from django.utils import timezone

from gongkai.actor import Actor
from gongkai.orgs.models import Unit
from gongkai.publishing import clock
from gongkai.publishing.access import items_visible_to
from gongkai.publishing.models import Item, ItemRevision, State
from gongkai.workdays.calendar import CalendarMissing, WorkCalendar

# Out of the clock: the working copy is public (published) or was given up (withdrawn).
SETTLED_STATES = (State.PUBLISHED, State.WITHDRAWN)


def waiting() -> Q:
    """Working copies whose clock runs (not published yet, not withdrawn)."""
    return ~Q(state__in=SETTLED_STATES)


def working_deadline(item: Item) -> dt.date | None:
    """The last day the working copy must be published by, or None when it has none to meet."""
    return None if item.state in SETTLED_STATES else item.publish_due_on


def is_overdue(item: Item, today: dt.date) -> bool:
    """The one rule for "overdue" (lists and API): its working copy's deadline has passed unpublished."""
    return clock.is_overdue(working_deadline(item), None, today)


def unpublished(user: Actor) -> QuerySet[Item]:
    """Working copies not yet published that have a deadline (a revision of a published item too)."""
    return (
        items_visible_to(user)
        .filter(waiting(), publish_due_on__isnull=False)
        .select_related("unit")
        .order_by("publish_due_on", "id")
    )


def due_lists(user: Actor, today: dt.date, calendar: WorkCalendar) -> tuple[list[Item], list[Item]]:
    """(due soon, overdue) for the items ``user`` may see, earliest deadline first."""
    soon, overdue = [], []
    for item in unpublished(user):
        if is_overdue(item, today):
            overdue.append(item)
        else:
            try:
                if clock.is_due_soon(working_deadline(item), None, today, calendar):
                    soon.append(item)
            except CalendarMissing:
                soon.append(item)  # cannot count: show it rather than hide it
    return soon, overdue


def timeliness_by_unit(
    units: QuerySet[Unit], start: dt.date, end: dt.date, today: dt.date
) -> list[tuple[Unit, clock.Timeliness]]:
    """Every publication by its own revision's deadline and publication day, plus the working
    copies still waiting (overdue once their deadline has passed). Carried documents are not
    the units' own information: they never count (issue 17, point 1)."""
    rows: dict[int, list[tuple[dt.date | None, dt.date | None]]] = defaultdict(list)
    revisions = ItemRevision.objects.filter(item__unit__in=units, item__carried=False, due_on__range=(start, end))
    for unit_id, due, published_at in revisions.values_list("item__unit_id", "due_on", "published_at"):
        rows[unit_id].append((due, timezone.localdate(published_at)))
    pending = Item.objects.filter(waiting(), unit__in=units, carried=False, publish_due_on__range=(start, end))
    for unit_id, due in pending.values_list("unit_id", "publish_due_on"):
        rows[unit_id].append((due, None))
    return [(unit, clock.timeliness(rows.get(unit.pk, []), start, end, today)) for unit in units]


def blocked(user: Actor) -> QuerySet[Item]:
    """Working copies not yet published whose deadline cannot be computed (a calendar year is missing)."""
    return (
        items_visible_to(user)
        .filter(waiting(), publish_due_on__isnull=True)
        .exclude(due_problem="")
        .select_related("unit")
        .order_by("formed_on", "id")
    )

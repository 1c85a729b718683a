"""Figures for the dashboards and the assessment, from what the platform recorded, for a set of
units and a year. One place computes each figure: the dashboards show them, the assessment scores
them, and both cite the same evidence.

Conventions:
- Proactive timeliness: each publication by its own revision's deadline (条例 Art. 26), via
  ``publishing.stats.timeliness_by_unit``.
- A reply is on time when it is dated on or before the due date in force when it was given (the
  due date already includes corrections, consultations, extensions and fee periods, 条例
  Art. 30–33). A reply without a known due date (blank, or provisional in a year the calendar
  does not hold) is neither on time nor late: it is left out of the rate and counted apart.
  Working days to reply count from receipt to reply (民法典 Art. 201: the receipt day not
  counted), the statutory periods that stop the clock included, so the figure shows how long an
  applicant waited.
- Interpretation coverage: normative documents of the units first published in the year that
  went live with a published interpretation (三同步); exemptions recorded by a signer are shown
  apart, not counted as covered.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet

from gongkai.foi.models import Request
from gongkai.foi.vocab import RUNNING_STATES, Outcome
from gongkai.orgs.models import Unit
from gongkai.policies.models import Interpretation, InterpretationExemption
from gongkai.publishing import stats as publishing_stats
from gongkai.publishing.models import Item, ItemRevision
from gongkai.workdays.calendar import CalendarMissing
from gongkai.workdays.services import get_calendar

OUTCOME_GROUPS = {
    "disclosed": ("disclosed",),
    "partly_disclosed": ("partly_disclosed",),
    "withheld": tuple(o.value for o in Outcome if o.value.startswith("withheld_")),
    "unavailable": tuple(o.value for o in Outcome if o.value.startswith("unavailable_")),
    "not_processed": tuple(o.value for o in Outcome if o.value.startswith("not_processed_")),
    "other": ("other_correction_lapsed", "other_fee_lapsed", "other"),
}


def _year(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


@dataclass(frozen=True)
class Rate:
    """A share with what it was computed from (no unexplained figures)."""

    numerator: int
    denominator: int

    @property
    def value(self) -> float | None:
        return None if self.denominator == 0 else self.numerator / self.denominator

    def as_dict(self) -> dict[str, Any]:
        value = self.value
        return {"numerator": self.numerator, "denominator": self.denominator, "rate": value}


def timeliness(units: QuerySet[Unit], year: int, today: dt.date) -> list[dict[str, Any]]:
    """Per unit: publications due in the year, on time, late, overdue, and the on-time rate."""
    first, last = _year(year)
    rows = []
    for unit, figures in publishing_stats.timeliness_by_unit(units, first, min(last, today), today):
        rows.append(
            {
                "unit_id": unit.pk,
                "unit": unit.name,
                "due": figures.due,
                "on_time": figures.on_time,
                "late": figures.late,
                "overdue": figures.overdue,
                "rate": figures.rate,
            }
        )
    return rows


def items_per_domain(units: QuerySet[Unit], year: int) -> list[dict[str, Any]]:
    """Publications in the year by the catalogue domain of the published revision (the units'
    own: a carried law dated in the year is not the district's publication, issue 17 point 1)."""
    first, last = _year(year)
    revisions = ItemRevision.objects.filter(
        item__unit__in=units, item__carried=False, published_at__date__range=(first, last)
    )
    counted = revisions.values("catalogue_entry__domain__name").annotate(n=Count("id")).order_by("-n")
    return [{"domain": row["catalogue_entry__domain__name"] or "", "count": row["n"]} for row in counted]


def applications_by_month(units: QuerySet[Unit], year: int) -> list[dict[str, Any]]:
    """Applications received each month, and outcomes recorded each month by outcome group."""
    first, last = _year(year)
    received = Counter(
        d.month
        for d in Request.objects.filter(unit__in=units, received_on__range=(first, last)).values_list(
            "received_on", flat=True
        )
    )
    outcomes: dict[int, Counter[str]] = {m: Counter() for m in range(1, 13)}
    closed = Request.objects.filter(unit__in=units, outcome_on__range=(first, last))
    for outcome, on in closed.values_list("outcome", "outcome_on"):
        assert on is not None  # filtered on its range above
        group = next((g for g, codes in OUTCOME_GROUPS.items() if outcome in codes), "other")
        outcomes[on.month][group] += 1
    return [
        {"month": m, "received": received.get(m, 0), **{g: outcomes[m].get(g, 0) for g in OUTCOME_GROUPS}}
        for m in range(1, 13)
    ]


def replies(units: QuerySet[Unit], year: int) -> dict[str, Any]:
    """Replies given in the year: on time (by the due date then in force) and the average working
    days from receipt to reply.

    A reply whose due date is not known yet is left out of the on-time rate and counted in
    ``due_unknown``: its due date is blank, or lies in a year the calendar does not hold (a
    provisional date, counted on weekends only: RULINGS.md 2). An application received in
    December whose 20 working days (条例 Art. 33) reach into a year the State Council has not yet
    announced (REGULATIONS.md §9) has no due date to be late against; counting it late would punish
    the unit for the calendar. Once the year is entered its due date is recomputed and it counts.
    Applications whose days cannot be counted (a calendar year missing) are left out of the average
    and counted in ``uncounted``."""
    first, last = _year(year)
    replied = Request.objects.filter(unit__in=units, replied_on__range=(first, last))
    calendar = get_calendar()
    on_time = total = due_unknown = days = counted = uncounted = 0
    rows = replied.values_list("received_on", "replied_on", "due_on", "due_provisional")
    for received_on, replied_on, due_on, provisional in rows:
        assert replied_on is not None  # filtered on its range above
        total += 1
        if due_on is None or provisional or not calendar.knows(due_on.year):
            due_unknown += 1
        else:
            on_time += replied_on <= due_on
        try:
            days += calendar.working_days_between(received_on, replied_on)
            counted += 1
        except CalendarMissing:
            uncounted += 1
    return {
        "replied": total,
        "on_time": Rate(on_time, total - due_unknown).as_dict(),
        "due_unknown": due_unknown,
        "average_working_days": None if counted == 0 else round(days / counted, 1),
        "counted": counted,
        "uncounted": uncounted,
    }


def overdue_now(units: QuerySet[Unit], today: dt.date) -> dict[str, int]:
    """Open work past its deadline today: applications whose clock runs, and items not yet public."""
    requests = Request.objects.filter(unit__in=units, state__in=RUNNING_STATES, due_on__lt=today).count()
    waiting = Item.objects.filter(publishing_stats.waiting(), unit__in=units, carried=False, publish_due_on__lt=today)
    return {"requests": requests, "items": waiting.count()}


def interpretation_coverage(units: QuerySet[Unit], year: int) -> dict[str, Any]:
    """Normative documents first published in the year, and how many went live with a published
    interpretation (三同步) or under a signer's recorded exemption."""
    first, last = _year(year)
    documents = Item.objects.filter(
        unit__in=units,
        kind="policy",
        carried=False,
        published_revision__normative=True,
        first_published_on__range=(first, last),
    ).values_list("pk", flat=True)
    ids = set(documents)
    interpreted = set(
        Interpretation.objects.filter(document_id__in=ids, item__published_revision__isnull=False).values_list(
            "document_id", flat=True
        )
    )
    exempted = set(InterpretationExemption.objects.filter(document_id__in=ids).values_list("document_id", flat=True))
    return {
        "normative": len(ids),
        "interpreted": len(interpreted),
        "exempted": len(exempted - interpreted),
        "coverage": Rate(len(interpreted), len(ids)).as_dict(),
    }

"""Inquiry figures for dashboards, assessment and the national website check.

- The response rate counts valid inquiries only: ones marked invalid (spam, duplicates …) are
  recorded but are not questions the unit owed an answer to.
- ``unanswered_over_3_months`` is veto item 5 of 国办秘函〔2019〕19号 (REGULATIONS.md §5): a
  valid message left unanswered for more than three months (``rules.unanswered_too_long``).
  ``inspection_failures`` applies it to the year before a monitoring point, as the check does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q, QuerySet

from gongkai.orgs.models import Unit
from gongkai.participation.inquiries import rules
from gongkai.participation.models import Inquiry

State = Inquiry.State
OPEN = (State.RECEIVED, State.AWAITING_REVIEW)


@dataclass(frozen=True)
class InquiryFigures:
    received: int  # every inquiry received in the year, invalid ones included
    invalid: int
    valid: int
    answered: int
    answered_on_time: int  # answered on or before the due date
    response_rate: Decimal | None  # answered / valid, in per cent, one decimal; None without valid ones
    on_time_rate: Decimal | None  # answered on time / answered
    open: int
    overdue_now: int  # open and past the due date on ``today``
    unanswered_over_3_months: int

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def _rate(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part * 100) / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _scope(units: Iterable[Unit | int] | QuerySet[Unit] | None) -> QuerySet[Inquiry]:
    found = Inquiry.objects.all()
    if units is not None:
        found = found.filter(unit__in=[u if isinstance(u, int) else u.pk for u in units])
    return found


def inquiry_figures(units: Iterable[Unit | int] | QuerySet[Unit] | None, year: int, today: dt.date) -> InquiryFigures:
    """The figures of inquiries received in ``year`` by ``units`` (None: every unit), as of ``today``."""
    rows = list(
        _scope(units).filter(received_on__year=year).values_list("state", "received_on", "due_on", "answered_on")
    )
    valid = [r for r in rows if r[0] != State.INVALID]
    answered = [r for r in valid if r[0] == State.ANSWERED]
    on_time = [r for r in answered if r[2] is not None and r[3] is not None and r[3] <= r[2]]
    still_open = [r for r in valid if r[0] in OPEN]
    overdue = [r for r in still_open if r[2] is not None and r[2] < today]
    too_long = [r for r in valid if rules.unanswered_too_long(r[1], r[3] if r[0] == State.ANSWERED else None, today)]
    return InquiryFigures(
        received=len(rows),
        invalid=len(rows) - len(valid),
        valid=len(valid),
        answered=len(answered),
        answered_on_time=len(on_time),
        response_rate=_rate(len(answered), len(valid)),
        on_time_rate=_rate(len(on_time), len(answered)),
        open=len(still_open),
        overdue_now=len(overdue),
        unanswered_over_3_months=len(too_long),
    )


def inspection_failures(units: Iterable[Unit | int] | QuerySet[Unit] | None, today: dt.date) -> list[Inquiry]:
    """Valid inquiries that break veto item 5 within the year before ``today`` (the monitoring
    point): left unanswered for more than three months at some time in that year. An empty list
    means the 政务咨询 column passes this item."""
    start = rules.inspection_window_start(today)
    # Unanswered at some time in the window: still open, or answered after the window began.
    candidates = _scope(units).exclude(state=State.INVALID)
    candidates = candidates.filter(Q(answered_on__isnull=True) | Q(answered_on__gt=start) | ~Q(state=State.ANSWERED))
    failing = []
    for inquiry in candidates.select_related("unit").order_by("received_on", "id"):
        answered_on = inquiry.answered_on if inquiry.state == State.ANSWERED else None
        if rules.unanswered_too_long(inquiry.received_on, answered_on, today):
            failing.append(inquiry)
    return failing

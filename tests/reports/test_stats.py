"""The figures of ``reports.stats`` that the dashboards and the assessment share: a reply whose due
date is not known yet (it lies in a year the calendar does not hold) is left out of the on-time
rate and counted apart, never counted late (issue 16, point 1)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from gongkai.orgs.models import SiteProfile, Unit
from gongkai.reports import stats
from tests.reports.test_reports import apply, step

D = dt.date


def seed_december(handler: Any, unit: Unit) -> None:
    """One reply on time in March; one application received 2026-12-10 and answered 2026-12-20,
    before 2027 is entered: its 20 working days (条例 Art. 33) end in 2027 (12-11..12-31 hold only
    15 working days on the 2026 calendar), so its due date is not known yet."""
    march = apply(handler, unit, D(2026, 3, 2))
    step(handler, march, "replied", D(2026, 3, 20), outcome="disclosed", provided="见附件")
    december = apply(handler, unit, D(2026, 12, 10))
    step(handler, december, "replied", D(2026, 12, 20), outcome="disclosed", provided="见附件")


def test_a_reply_whose_due_date_is_not_known_is_left_out_of_the_rate_not_late(
    site: SiteProfile, handler_a: Any, unit_a: Unit
) -> None:
    seed_december(handler_a, unit_a)
    figures = stats.replies(Unit.objects.filter(pk=unit_a.pk), 2026)
    # Today's main counted it late: {"numerator": 1, "denominator": 2, "rate": 0.5}.
    assert figures["on_time"] == {"numerator": 1, "denominator": 1, "rate": 1.0}
    assert figures["replied"] == 2
    assert figures["due_unknown"] == 1
    # The waiting time is counted on the 2026 calendar alone: both replies are in the average.
    assert figures["counted"] == 2 and figures["uncounted"] == 0


def test_a_due_date_in_a_known_year_still_counts_late(site: SiteProfile, handler_a: Any, unit_a: Unit) -> None:
    # Received 2026-09-25 (中秋, a Friday): due 2026-10-29 over National Day and the make-up
    # Saturday 10-10 (STACK.md §2); replied 10-30, one day late.
    late = apply(handler_a, unit_a, D(2026, 9, 25))
    step(handler_a, late, "replied", D(2026, 10, 30), outcome="disclosed", provided="见附件")
    figures = stats.replies(Unit.objects.filter(pk=unit_a.pk), 2026)
    assert figures["on_time"] == {"numerator": 0, "denominator": 1, "rate": 0.0}
    assert figures.get("due_unknown") == 0


def test_once_the_year_is_entered_the_reply_counts(
    site: SiteProfile, handler_a: Any, unit_a: Unit, office: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """Entering 2027 (TEST DATA: the made-up notice of tests/workdays) recomputes the closed
    application's due date (foi, on ``calendar_changed``): the reply now counts, on time."""
    from tests.workdays.test_services import enter_fake_2027

    seed_december(handler_a, unit_a)
    with django_capture_on_commit_callbacks(execute=True):
        enter_fake_2027(office)
    figures = stats.replies(Unit.objects.filter(pk=unit_a.pk), 2026)
    assert figures["on_time"] == {"numerator": 2, "denominator": 2, "rate": 1.0}
    assert figures["due_unknown"] == 0

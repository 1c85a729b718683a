"""The inquiry's dates and codes: due dates on the real 2026 calendar, a 2027 due date the
calendar cannot know, the inspection's three months, tracking codes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from gongkai.participation.inquiries import rules, tracking
from gongkai.participation.models import InquirySettings
from gongkai.workdays.services import get_calendar
from tests.participation.inquiry_fixtures import ask_at, local

D = dt.date


def test_the_2026_calendar_is_what_the_tests_assume(db: Any) -> None:
    calendar = get_calendar()
    assert not any(calendar.is_working_day(D(2026, 10, day)) for day in range(1, 8))  # National Day
    assert calendar.is_working_day(D(2026, 10, 10))  # Saturday, make-up working day
    # The State Council notice moves Sunday 20 September (not the 27th) for National Day 2026.
    assert calendar.is_working_day(D(2026, 9, 20))
    assert not calendar.is_working_day(D(2026, 9, 27))
    assert not calendar.is_working_day(D(2026, 9, 25))  # 中秋节


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (D(2026, 9, 30), D(2026, 10, 13)),  # Oct 8, 9, 10 (Saturday, make-up), 12, 13
        (D(2026, 9, 24), D(2026, 10, 9)),  # 中秋 Sep 25 and the weekend are not counted
        (D(2026, 9, 19), D(2026, 9, 24)),  # from a Saturday: Sunday Sep 20 is a working day
        (D(2026, 6, 1), D(2026, 6, 8)),  # an ordinary week: the receipt day is not counted
    ],
)
def test_due_date_counts_working_days_after_receipt(db: Any, received: dt.date, due: dt.date) -> None:
    assert rules.due_date(get_calendar(), received, 5).on == due


def test_inquiry_gets_the_due_date_across_national_day(db: Any, unit_a: Any) -> None:
    inquiry = ask_at(unit_a, local(D(2026, 9, 30)))
    assert (inquiry.received_on, inquiry.due_on, inquiry.due_problem) == (D(2026, 9, 30), D(2026, 10, 13), "")


def test_the_office_setting_changes_the_period(db: Any, unit_a: Any) -> None:
    InquirySettings.objects.create(answer_period_days=10)
    assert ask_at(unit_a, local(D(2026, 9, 30))).due_on == D(2026, 10, 20)


def test_a_2027_due_date_is_not_guessed_and_says_why(db: Any, unit_a: Any) -> None:
    inquiry = ask_at(unit_a, local(D(2026, 12, 28)))
    assert inquiry.due_on is None
    assert "缺少2027年工作日历" in inquiry.due_problem
    assert rules.due_date(get_calendar(), D(2026, 12, 28), 5).missing_year == 2027


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [(D(2026, 1, 31), 3, D(2026, 4, 30)), (D(2026, 11, 30), 3, D(2027, 2, 28)), (D(2026, 3, 1), -12, D(2025, 3, 1))],
)
def test_add_months_ends_on_the_corresponding_day(day: dt.date, months: int, expected: dt.date) -> None:
    assert rules.add_months(day, months) == expected


def test_unanswered_for_more_than_three_months() -> None:
    received = D(2026, 5, 10)
    assert not rules.unanswered_too_long(received, D(2026, 8, 10), D(2026, 12, 1))  # on the last day
    assert rules.unanswered_too_long(received, D(2026, 8, 11), D(2026, 12, 1))
    assert not rules.unanswered_too_long(received, None, D(2026, 8, 10))
    assert rules.unanswered_too_long(received, None, D(2026, 8, 11))


def test_tracking_codes_survive_how_people_type_them() -> None:
    code = tracking.new_code(2026)
    assert tracking.normalise(code.lower().replace("-", " ")) == code
    assert tracking.normalise("zx-2026-0o1i-abcd") == "ZX-2026-0011-ABCD"
    assert tracking.normalise("YSQ-2026-7KQ3-M9XD") is None
    assert tracking.normalise("ZX-2026-short") is None

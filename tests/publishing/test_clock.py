"""The 20-working-day clock (条例 Art. 26) on the real 2026 calendar, and index numbers."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.publishing import clock
from gongkai.publishing.index_numbers import format_index_number, parse_index_number
from gongkai.workdays.calendar import CalendarMissing, WorkCalendar
from gongkai.workdays.services import _library_rule

D = dt.date
CAL = WorkCalendar(sources={2026: _library_rule})


@pytest.mark.parametrize(
    ("formed", "due"),
    [
        (D(2026, 9, 25), D(2026, 10, 29)),  # 中秋 + 国庆; the make-up Saturday 10-10 counts
        (D(2026, 2, 10), D(2026, 3, 16)),  # 春节 02-15..23 off; make-up Saturdays 02-14 and 02-28 count
        (D(2026, 4, 28), D(2026, 5, 28)),  # 劳动节 05-01..05 off; make-up Saturday 05-09 counts
        (D(2026, 1, 2), D(2026, 1, 29)),  # from inside the New Year holiday; Sunday 01-04 is a working day
    ],
)
def test_due_is_formed_plus_20_working_days(formed: dt.date, due: dt.date) -> None:
    assert clock.publish_due_on(formed, CAL) == due


def test_stricter_catalogue_limit_wins_but_never_a_looser_one() -> None:
    assert clock.publish_due_on(D(2026, 9, 25), CAL, entry_days=5) == D(2026, 10, 9)
    assert clock.publish_due_on(D(2026, 9, 25), CAL, entry_days=30) == D(2026, 10, 29)
    assert clock.working_days_allowed(None) == 20 and clock.working_days_allowed(0) == 20


def test_unknown_year_is_an_error_not_a_guess() -> None:
    with pytest.raises(CalendarMissing) as err:
        clock.publish_due_on(D(2026, 12, 20), CAL)
    assert err.value.year == 2027


def test_overdue_and_due_soon() -> None:
    due = D(2026, 10, 29)
    assert not clock.is_overdue(due, None, due)
    assert clock.is_overdue(due, None, D(2026, 10, 30))
    assert not clock.is_overdue(due, D(2026, 10, 20), D(2026, 11, 30))
    assert clock.is_due_soon(due, None, D(2026, 10, 27), CAL)  # 2 working days left
    assert not clock.is_due_soon(due, None, D(2026, 10, 26), CAL)  # 3 working days left
    assert not clock.is_due_soon(due, D(2026, 10, 27), D(2026, 10, 27), CAL)


def test_a_revision_carries_a_deadline_only_when_the_information_changed() -> None:
    published_formed, published_on = D(2026, 3, 2), D(2026, 3, 20)
    assert clock.carries_deadline(D(2026, 3, 2), None, None)  # never published: always
    assert clock.carries_deadline(D(2026, 9, 25), published_formed, published_on)  # 变更: a new date
    assert not clock.carries_deadline(D(2026, 3, 2), published_formed, published_on)  # a typo fixed
    assert not clock.carries_deadline(D(2026, 2, 1), published_formed, published_on)  # an earlier date
    # Published before revisions kept their formed_on: the publication date stands in.
    assert not clock.carries_deadline(D(2026, 3, 10), None, published_on)
    assert clock.carries_deadline(D(2026, 3, 21), None, published_on)


def test_timeliness_rate() -> None:
    rows = [
        (D(2026, 3, 10), D(2026, 3, 9)),  # on time
        (D(2026, 3, 10), D(2026, 3, 10)),  # on the last day: on time
        (D(2026, 3, 10), D(2026, 3, 11)),  # late
        (D(2026, 3, 10), None),  # overdue
        (D(2026, 3, 31), None),  # still within its period on 03-20: not judged
        (D(2026, 2, 1), D(2026, 2, 1)),  # outside the period
        (None, None),  # no due date (calendar missing)
    ]
    result = clock.timeliness(rows, D(2026, 3, 1), D(2026, 3, 31), today=D(2026, 3, 20))
    assert (result.due, result.on_time, result.late, result.overdue) == (4, 2, 1, 1)
    assert result.rate == 0.5
    assert clock.timeliness([], D(2026, 3, 1), D(2026, 3, 31), D(2026, 3, 20)).rate is None


def test_index_number_format() -> None:
    number = format_index_number("11150603MB15200082", 2026, 7)
    assert number == "11150603MB15200082/2026-00007"
    assert parse_index_number(number) == ("11150603MB15200082", 2026, 7)
    with pytest.raises(ValueError):
        format_index_number("11150603MB15200082", 2026, 0)


def test_calendar_day_limits_and_immediate_disclosure() -> None:
    # 预算法 Art. 14: 20 days (calendar) after approval; 2026-01-28 + 20 days = 02-17, inside the
    # Spring Festival holiday, so the period ends on the first working day after it (民法典 Art. 203).
    assert clock.publish_due_on(D(2026, 1, 28), CAL, calendar_days=20) == D(2026, 2, 24)
    assert clock.publish_due_on(D(2026, 3, 2), CAL, calendar_days=3) == D(2026, 3, 5)
    # A calendar-day limit looser than 20 working days never extends the statutory period.
    assert clock.publish_due_on(D(2026, 3, 2), CAL, calendar_days=60) == D(2026, 3, 30)
    assert clock.publish_due_on(D(2026, 3, 2), CAL, immediate=True) == D(2026, 3, 2)


def test_catalogue_time_limit_texts() -> None:
    from gongkai.catalog.rules import calendar_days, immediate

    assert calendar_days("财政部门批复后20日内") == 20
    assert calendar_days("收到评标报告之日起三日内") == 3
    assert calendar_days("信息形成或者变更之日起20个工作日内") is None
    assert calendar_days("公告时间不少于30日") is None
    assert immediate("预警信息发布后即时公开") and not immediate("20个工作日内")

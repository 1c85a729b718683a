"""The clock's period arithmetic (``gongkai.foi.periods``), plain Python on the real 2026 calendar
and a 2027 the calendar does not hold yet (REGULATIONS.md §9, RULINGS.md 2)."""

from __future__ import annotations

import datetime as dt

import chinese_calendar
import pytest

from gongkai.foi.periods import Context, Event, Rules, WeekendsWhereUnknown, received
from gongkai.workdays.calendar import CalendarMissing, WorkCalendar

D = dt.date
CAL_2026 = WorkCalendar(sources={2026: chinese_calendar.is_workday})
CTX = Context(calendar=CAL_2026, rules=Rules(), today=D(2026, 12, 1))


def test_a_year_not_held_counts_monday_to_friday_and_is_named() -> None:
    calendar = WeekendsWhereUnknown.over(CAL_2026)
    # 12/11 … 12/31 are 15 working days; 2027-01-01 (a Friday) counts, 1/2–3 do not.
    assert calendar.add_working_days(D(2026, 12, 10), 20) == D(2027, 1, 7)
    assert calendar.guessed == {2027}
    with pytest.raises(CalendarMissing):  # the calendar itself still refuses the year
        CAL_2026.add_working_days(D(2026, 12, 10), 20)


def test_a_day_the_office_set_by_hand_is_kept_in_a_year_not_held() -> None:
    with_new_year = WorkCalendar(sources=CAL_2026.sources, overrides={D(2027, 1, 1): False})
    assert WeekendsWhereUnknown.over(with_new_year).add_working_days(D(2026, 12, 10), 20) == D(2027, 1, 8)


def test_the_held_year_is_untouched() -> None:
    calendar = WeekendsWhereUnknown.over(CAL_2026)
    # National Day and the make-up Saturday 10/10: 20 working days after 9/25 end on 10/29.
    assert calendar.add_working_days(D(2026, 9, 25), 20) == D(2026, 10, 29)
    assert calendar.guessed == set()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({}, (D(2026, 9, 28), False)),  # nothing said: received the day it is sent
        ({"delivery_method": "electronic"}, (D(2026, 9, 28), False)),
        ({"delivery_method": "in_person"}, (D(2026, 9, 28), False)),
        ({"delivery_method": "post"}, (D(2026, 10, 13), True)),  # the default presumption, 15 days
        ({"delivery_method": "post", "presumed_delivered_on": D(2026, 10, 5)}, (D(2026, 10, 5), True)),
        ({"delivery_method": "post", "delivered_on": D(2026, 9, 30)}, (D(2026, 9, 30), False)),  # the receipt
    ],
)
def test_the_day_the_letter_was_received(data: dict[str, object], expected: tuple[dt.date, bool]) -> None:
    assert received(Event("consultation_started", D(2026, 9, 28), data), CTX) == expected

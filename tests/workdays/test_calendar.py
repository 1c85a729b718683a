"""The pure working-day arithmetic (``gongkai.workdays.calendar``), on the real 2026 calendar.

The 2026 data below is the State Council notice of 2025-11-04 as recorded in REGULATIONS.md §9;
the same dates are what chinesecalendar 1.11.0 answers (STACK.md §2), and one test checks that
the two agree on every day of the year. No database is used here.
"""

from __future__ import annotations

import bisect
import datetime as dt

import chinese_calendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.workdays.calendar import CalendarMissing, WorkCalendar, weekday_rule

D = dt.date
ONE_DAY = dt.timedelta(days=1)

# --- 2026, from the notice (REGULATIONS.md §9) ------------------------------------------------

HOLIDAY_RANGES_2026 = [
    (D(2026, 1, 1), D(2026, 1, 3), "元旦"),
    (D(2026, 2, 15), D(2026, 2, 23), "春节"),
    (D(2026, 4, 4), D(2026, 4, 6), "清明节"),
    (D(2026, 5, 1), D(2026, 5, 5), "劳动节"),
    (D(2026, 6, 19), D(2026, 6, 21), "端午节"),
    (D(2026, 9, 25), D(2026, 9, 27), "中秋节"),
    (D(2026, 10, 1), D(2026, 10, 7), "国庆节"),
]
MAKEUP_2026 = [D(2026, 1, 4), D(2026, 2, 14), D(2026, 2, 28), D(2026, 5, 9), D(2026, 9, 20), D(2026, 10, 10)]


def days_between(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


HOLIDAYS_2026 = frozenset(day for first, last, _ in HOLIDAY_RANGES_2026 for day in days_between(first, last))
ALL_2026 = days_between(D(2026, 1, 1), D(2026, 12, 31))

# The notice entered the way the office enters a year: Monday–Friday plus overrides.
NOTICE_2026 = WorkCalendar(
    sources={2026: weekday_rule},
    overrides={**dict.fromkeys(HOLIDAYS_2026, False), **dict.fromkeys(MAKEUP_2026, True)},
)
# The same year answered by the chinesecalendar package, as services.get_calendar() does.
LIBRARY_2026 = WorkCalendar(sources={2026: chinese_calendar.is_workday})

# Oracle: every working day of 2026, in order, computed independently of WorkCalendar.
WORKDAYS_2026 = [d for d in ALL_2026 if d in MAKEUP_2026 or (d.weekday() < 5 and d not in HOLIDAYS_2026)]

both_calendars = pytest.mark.parametrize("cal", [NOTICE_2026, LIBRARY_2026], ids=["notice", "chinesecalendar"])


# --- the data itself ----------------------------------------------------------------------------


def test_notice_and_chinesecalendar_agree_on_every_day_of_2026() -> None:
    differing = [d for d in ALL_2026 if NOTICE_2026.is_working_day(d) != LIBRARY_2026.is_working_day(d)]
    assert differing == []


def test_make_up_days_are_all_weekends_and_holidays_and_make_up_days_do_not_overlap() -> None:
    assert all(d.weekday() >= 5 for d in MAKEUP_2026)
    assert not HOLIDAYS_2026 & set(MAKEUP_2026)


@both_calendars
def test_2026_has_248_working_days(cal: WorkCalendar) -> None:
    assert sum(cal.is_working_day(d) for d in ALL_2026) == 248
    assert len(WORKDAYS_2026) == 248


@both_calendars
def test_the_six_make_up_weekend_days_of_2026(cal: WorkCalendar) -> None:
    weekend_working = [d for d in ALL_2026 if d.weekday() >= 5 and cal.is_working_day(d)]
    assert weekend_working == MAKEUP_2026


@both_calendars
@pytest.mark.parametrize(("first", "last", "name"), HOLIDAY_RANGES_2026, ids=[r[2] for r in HOLIDAY_RANGES_2026])
def test_every_holiday_day_is_off(cal: WorkCalendar, first: dt.date, last: dt.date, name: str) -> None:
    assert [d for d in days_between(first, last) if cal.is_working_day(d)] == []


# --- National Day: the headline case ------------------------------------------------------------


@both_calendars
def test_20_working_days_after_2026_09_25_is_2026_10_29(cal: WorkCalendar) -> None:
    # 09-25 (Fri) is itself the Mid-Autumn holiday and is not counted anyway (start day).
    assert cal.add_working_days(D(2026, 9, 25), 20) == D(2026, 10, 29)


@both_calendars
def test_the_20_days_counted_include_the_make_up_saturday_10_10(cal: WorkCalendar) -> None:
    counted = [d for d in days_between(D(2026, 9, 26), D(2026, 10, 29)) if cal.is_working_day(d)]
    expected = [D(2026, 9, 28), D(2026, 9, 29), D(2026, 9, 30), D(2026, 10, 8), D(2026, 10, 9), D(2026, 10, 10)]
    expected += days_between(D(2026, 10, 12), D(2026, 10, 16)) + days_between(D(2026, 10, 19), D(2026, 10, 23))
    expected += days_between(D(2026, 10, 26), D(2026, 10, 29))
    assert counted == expected
    assert len(counted) == 20
    assert D(2026, 10, 10) in counted  # Saturday, 国庆节调休上班
    assert D(2026, 10, 11) not in counted  # the Sunday after is an ordinary rest day


def test_chinesecalendar_find_workday_trap() -> None:
    """``chinese_calendar.find_workday(n, d)`` first moves to the working day on or after ``d``
    and then counts ``n`` more. When ``d`` is not a working day (a holiday or weekend, e.g.
    2026-09-25, Mid-Autumn) that first working day is silently consumed as "day 0", so the
    result is one working day late: 10-30 instead of 10-29. The statutory count (start day not
    counted, 民法典 Art. 201) must not use it; WorkCalendar has its own loop."""
    start = D(2026, 9, 25)
    assert not chinese_calendar.is_workday(start)
    assert chinese_calendar.find_workday(20, start) == D(2026, 10, 30)  # the trap
    assert LIBRARY_2026.add_working_days(start, 20) == D(2026, 10, 29)  # the right answer
    # What find_workday actually computes for a non-working start:
    assert chinese_calendar.find_workday(20, start) == LIBRARY_2026.add_working_days(start, 21)
    # get_workdays agrees with us: the 20th working day after the start day.
    assert chinese_calendar.get_workdays(start + ONE_DAY, D(2026, 11, 30))[19] == D(2026, 10, 29)
    # From a working-day start the two happen to agree, which is why the trap goes unnoticed.
    assert chinese_calendar.find_workday(20, D(2026, 9, 28)) == LIBRARY_2026.add_working_days(D(2026, 9, 28), 20)


# --- the other 2026 holidays --------------------------------------------------------------------


@both_calendars
@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        # New Year: 01-01..03 off (Thu–Sat), Sunday 01-04 is a make-up working day.
        (D(2026, 1, 1), 1, D(2026, 1, 4)),
        (D(2026, 1, 4), 1, D(2026, 1, 5)),
        (D(2026, 1, 1), 2, D(2026, 1, 5)),
        # Spring Festival: 02-15..23 off; Saturdays 02-14 and 02-28 are make-up working days.
        (D(2026, 2, 13), 1, D(2026, 2, 14)),
        (D(2026, 2, 14), 1, D(2026, 2, 24)),
        (D(2026, 2, 13), 2, D(2026, 2, 24)),
        (D(2026, 2, 27), 1, D(2026, 2, 28)),
        (D(2026, 2, 27), 2, D(2026, 3, 2)),
        (D(2026, 2, 12), 10, D(2026, 3, 4)),  # 13, 14 (Sat), 24–27, 28 (Sat), 3-2, 3-3, 3-4
        # Labour Day: 05-01..05 off (Fri–Tue); Saturday 05-09 is a make-up working day.
        (D(2026, 4, 30), 1, D(2026, 5, 6)),
        (D(2026, 5, 6), 3, D(2026, 5, 9)),
        (D(2026, 5, 6), 4, D(2026, 5, 11)),
        # Qingming 04-04..06, Dragon Boat 06-19..21, Mid-Autumn make-up Sunday 09-20.
        (D(2026, 4, 3), 1, D(2026, 4, 7)),
        (D(2026, 6, 18), 1, D(2026, 6, 22)),
        (D(2026, 9, 18), 1, D(2026, 9, 20)),
        # National Day: 10-01..07 off, 10-08, 10-09, 10-10 (Sat) working.
        (D(2026, 9, 30), 1, D(2026, 10, 8)),
        (D(2026, 9, 30), 3, D(2026, 10, 10)),
        (D(2026, 9, 30), 4, D(2026, 10, 12)),
    ],
)
def test_deadlines_around_2026_holidays(cal: WorkCalendar, start: dt.date, days: int, due: dt.date) -> None:
    assert cal.add_working_days(start, days) == due


def test_spring_festival_the_ten_days_after_02_12() -> None:
    counted = [d for d in days_between(D(2026, 2, 13), D(2026, 3, 4)) if NOTICE_2026.is_working_day(d)]
    assert counted == [
        D(2026, 2, 13),
        D(2026, 2, 14),  # Saturday, 春节调休上班
        *days_between(D(2026, 2, 24), D(2026, 2, 27)),
        D(2026, 2, 28),  # Saturday, 春节调休上班
        *days_between(D(2026, 3, 2), D(2026, 3, 4)),
    ]
    assert not any(NOTICE_2026.is_working_day(d) for d in days_between(D(2026, 2, 15), D(2026, 2, 23)))


# --- counting rules -----------------------------------------------------------------------------


@both_calendars
def test_start_day_is_not_counted(cal: WorkCalendar) -> None:
    # 09-28 (Mon) is a working day; one working day after it is 09-29, not 09-28.
    assert cal.add_working_days(D(2026, 9, 28), 1) == D(2026, 9, 29)
    assert cal.add_working_days(D(2026, 10, 9), 1) == D(2026, 10, 10)


@both_calendars
@pytest.mark.parametrize("start", [D(2026, 9, 28), D(2026, 10, 1), D(2026, 10, 10), D(2026, 10, 11)])
def test_zero_days_returns_the_start_even_on_a_day_off(cal: WorkCalendar, start: dt.date) -> None:
    assert cal.add_working_days(start, 0) == start


@pytest.mark.parametrize("days", [-1, -20])
def test_negative_days_raise_value_error(days: int) -> None:
    with pytest.raises(ValueError, match="negative"):
        NOTICE_2026.add_working_days(D(2026, 9, 25), days)


@both_calendars
@pytest.mark.parametrize(
    ("start", "end", "count"),
    [
        (D(2026, 9, 25), D(2026, 10, 29), 20),
        (D(2026, 9, 28), D(2026, 9, 28), 0),  # same day: nothing after start
        (D(2026, 9, 28), D(2026, 9, 29), 1),  # start excluded, end included
        (D(2026, 10, 9), D(2026, 10, 10), 1),  # the make-up Saturday as end counts
        (D(2026, 10, 10), D(2026, 10, 11), 0),  # the make-up Saturday as start does not
        (D(2026, 10, 1), D(2026, 10, 7), 0),  # whole holiday
        (D(2026, 10, 7), D(2026, 10, 10), 3),
        (D(2026, 10, 29), D(2026, 9, 25), 0),  # end before start
        (D(2025, 12, 31), D(2026, 12, 31), 248),  # the whole year (2025 is never consulted)
    ],
)
def test_working_days_between(cal: WorkCalendar, start: dt.date, end: dt.date, count: int) -> None:
    assert cal.working_days_between(start, end) == count


@both_calendars
@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2026, 9, 28), D(2026, 9, 28)),  # a working day is its own next working day
        (D(2026, 10, 1), D(2026, 10, 8)),  # 民法典 Art. 203: the day after the holiday ends
        (D(2026, 10, 10), D(2026, 10, 10)),  # make-up Saturday
        (D(2026, 10, 11), D(2026, 10, 12)),
        (D(2026, 2, 15), D(2026, 2, 24)),
        (D(2026, 1, 1), D(2026, 1, 4)),  # Sunday make-up day
        (D(2026, 5, 2), D(2026, 5, 6)),
        (D(2026, 12, 26), D(2026, 12, 28)),
    ],
)
def test_next_working_day(cal: WorkCalendar, day: dt.date, expected: dt.date) -> None:
    assert cal.next_working_day(day) == expected


# --- unknown years ------------------------------------------------------------------------------


def test_library_itself_has_no_2027() -> None:
    with pytest.raises(NotImplementedError, match="2027"):
        chinese_calendar.is_workday(D(2027, 1, 4))


@pytest.mark.parametrize("cal", [NOTICE_2026, LIBRARY_2026], ids=["notice", "chinesecalendar"])
def test_a_2027_date_raises_calendar_missing_naming_2027(cal: WorkCalendar) -> None:
    with pytest.raises(CalendarMissing) as err:
        cal.is_working_day(D(2027, 1, 4))
    assert err.value.year == 2027
    assert "2027" in str(err.value)


@both_calendars
def test_a_deadline_walking_into_2027_raises_naming_2027(cal: WorkCalendar) -> None:
    # After 2026-12-20 (Sun) 2026 has only 9 working days left: 12-21..25 and 12-28..31.
    assert cal.add_working_days(D(2026, 12, 20), 9) == D(2026, 12, 31)
    with pytest.raises(CalendarMissing) as err:
        cal.add_working_days(D(2026, 12, 20), 20)
    assert err.value.year == 2027
    with pytest.raises(CalendarMissing) as err:
        cal.add_working_days(D(2026, 12, 20), 10)
    assert err.value.year == 2027


def test_next_working_day_and_between_also_raise_for_unknown_years() -> None:
    with pytest.raises(CalendarMissing) as err:
        NOTICE_2026.next_working_day(D(2026, 12, 31) + ONE_DAY)
    assert err.value.year == 2027
    with pytest.raises(CalendarMissing) as err:
        NOTICE_2026.working_days_between(D(2026, 12, 30), D(2027, 1, 5))
    assert err.value.year == 2027
    with pytest.raises(CalendarMissing) as err:
        NOTICE_2026.add_working_days(D(2025, 12, 30), 1)
    assert err.value.year == 2025


def test_an_override_does_not_make_an_unknown_year_known() -> None:
    cal = WorkCalendar(sources={2026: weekday_rule}, overrides={D(2027, 1, 4): True})
    assert not cal.knows(2027)
    with pytest.raises(CalendarMissing):
        cal.is_working_day(D(2027, 1, 4))


def test_adding_a_year_makes_the_walk_succeed() -> None:
    # 2027 here is TEST DATA (plain Monday–Friday, 2027-01-01 off): not the real notice.
    cal = WorkCalendar(
        sources={2026: chinese_calendar.is_workday, 2027: weekday_rule}, overrides={D(2027, 1, 1): False}
    )
    assert cal.years == [2026, 2027]
    # 9 days in 2026, then 2027-01-04..08 (14), 01-11..15 (19), 01-18 (20).
    assert cal.add_working_days(D(2026, 12, 20), 20) == D(2027, 1, 18)


def test_overrides_win_over_the_source() -> None:
    cal = WorkCalendar(
        sources={2026: chinese_calendar.is_workday},
        overrides={D(2026, 10, 8): False, D(2026, 10, 11): True},
    )
    assert not cal.is_working_day(D(2026, 10, 8))
    assert cal.is_working_day(D(2026, 10, 11))
    # Off 10-08, on 10-11: the count shifts and comes back to the same due date.
    assert cal.add_working_days(D(2026, 9, 25), 20) == D(2026, 10, 29)
    assert WorkCalendar(
        sources={2026: chinese_calendar.is_workday}, overrides={D(2026, 10, 8): False}
    ).add_working_days(D(2026, 9, 25), 20) == D(2026, 10, 30)


def test_weekday_rule() -> None:
    assert [weekday_rule(D(2026, 10, 12) + dt.timedelta(days=i)) for i in range(7)] == [True] * 5 + [False] * 2


# --- properties ---------------------------------------------------------------------------------

PROPERTY_SETTINGS = settings(max_examples=200, deadline=None)
LAST_2026 = D(2026, 12, 31)


def nth_after(workdays: list[dt.date], start: dt.date, n: int) -> dt.date:
    """Oracle: the n-th working day strictly after ``start`` (n ≥ 1), from a sorted list."""
    return workdays[bisect.bisect_right(workdays, start) + n - 1]


def remaining(workdays: list[dt.date], start: dt.date) -> int:
    return len(workdays) - bisect.bisect_right(workdays, start)


dates_2026 = st.dates(min_value=D(2026, 1, 1), max_value=LAST_2026)


@st.composite
def start_and_days_2026(draw: st.DrawFn) -> tuple[dt.date, int]:
    """A start in 2026 and a count that stays inside 2026."""
    start = draw(dates_2026)
    return start, draw(st.integers(0, min(remaining(WORKDAYS_2026, start), 80)))


@PROPERTY_SETTINGS
@given(start_and_days_2026())
def test_property_2026_matches_the_oracle(case: tuple[dt.date, int]) -> None:
    start, n = case
    due = NOTICE_2026.add_working_days(start, n)
    assert due == (start if n == 0 else nth_after(WORKDAYS_2026, start, n))
    assert LIBRARY_2026.add_working_days(start, n) == due


@PROPERTY_SETTINGS
@given(start_and_days_2026())
def test_property_2026_result_is_a_working_day_and_never_a_holiday(case: tuple[dt.date, int]) -> None:
    start, n = case
    if n == 0:
        return
    due = NOTICE_2026.add_working_days(start, n)
    assert due > start
    assert NOTICE_2026.is_working_day(due)
    assert due not in HOLIDAYS_2026
    assert due.weekday() < 5 or due in MAKEUP_2026


@PROPERTY_SETTINGS
@given(start_and_days_2026())
def test_property_2026_between_inverts_add(case: tuple[dt.date, int]) -> None:
    start, n = case
    assert NOTICE_2026.working_days_between(start, NOTICE_2026.add_working_days(start, n)) == n


@PROPERTY_SETTINGS
@given(start_and_days_2026())
def test_property_2026_strictly_increasing_in_n(case: tuple[dt.date, int]) -> None:
    start, n = case
    if n == 0:
        return
    assert NOTICE_2026.add_working_days(start, n - 1) < NOTICE_2026.add_working_days(start, n)


@PROPERTY_SETTINGS
@given(start_and_days_2026(), st.data())
def test_property_2026_additive(case: tuple[dt.date, int], data: st.DataObject) -> None:
    start, total = case
    a = data.draw(st.integers(0, total))
    b = total - a
    assert NOTICE_2026.add_working_days(NOTICE_2026.add_working_days(start, a), b) == NOTICE_2026.add_working_days(
        start, total
    )


@PROPERTY_SETTINGS
@given(dates_2026)
def test_property_2026_next_working_day(day: dt.date) -> None:
    if remaining(WORKDAYS_2026, day - ONE_DAY) == 0:
        return
    nxt = NOTICE_2026.next_working_day(day)
    assert nxt >= day
    assert NOTICE_2026.is_working_day(nxt)
    assert all(not NOTICE_2026.is_working_day(d) for d in days_between(day, nxt - ONE_DAY))
    # next_working_day(d) is one working day after the day before d.
    assert nxt == NOTICE_2026.add_working_days(day - ONE_DAY, 1)


# A small synthetic calendar: one made-up year (2101, Monday–Friday) with random overrides.
SYNTHETIC_YEAR = 2101
SYN_FIRST, SYN_LAST = D(SYNTHETIC_YEAR, 1, 1), D(SYNTHETIC_YEAR, 3, 31)
syn_days = st.dates(min_value=SYN_FIRST, max_value=SYN_LAST)


@st.composite
def synthetic_case(draw: st.DrawFn) -> tuple[WorkCalendar, list[dt.date], dt.date, int, int]:
    overrides = draw(st.dictionaries(syn_days, st.booleans(), max_size=40))
    # Only the first quarter of the year is used; the rest is off so walks cannot leave it.
    rest = {d: False for d in days_between(SYN_LAST + ONE_DAY, D(SYNTHETIC_YEAR, 12, 31))}
    cal = WorkCalendar(sources={SYNTHETIC_YEAR: weekday_rule}, overrides={**rest, **overrides})
    workdays = [d for d in days_between(SYN_FIRST, SYN_LAST) if overrides.get(d, d.weekday() < 5)]
    start = draw(syn_days)
    left = remaining(workdays, start)
    a = draw(st.integers(0, left))
    b = draw(st.integers(0, left - a))
    return cal, workdays, start, a, b


@PROPERTY_SETTINGS
@given(synthetic_case())
def test_property_synthetic_calendar(case: tuple[WorkCalendar, list[dt.date], dt.date, int, int]) -> None:
    cal, workdays, start, a, b = case
    n = a + b
    due = cal.add_working_days(start, n)
    assert due == (start if n == 0 else nth_after(workdays, start, n))
    assert cal.working_days_between(start, due) == n
    assert cal.add_working_days(cal.add_working_days(start, a), b) == due
    if n > 0:
        assert cal.is_working_day(due)
        assert due > start
        assert cal.add_working_days(start, n - 1) < due
        overridden = cal.overrides.get(due)
        assert overridden is True or (overridden is None and due.weekday() < 5)


@PROPERTY_SETTINGS
@given(synthetic_case())
def test_property_synthetic_walk_past_the_last_working_day_names_next_year(
    case: tuple[WorkCalendar, list[dt.date], dt.date, int, int],
) -> None:
    cal, workdays, start, _a, _b = case
    with pytest.raises(CalendarMissing) as err:
        cal.add_working_days(start, remaining(workdays, start) + 1)
    assert err.value.year == SYNTHETIC_YEAR + 1

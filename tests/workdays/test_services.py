"""The calendar as the platform uses it: chinesecalendar 1.11.0 plus the office's tables
(``CalendarYear``, ``DayOverride``), entering a year, single-day overrides, and the audit trail.

Every 2027 date below is TEST DATA, made up for these tests: the State Council has not
published (or we do not know) the real 2027 notice. Do not copy it into the product.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from gongkai.audit.models import AuditEntry
from gongkai.workdays import services
from gongkai.workdays.calendar import CalendarMissing
from gongkai.workdays.models import CalendarYear, DayOverride
from gongkai.workdays.services import (
    DaySpec,
    NoticeError,
    add_working_days,
    enter_year,
    get_calendar,
    library_years,
    missing_message,
    missing_years,
    parse_day_lines,
    remove_override,
    set_override,
)

D = dt.date

# ---- TEST DATA: a made-up 2027 notice (NOT the real one) ----------------------------------------
FAKE_NOTICE_2027 = "测试数据：虚构的2027年节假日安排（非真实通知）"
FAKE_HOLIDAYS_2027 = """
2027-01-01 元旦（测试数据）
2027-02-06 至 2027-02-14 春节（测试数据）
"""
FAKE_MAKEUP_2027 = """
2027-01-09 元旦调休上班（测试数据）
2027-02-20 春节调休上班（测试数据）
"""
# 2027-01-01 is a Friday; 01-09 and 02-20 are Saturdays; 02-06 Sat .. 02-14 Sun.


def enter_fake_2027(actor: Any) -> CalendarYear:
    return enter_year(
        actor,
        2027,
        FAKE_NOTICE_2027,
        D(2026, 11, 5),
        parse_day_lines(FAKE_HOLIDAYS_2027, 2027, "holidays"),
        parse_day_lines(FAKE_MAKEUP_2027, 2027, "makeup_days"),
    )


def spec(first: dt.date, last: dt.date | None = None, name: str = "测试") -> DaySpec:
    return DaySpec(first, last or first, name)


def counts() -> tuple[int, int, int]:
    return CalendarYear.objects.count(), DayOverride.objects.count(), AuditEntry.objects.count()


# ---- the library part ---------------------------------------------------------------------------


def test_library_years_are_2004_to_2026() -> None:
    assert library_years() == frozenset(range(2004, 2027))


def test_get_calendar_uses_chinesecalendar_for_2026(db: Any) -> None:
    cal = get_calendar()
    assert cal.years == list(range(2004, 2027))
    assert add_working_days(D(2026, 9, 25), 20) == D(2026, 10, 29)
    assert cal.is_working_day(D(2026, 10, 10))  # make-up Saturday
    assert not cal.is_working_day(D(2026, 10, 5))  # National Day, a Monday
    assert sum(cal.is_working_day(D(2026, 1, 1) + dt.timedelta(days=i)) for i in range(365)) == 248


def test_year_boundary_2025_to_2026(db: Any) -> None:
    # 2025-12-31 (Wed) + 1: 01-01..03 off, Sunday 01-04 is the make-up working day.
    assert add_working_days(D(2025, 12, 31), 1) == D(2026, 1, 4)


def test_2027_is_missing_until_entered(db: Any) -> None:
    with pytest.raises(CalendarMissing) as err:
        get_calendar().is_working_day(D(2027, 1, 4))
    assert err.value.year == 2027
    with pytest.raises(CalendarMissing) as err:
        add_working_days(D(2026, 12, 20), 20)
    assert err.value.year == 2027


def test_years_before_the_library_are_missing_too(db: Any) -> None:
    with pytest.raises(CalendarMissing) as err:
        add_working_days(D(2003, 6, 2), 1)
    assert err.value.year == 2003


def test_missing_message_is_chinese_and_names_the_year() -> None:
    message = missing_message(CalendarMissing(2027))
    assert "2027年" in message
    assert "工作日历" in message


# ---- entering a year ----------------------------------------------------------------------------


def test_enter_year_makes_the_2027_deadline_computable(db: Any, office: Any) -> None:
    with pytest.raises(CalendarMissing):
        add_working_days(D(2026, 12, 20), 20)
    enter_fake_2027(office)
    # 2026: 12-21..25, 12-28..31 (9). 2027 (test data): 01-01 off, 01-04..08 (14),
    # Saturday 01-09 make-up (15), 01-11..14 (19), 01-15 (20).
    assert add_working_days(D(2026, 12, 20), 20) == D(2027, 1, 15)
    cal = get_calendar()
    assert cal.knows(2027)
    assert not cal.is_working_day(D(2027, 1, 1))
    assert cal.is_working_day(D(2027, 1, 9))
    assert not cal.is_working_day(D(2027, 1, 10))  # an ordinary Sunday
    assert not any(cal.is_working_day(D(2027, 2, d)) for d in range(6, 15))
    assert cal.is_working_day(D(2027, 2, 20))
    assert cal.next_working_day(D(2027, 2, 6)) == D(2027, 2, 15)
    # 2028 is still unknown and named as such.
    with pytest.raises(CalendarMissing) as err:
        cal.is_working_day(D(2028, 1, 3))
    assert err.value.year == 2028


def test_enter_year_stores_the_notice_and_the_days(db: Any, office: Any) -> None:
    entry = enter_fake_2027(office)
    entry.refresh_from_db()
    assert entry.year == 2027
    assert entry.notice == FAKE_NOTICE_2027
    assert entry.announced_on == D(2026, 11, 5)
    assert entry.entered_by == office
    off = list(DayOverride.objects.filter(is_working_day=False).values_list("day", flat=True))
    on = list(DayOverride.objects.filter(is_working_day=True).values_list("day", flat=True))
    assert off == [D(2027, 1, 1)] + [D(2027, 2, d) for d in range(6, 15)]
    assert on == [D(2027, 1, 9), D(2027, 2, 20)]
    assert DayOverride.objects.get(day=D(2027, 2, 10)).name == "春节（测试数据）"
    assert DayOverride.objects.get(day=D(2027, 1, 9)).name == "元旦调休上班（测试数据）"
    assert set(DayOverride.objects.values_list("created_by", flat=True)) == {office.pk}


def test_enter_year_writes_one_audit_entry(db: Any, office: Any) -> None:
    enter_fake_2027(office)
    entry = AuditEntry.objects.get()
    assert entry.action == "calendar.year_entered"
    assert entry.actor == office
    assert entry.actor_name == "office"
    assert entry.object_type == "workdays.calendaryear"
    assert entry.object_id == "2027"
    assert entry.after["notice"] == FAKE_NOTICE_2027
    assert entry.after["holidays"][0] == "2027-01-01"
    assert len(entry.after["holidays"]) == 10
    assert entry.after["makeup_days"] == ["2027-01-09", "2027-02-20"]


def test_a_calendar_year_takes_precedence_over_the_library(db: Any, office: Any) -> None:
    # TEST DATA: pretend the office entered 2026 with only New Year off.
    enter_year(office, 2026, "测试数据：覆盖2026年（非真实）", None, [spec(D(2026, 1, 1), D(2026, 1, 3), "元旦")], [])
    cal = get_calendar()
    assert not cal.is_working_day(D(2026, 1, 1))
    assert not cal.is_working_day(D(2026, 1, 4))  # the library's make-up Sunday no longer applies
    assert cal.is_working_day(D(2026, 10, 5))  # the library's National Day no longer applies
    assert not cal.is_working_day(D(2026, 10, 10))  # nor its make-up Saturday
    # Plain Monday–Friday from 09-25 (Fri): 09-28 is the 1st, 10-23 the 20th.
    assert add_working_days(D(2026, 9, 25), 20) == D(2026, 10, 23)
    # Other years still come from the library.
    assert not cal.is_working_day(D(2025, 10, 1))


# ---- enter_year validation: NoticeError with .field, nothing saved ------------------------------


def test_enter_year_twice_is_refused(db: Any, office: Any) -> None:
    enter_fake_2027(office)
    before = counts()
    with pytest.raises(NoticeError) as err:
        enter_fake_2027(office)
    assert err.value.field == "year"
    assert "2027" in err.value.message
    assert counts() == before


@pytest.mark.parametrize(
    ("holidays", "makeup", "field", "fragment"),
    [
        pytest.param([], [spec(D(2027, 1, 9))], "holidays", "放假日期", id="empty-holidays"),
        pytest.param([spec(D(2027, 1, 1))], [spec(D(2027, 1, 8))], "makeup_days", "不是周末", id="make-up-on-a-friday"),
        pytest.param(
            [spec(D(2027, 2, 6), D(2027, 2, 14))],
            [spec(D(2027, 2, 13))],
            "makeup_days",
            "同时",
            id="both-holiday-and-make-up",
        ),
        pytest.param(
            [spec(D(2026, 12, 31), D(2027, 1, 1))],
            [],
            "holidays",
            "2027",
            id="holiday-outside-the-year",
        ),
        pytest.param(
            [spec(D(2027, 1, 1))],
            [spec(D(2028, 1, 8))],
            "makeup_days",
            "2027",
            id="make-up-outside-the-year",
        ),
    ],
)
def test_enter_year_validation(
    db: Any, office: Any, *, holidays: list[DaySpec], makeup: list[DaySpec], field: str, fragment: str
) -> None:
    with pytest.raises(NoticeError) as err:
        enter_year(office, 2027, FAKE_NOTICE_2027, None, holidays, makeup)
    assert err.value.field == field
    assert fragment in err.value.message
    assert counts() == (0, 0, 0)
    with pytest.raises(CalendarMissing):
        get_calendar().is_working_day(D(2027, 1, 4))


def test_enter_year_refuses_days_that_already_have_an_override(db: Any, office: Any) -> None:
    set_override(office, D(2027, 2, 8), is_working_day=False, name="测试")
    before = counts()
    with pytest.raises(NoticeError) as err:
        enter_fake_2027(office)
    assert err.value.field == "holidays"
    assert "2027-02-08" in err.value.message
    assert counts() == before


def test_enter_year_is_all_or_nothing_when_a_late_step_fails(
    db: Any, office: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_record(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("audit store down")

    monkeypatch.setattr(services, "record", broken_record)
    with pytest.raises(RuntimeError):
        enter_fake_2027(office)
    assert counts() == (0, 0, 0)


# ---- parse_day_lines ---------------------------------------------------------------------------


def test_parse_day_lines_ranges_single_days_and_blank_lines() -> None:
    text = "\n2027-02-06 至 2027-02-14 春节\n\n  2027-02-20 春节调休上班  \n"
    assert parse_day_lines(text, 2027, "holidays") == [
        DaySpec(D(2027, 2, 6), D(2027, 2, 14), "春节"),
        DaySpec(D(2027, 2, 20), D(2027, 2, 20), "春节调休上班"),
    ]


@pytest.mark.parametrize(
    "line", ["2027-02-06 至 2027-02-14 春节", "2027-02-06至2027-02-14 春节", "2027-02-06..2027-02-14 春节"]
)
def test_parse_day_lines_range_spellings(line: str) -> None:
    assert parse_day_lines(line, 2027, "holidays") == [DaySpec(D(2027, 2, 6), D(2027, 2, 14), "春节")]


def test_parse_day_lines_keeps_names_with_spaces_and_truncates_to_60() -> None:
    [one] = parse_day_lines("2027-01-01 元旦 假期", 2027, "holidays")
    assert one.name == "元旦 假期"
    [long] = parse_day_lines("2027-01-01 " + "节" * 80, 2027, "holidays")
    assert len(long.name) == 60


def test_parse_day_lines_empty_text() -> None:
    assert parse_day_lines("", 2027, "holidays") == []
    assert parse_day_lines("\n  \n", 2027, "makeup_days") == []


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        pytest.param("2027-13-01 元旦", "第1行", id="bad-month"),
        pytest.param("2027/01/01 元旦", "YYYY-MM-DD", id="slashes"),
        pytest.param("元旦 2027-01-01", "YYYY-MM-DD", id="name-first"),
        pytest.param("2027-02-06 至 2027-02-31 春节", "YYYY-MM-DD", id="bad-end-date"),
        pytest.param("2027-02-06 至", "结束日期", id="missing-end"),
        pytest.param("2027-01-01", "名称", id="missing-name"),
        pytest.param("2027-02-06 至 2027-02-14", "名称", id="range-missing-name"),
        pytest.param("2026-12-31 元旦", "2027年", id="before-the-year"),
        pytest.param("2027-12-31 至 2028-01-01 元旦", "2027年", id="runs-into-next-year"),
        pytest.param("2027-02-14 至 2027-02-06 春节", "早于", id="end-before-start"),
        pytest.param("\n\n2027-02-30 春节", "第3行", id="line-number-counts-blank-lines"),
    ],
)
def test_parse_day_lines_errors(text: str, fragment: str) -> None:
    with pytest.raises(NoticeError) as err:
        parse_day_lines(text, 2027, "makeup_days")
    assert err.value.field == "makeup_days"
    assert fragment in err.value.message


# ---- overrides --------------------------------------------------------------------------------


def test_override_turns_a_2026_working_day_off_and_is_audited(db: Any, office: Any) -> None:
    override = set_override(office, D(2026, 10, 8), is_working_day=False, name="测试：临时停工")
    assert not get_calendar().is_working_day(D(2026, 10, 8))
    assert add_working_days(D(2026, 9, 25), 20) == D(2026, 10, 30)
    entry = AuditEntry.objects.get()
    assert entry.action == "calendar.override_set"
    assert entry.actor == office
    assert entry.object_id == str(override.pk)
    assert entry.before is None
    assert entry.after == {"is_working_day": False, "name": "测试：临时停工"}


def test_override_turns_a_2026_rest_day_on(db: Any, office: Any) -> None:
    set_override(office, D(2026, 10, 3), is_working_day=True, name="测试：加班")  # a National Day Saturday
    assert get_calendar().is_working_day(D(2026, 10, 3))
    assert add_working_days(D(2026, 9, 25), 20) == D(2026, 10, 28)


def test_override_on_an_entered_year(db: Any, office: Any) -> None:
    enter_fake_2027(office)
    set_override(office, D(2027, 1, 15), is_working_day=False, name="测试")
    assert add_working_days(D(2026, 12, 20), 20) == D(2027, 1, 18)


def test_setting_an_override_again_updates_it_and_records_before(db: Any, office: Any) -> None:
    set_override(office, D(2026, 10, 8), is_working_day=False, name="甲")
    set_override(office, D(2026, 10, 8), is_working_day=True, name="乙")
    assert DayOverride.objects.count() == 1
    assert get_calendar().is_working_day(D(2026, 10, 8))
    latest = AuditEntry.objects.filter(action="calendar.override_set").order_by("-id").first()
    assert latest is not None
    assert latest.before == {"is_working_day": False, "name": "甲"}
    assert latest.after == {"is_working_day": True, "name": "乙"}
    assert AuditEntry.objects.filter(action="calendar.override_set").count() == 2


def test_removing_an_override_restores_the_library_and_is_audited(db: Any, office: Any) -> None:
    override = set_override(office, D(2026, 10, 8), is_working_day=False, name="测试")
    pk = override.pk
    remove_override(office, override)
    assert not DayOverride.objects.exists()
    assert add_working_days(D(2026, 9, 25), 20) == D(2026, 10, 29)
    entry = AuditEntry.objects.get(action="calendar.override_removed")
    assert entry.actor == office
    assert entry.object_id == str(pk)
    assert entry.before == {"is_working_day": False, "name": "测试"}
    assert AuditEntry.objects.count() == 2


def test_a_single_override_does_not_make_2027_known(db: Any, office: Any) -> None:
    set_override(office, D(2027, 1, 4), is_working_day=True, name="测试")
    with pytest.raises(CalendarMissing) as err:
        get_calendar().is_working_day(D(2027, 1, 4))
    assert err.value.year == 2027


# ---- missing years ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (D(2026, 1, 1), []),
        (D(2026, 9, 30), []),
        (D(2026, 10, 1), [2027]),  # from October, 20-working-day periods reach into next year
        (D(2026, 12, 31), [2027]),
        (D(2027, 3, 1), [2027]),
        (D(2003, 5, 1), [2003]),
    ],
)
def test_missing_years(db: Any, today: dt.date, expected: list[int]) -> None:
    assert missing_years(today) == expected


def test_missing_years_after_entering_2027(db: Any, office: Any) -> None:
    enter_fake_2027(office)
    assert missing_years(D(2026, 10, 1)) == []
    assert missing_years(D(2027, 3, 1)) == []
    assert missing_years(D(2027, 10, 1)) == [2028]


def test_library_rule_matches_chinesecalendar_on_every_day() -> None:
    """The fast table lookup gives chinesecalendar's own answer for every day it knows."""
    import chinese_calendar

    from gongkai.workdays.services import _library_rule, library_years

    years = library_years()
    day, last = dt.date(min(years), 1, 1), dt.date(max(years), 12, 31)
    while day <= last:
        assert _library_rule(day) == chinese_calendar.is_workday(day), day
        day += dt.timedelta(days=1)

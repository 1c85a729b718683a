"""Entering a year from the pasted notice (issue 16, point 11): the office pastes the text, the
platform proposes what it read, nothing is saved until the office confirms; confirming is audited,
keeps the text and sends ``calendar_changed``; a malformed text is refused with what could not be
read and nothing saved. Until next year is entered the office is reminded every day.

The notices are the real 2025 and 2026 ones (tests/workdays/test_notice.py). 2026 is in the
chinesecalendar package, so entering its notice here is a check, not data: the year entered from
the text must be the package's year, day by day. 2027 dates are TEST DATA (made up), as in
test_services.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from gongkai.audit.models import AuditEntry
from gongkai.reminders.models import Reminder
from gongkai.workdays import jobs, services
from gongkai.workdays.calendar import CalendarMissing
from gongkai.workdays.models import CalendarYear, DayOverride
from gongkai.workdays.services import DaySpec, NoticeError, enter_notice, enter_year, get_calendar, propose
from gongkai.workdays.signals import calendar_changed
from tests.workdays.test_notice import NOTICE_2025, NOTICE_2026
from tests.workdays.test_services import counts, enter_fake_2027

D = dt.date


def test_a_proposal_saves_nothing(db: Any) -> None:
    proposal = propose(NOTICE_2026)
    assert proposal.notice.year == 2026
    assert DaySpec(D(2026, 2, 15), D(2026, 2, 23), "春节") in proposal.holidays
    assert DaySpec(D(2026, 2, 14), D(2026, 2, 14), "春节调休上班") in proposal.makeup_days
    assert DaySpec(D(2026, 10, 10), D(2026, 10, 10), "国庆节调休上班") in proposal.makeup_days
    assert counts() == (0, 0, 0)


def test_the_2026_notice_entered_gives_chinesecalendars_2026_on_every_day(db: Any, office: Any) -> None:
    library = get_calendar()
    entry = enter_notice(office, NOTICE_2026)
    assert entry.year == 2026 and entry.notice == "国务院办公厅关于2026年部分节假日安排的通知"
    assert entry.announced_on == D(2025, 11, 4) and entry.source_text == NOTICE_2026
    entered = get_calendar()  # 2026 now comes from the office's entry, not the package
    day = D(2026, 1, 1)
    while day.year == 2026:
        assert entered.is_working_day(day) == library.is_working_day(day), day
        day += dt.timedelta(days=1)
    # The clock on real 2026 dates: 20 working days after 中秋 (09-25) cross National Day and count
    # the make-up Saturday 10-10 (STACK.md §2); Spring Festival and its make-up Saturdays 02-14, 02-28.
    assert entered.add_working_days(D(2026, 9, 25), 20) == D(2026, 10, 29)
    assert entered.add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 14)
    assert entered.add_working_days(D(2026, 2, 14), 1) == D(2026, 2, 24)
    assert entered.is_working_day(D(2026, 2, 28))


def test_confirming_is_audited_with_the_texts_fingerprint(db: Any, office: Any) -> None:
    enter_notice(office, NOTICE_2025)
    entry = AuditEntry.objects.get(action="calendar.year_entered")
    assert entry.actor == office and entry.object_id == "2025"
    assert entry.after["notice"] == "国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号）"
    assert entry.after["makeup_days"] == ["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"]
    assert len(entry.after["holidays"]) == 1 + 8 + 3 + 5 + 3 + 8
    assert len(entry.after["read_from_text_sha256"]) == 64
    assert DayOverride.objects.get(day=D(2025, 10, 11)).name == "国庆节、中秋节调休上班"


def test_confirming_sends_calendar_changed(
    db: Any, office: Any, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    heard: list[Any] = []

    def receiver(sender: Any, **kwargs: Any) -> None:
        heard.append(sender)

    calendar_changed.connect(receiver, dispatch_uid="test.notice_entry")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            enter_notice(office, NOTICE_2026)
    finally:
        calendar_changed.disconnect(dispatch_uid="test.notice_entry")
    assert heard == [CalendarYear]


def test_a_malformed_notice_is_refused_with_what_could_not_be_read_and_nothing_saved(db: Any, office: Any) -> None:
    broken = NOTICE_2026.replace("2月15日（农历腊月二十八）", "2月16日（周日）").replace("共5天", "共6天")
    with pytest.raises(NoticeError) as err:
        enter_notice(office, broken)
    assert err.value.field == "text"
    assert err.value.lines == [
        "第二项“春节”：2月16日标注为周日，但该日是周一",
        "第二项“春节”：写明共9天，但2月16日至2月23日是8天",
        "第四项“劳动节”：写明共6天，但5月1日至5月5日是5天",
    ]
    assert counts() == (0, 0, 0)


def test_a_year_already_entered_is_refused_at_the_proposal(db: Any, office: Any) -> None:
    enter_notice(office, NOTICE_2026)
    before = counts()
    with pytest.raises(NoticeError) as err:
        propose(NOTICE_2026)
    assert "2026年工作日历已录入" in err.value.message
    assert counts() == before


def test_only_the_office_enters_a_notice(db: Any, editor_a: Any) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        enter_notice(editor_a, NOTICE_2026)
    assert counts() == (0, 0, 0)


def test_a_day_of_the_year_before_is_entered_as_a_single_day_first(db: Any, office: Any) -> None:
    """The 2023 notice's 元旦 began on 2022-12-31 (a Saturday, off anyway); a notice that took a
    weekday of the year before off would need that day adjusted first — never assumed."""
    # TEST DATA: a made-up 2027 notice.
    text = "国务院办公厅关于2027年部分节假日安排的通知\n一、元旦：2026年12月31日至2027年1月3日放假调休，共4天。"
    with pytest.raises(NoticeError) as err:
        propose(text)
    assert "2026-12-31不在2027年内" in err.value.message
    with pytest.raises(CalendarMissing):
        get_calendar().is_working_day(D(2027, 1, 4))


def test_a_day_of_the_year_before_already_as_the_notice_says_is_shown_not_entered(db: Any) -> None:
    """The 2023 notice's 元旦 (its wording): 2022-12-31 was a Saturday, off in the calendar anyway."""
    text = "国务院办公厅关于2023年部分节假日安排的通知\n一、元旦：2022年12月31日至2023年1月2日放假调休，共3天。"
    proposal = propose(text)
    assert proposal.already == [(D(2022, 12, 31), "元旦")]
    assert proposal.holidays == [DaySpec(D(2023, 1, 1), D(2023, 1, 2), "元旦")]


# ---- the workbench page ------------------------------------------------------------------------


def test_the_office_pastes_checks_and_confirms(db: Any, office: Any, logged_in: Any) -> None:
    client = logged_in(office)
    page = client.get(reverse("workbench:calendar")).content.decode()
    assert reverse("workbench:calendar_notice") in page and "通知全文" in page
    read = client.post(reverse("workbench:calendar_notice"), {"text": NOTICE_2025, "step": "read"})
    html = read.content.decode()
    assert read.status_code == 200
    assert "从通知中读出的2025年放假和调休上班安排" in html
    assert "2025-01-28（周二）至2025-02-04（周二），共8天（其中周一至周五6天）" in html
    assert "2025-01-26（周日）、2025-02-08（周六）" in html
    assert "二、春节：1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天。" in html
    assert counts() == (0, 0, 0)  # read, not saved
    done = client.post(reverse("workbench:calendar_notice"), {"text": NOTICE_2025, "step": "confirm"})
    assert done.status_code == 302
    assert CalendarYear.objects.get().notice.endswith("（国办发明电〔2024〕12号）")
    assert AuditEntry.objects.filter(action="calendar.year_entered", actor=office).count() == 1


def test_the_page_names_what_could_not_be_read(db: Any, office: Any, logged_in: Any) -> None:
    broken = NOTICE_2026.replace("10月1日（周四）至7日（周三）放假调休", "10月1日（周四）起放假调休")
    for step in ("read", "confirm"):
        response = logged_in(office).post(reverse("workbench:calendar_notice"), {"text": broken, "step": step})
        assert response.status_code == 422
        assert "第七项“国庆节”：未能读出放假日期“10月1日（周四）起放假调休，共7天”" in response.content.decode()
    assert counts() == (0, 0, 0)


def test_the_page_is_the_offices(db: Any, editor_a: Any, logged_in: Any) -> None:
    response = logged_in(editor_a).post(reverse("workbench:calendar_notice"), {"text": NOTICE_2026, "step": "confirm"})
    assert response.status_code == 403
    assert counts() == (0, 0, 0)


# ---- the daily reminder -------------------------------------------------------------------------


def test_the_office_is_reminded_daily_until_next_year_is_entered(db: Any, office: Any, editor_a: Any) -> None:
    office.email, editor_a.email = "office@example.org", "editor@example.org"
    office.save(update_fields=["email"])
    editor_a.save(update_fields=["email"])
    with time_machine.travel(dt.datetime(2026, 11, 26, 1, tzinfo=dt.UTC), tick=False):
        assert jobs.remind_missing_years(D(2026, 11, 26)) == 1
        assert jobs.remind_missing_years(D(2026, 11, 26)) == 0  # once a day
        assert jobs.remind_missing_years(D(2026, 11, 27)) == 1  # and again the next day
    reminder = Reminder.objects.filter(topic="calendar").first()
    assert reminder is not None and reminder.key == "year:2027" and reminder.recipients == ["office@example.org"]
    assert [m.subject for m in mail.outbox] == ["【工作日历】请录入2027年节假日安排"] * 2
    assert "粘贴通知全文" in mail.outbox[0].body
    enter_fake_2027(office)
    assert jobs.remind_missing_years(D(2026, 11, 28)) == 0


def test_no_reminder_before_october(db: Any, office: Any) -> None:
    assert jobs.remind_missing_years(D(2026, 9, 30)) == 0


def test_the_command_queues_the_reminder(db: Any, office: Any) -> None:
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    with time_machine.travel(dt.datetime(2026, 12, 7, 1, tzinfo=dt.UTC), tick=False):
        call_command("calendar_remind", stdout=out)
    assert "已发送 1 条提醒" in out.getvalue()
    assert Reminder.objects.filter(topic="calendar", key="year:2027", on=D(2026, 12, 7)).exists()


def test_entering_a_year_by_lines_still_works(db: Any, office: Any) -> None:
    enter_year(office, 2027, "测试数据", None, [DaySpec(D(2027, 1, 1), D(2027, 1, 1), "元旦（测试数据）")], [])
    assert CalendarYear.objects.get().source_text == ""
    assert services.missing_years(D(2026, 12, 1)) == []

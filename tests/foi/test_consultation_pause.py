"""The pause for the other side's opinion ends (issue 16, point 2; 条例 Art. 32, 33 para 3, 34).

A third party answers within 15 working days of receiving the request (Art. 32); a co-maker too,
and its silence is consent (Art. 34). The time not counted in the reply period (Art. 33 para 3)
ends at the answer or when that period has passed, whichever is first: a later "ended" record
does not extend it, and the handler is told in the inbox the day the period has passed.

Dates on the real 2026 calendar (REGULATIONS.md §9), counted by hand:
- received 2026-09-25 (中秋): due 10/29 over National Day and the make-up Saturday 10/10; a
  request e-mailed to the third party on 9/28 gives it 9/29 … 10/23; unanswered, those 15
  working days are added: due 11/19;
- received 2026-02-02: due 3/6 over the Spring Festival (2/15–23) with the make-up Saturdays
  2/14 and 2/28; a request e-mailed on 2/10 gives 2/11 … 3/9 (both Saturdays count); unanswered,
  15 working days are added: due 3/27.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import chinese_calendar
import pytest
import time_machine

from gongkai.audit.models import AuditEntry
from gongkai.foi import clock as C
from gongkai.foi import handling
from gongkai.foi.jobs import send_reminders
from gongkai.foi.models import Request
from gongkai.foi.vocab import State
from gongkai.workbench.inbox import tasks_for
from gongkai.workdays.calendar import WorkCalendar

D = dt.date
CAL_2026 = WorkCalendar(sources={2026: chinese_calendar.is_workday})
CTX = C.Context(calendar=CAL_2026, rules=C.Rules(), today=D(2026, 12, 1))


def ev(kind: str, on: dt.date, **data: Any) -> C.Event:
    return C.Event(kind, on, data)


def asked(on: dt.date, **data: Any) -> C.Event:
    return ev("consultation_started", on, **{"party": "某某科技有限公司", "delivery_method": "electronic", **data})


# --- the clock --------------------------------------------------------------------------------


def test_an_unanswered_third_party_stops_the_clock_only_for_its_fifteen_days() -> None:
    clock = C.replay(D(2026, 9, 25), [asked(D(2026, 9, 28))], CTX)
    assert clock.consultation_reply_due_on == D(2026, 10, 23)
    assert (clock.state, clock.excluded_days, clock.due_on) == (State.IN_PROGRESS, 15, D(2026, 11, 19))
    assert clock.history[-1] == C.DueEntry(D(2026, 11, 19), "consultation_period_passed", D(2026, 10, 23))
    assert clock.consultation_awaiting_answer
    # Running again, the application can be late: on 11/20 it is.
    assert C.overdue(clock.state, clock.due_on, D(2026, 11, 20))


def test_before_the_period_has_passed_the_clock_is_still_stopped() -> None:
    on_the_last_day = C.Context(CAL_2026, C.Rules(), D(2026, 10, 23))
    clock = C.replay(D(2026, 9, 25), [asked(D(2026, 9, 28))], on_the_last_day)
    assert (clock.state, clock.due_on) == (State.CONSULTING, D(2026, 10, 29))


def test_a_later_ended_record_does_not_extend_the_pause() -> None:
    clock = C.replay(D(2026, 9, 25), [asked(D(2026, 9, 28)), ev("consultation_ended", D(2026, 11, 20))], CTX)
    assert (clock.state, clock.excluded_days, clock.due_on) == (State.IN_PROGRESS, 15, D(2026, 11, 19))
    assert not clock.consultation_awaiting_answer
    assert [e.because for e in clock.history][-1] == "consultation_period_passed"  # nothing after it


def test_an_answer_inside_the_period_ends_the_pause_that_day() -> None:
    clock = C.replay(D(2026, 9, 25), [asked(D(2026, 9, 28)), ev("consultation_ended", D(2026, 10, 12))], CTX)
    assert (clock.excluded_days, clock.due_on) == (6, D(2026, 11, 6))  # 9/29, 9/30, 10/8, 10/9, 10/10, 10/12


def test_across_the_spring_festival_with_its_make_up_saturdays() -> None:
    assert C.start(D(2026, 2, 2), CTX).due_on == D(2026, 3, 6)
    clock = C.replay(D(2026, 2, 2), [asked(D(2026, 2, 10))], CTX)
    assert clock.consultation_reply_due_on == D(2026, 3, 9)
    assert (clock.excluded_days, clock.due_on) == (15, D(2026, 3, 27))
    late = C.replay(D(2026, 2, 2), [asked(D(2026, 2, 10)), ev("consultation_ended", D(2026, 3, 20))], CTX)
    assert late.due_on == D(2026, 3, 27)


def test_by_post_the_period_runs_from_the_presumed_receipt() -> None:
    # Posted 9/28, presumed received 10/13 (the default 15 days): 10/14 … 11/3; 22 working days
    # from 9/29 to 11/3 are not counted.
    clock = C.replay(D(2026, 9, 25), [asked(D(2026, 9, 28), delivery_method="post")], CTX)
    assert clock.consultation_reply_due_on == D(2026, 11, 3)
    assert (clock.excluded_days, clock.due_on) == (22, D(2026, 11, 30))


def test_a_new_consultation_waits_for_the_late_answer_to_be_recorded() -> None:
    clock = C.replay(D(2026, 9, 25), [asked(D(2026, 9, 28))], CTX)
    assert "consultation_ended" in C.allowed_events(clock) and "replied" in C.allowed_events(clock)
    with pytest.raises(C.Refused, match="尚未登记"):
        C.apply(C.copy(clock), asked(D(2026, 11, 2)), CTX)
    C.apply(clock, ev("consultation_ended", D(2026, 11, 2)), CTX)
    assert "consultation_ended" not in C.allowed_events(clock)


# --- the day the period passes: the job settles, the inbox tells the handler ---------------------


def at(day: dt.date) -> Any:
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 1, tzinfo=dt.UTC), tick=False)


@pytest.fixture
def consulting(site: Any, handler_a: Any, letter_request: Request) -> Request:
    with at(D(2026, 9, 28)):
        handling.record_event(
            handler_a,
            letter_request.pk,
            "consultation_started",
            D(2026, 9, 28),
            party="某某科技有限公司",
            information="该公司的环境影响评价报告",
            delivery_method="electronic",
        )
    letter_request.refresh_from_db()
    return letter_request


def test_the_handler_is_told_the_day_the_period_has_passed(handler_a: Any, consulting: Request) -> None:
    with at(D(2026, 10, 23)):  # the party's last day: nothing yet
        send_reminders.enqueue("2026-10-23")
        assert not [t for t in tasks_for(handler_a, D(2026, 10, 23)) if "第三方答复期限" in t.title]
    consulting.refresh_from_db()
    assert (consulting.state, consulting.due_on) == ("consulting", D(2026, 10, 29))

    with at(D(2026, 10, 24)):
        send_reminders.enqueue("2026-10-24")
        tasks = [t for t in tasks_for(handler_a, D(2026, 10, 24)) if t.target == consulting]
    consulting.refresh_from_db()
    assert (consulting.state, consulting.due_on) == ("in_progress", D(2026, 11, 19))
    assert consulting.consultation_reply_due_on == D(2026, 10, 23)  # still awaited: its answer is not recorded
    last = consulting.due_changes.order_by("id").last()  # the fixture registered it on 12/01
    assert last is not None and (last.because, last.on) == ("consultation_period_passed", D(2026, 10, 23))
    assert AuditEntry.objects.filter(action="foi.consultation_period_passed").count() == 1
    assert [t.title for t in tasks] == [
        f"第三方答复期限已于2026-10-23届满，答复期限恢复计算，请依照条例第三十二条决定是否公开：{consulting.number}"
    ]


def test_the_late_answer_is_recorded_without_moving_the_due_date(
    api_as: Any, handler_a: Any, consulting: Request
) -> None:
    with at(D(2026, 11, 2)):
        send_reminders.enqueue("2026-11-02")
        body = api_as(handler_a).post(
            f"/requests/{consulting.pk}/events",
            {"kind": "consultation_ended", "on": "2026-11-02", "party_answer": "不同意公开"},
        )
        tasks = [t for t in tasks_for(handler_a, D(2026, 11, 2)) if "第三方答复期限" in t.title]
    assert body.status_code == 200, body.content
    assert (body.json()["state"], body.json()["due_on"]) == ("in_progress", "2026-11-19")
    consulting.refresh_from_db()
    assert consulting.consultation_reply_due_on is None and not tasks


def test_an_answer_entered_late_but_dated_inside_the_period_still_ends_it_that_day(
    api_as: Any, handler_a: Any, consulting: Request
) -> None:
    with at(D(2026, 11, 2)):  # the job has not run since 10/23
        body = api_as(handler_a).post(
            f"/requests/{consulting.pk}/events", {"kind": "consultation_ended", "on": "2026-10-12"}
        )
    assert (body.json()["state"], body.json()["due_on"]) == ("in_progress", "2026-11-06")

"""The statutory clock of an application (``gongkai.foi.clock``) on the real 2026 calendar.

Every expected date below was counted by hand on the State Council's 2026 notice (REGULATIONS.md
§9: Spring Festival 2/15–23 with make-up Saturdays 2/14 and 2/28, Qingming 4/4–6, Labour Day
5/1–5 with make-up Saturday 5/9, Mid-autumn 9/25–27, National Day 10/1–7 with make-up Saturday
10/10) and agrees with chinesecalendar. No database is used.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import chinese_calendar
import pytest

from gongkai.foi import clock as C
from gongkai.foi.vocab import State
from gongkai.workdays.calendar import WorkCalendar

D = dt.date
CAL_2026 = WorkCalendar(sources={2026: chinese_calendar.is_workday})
TODAY = D(2026, 12, 1)
CTX = C.Context(calendar=CAL_2026, rules=C.Rules(), today=TODAY)


def ev(kind: str, on: dt.date, **data: Any) -> C.Event:
    return C.Event(kind, on, data)


def run(received: dt.date, *events: C.Event, ctx: C.Context = CTX) -> C.Clock:
    clock = C.start(received, ctx)
    for event in events:
        C.apply(clock, event, ctx)
    return clock


# --- reply due = receipt + 20 working days, the receipt day not counted ------------------------


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (D(2026, 9, 25), D(2026, 10, 29)),  # received on 中秋 (a holiday): 9/28 is day 1, 10/10 counts
        (D(2026, 9, 30), D(2026, 11, 3)),  # the eve of National Day: 10/8, 10/9, 10/10 (Sat) count
        (D(2026, 2, 13), D(2026, 3, 19)),  # before Spring Festival: 2/14 and 2/28 (Saturdays) count
        (D(2026, 4, 30), D(2026, 6, 1)),  # before Labour Day: 5/9 (Saturday) counts
        (D(2026, 2, 14), D(2026, 3, 20)),  # received on the make-up Saturday itself: not counted
    ],
)
def test_reply_due_is_twenty_working_days_after_receipt(received: dt.date, due: dt.date) -> None:
    clock = C.start(received, CTX)
    assert clock.due_on == due
    assert clock.history == [C.DueEntry(due, "received", received)]
    assert clock.state == State.REGISTERED


def test_a_receipt_in_a_year_without_calendar_is_due_provisionally_on_weekends_only() -> None:
    # RULINGS.md 2: 20 working days reach into 2027, which the calendar does not hold: 12/11 …
    # 12/31 are 15, then 2027 counts Monday to Friday (1/1 included), so the 20th is 1/7.
    clock = C.start(D(2026, 12, 10), CTX)
    assert clock.due_on == D(2027, 1, 7)
    assert clock.due_provisional and clock.provisional_year == 2027
    assert clock.missing_year is None


# --- correction (条例 Art. 30) ---------------------------------------------------------------


def test_correction_stops_the_clock_and_the_corrected_application_restarts_it() -> None:
    clock = run(
        D(2026, 2, 13),
        ev("correction_requested", D(2026, 2, 26), items="请写明所需信息的文号"),
    )
    assert clock.state == State.AWAITING_CORRECTION
    assert clock.due_on is None
    assert not clock.late_correction_notice  # 2/14, 2/24, 2/25, 2/26: the 4th working day
    assert clock.correction_due_on == D(2026, 3, 18)  # default period: 15 working days
    C.apply(clock, ev("correction_received", D(2026, 3, 10)), CTX)
    assert clock.state == State.IN_PROGRESS
    assert clock.due_on == D(2026, 4, 8)  # 3/10 + 20 working days, over Qingming (4/4–6)
    assert [(e.due_on, e.because) for e in clock.history] == [
        (D(2026, 3, 19), "received"),
        (None, "correction_requested"),
        (D(2026, 4, 8), "correction_received"),
    ]


def test_a_correction_notice_after_seven_working_days_is_flagged_not_refused() -> None:
    clock = run(D(2026, 2, 13), ev("correction_requested", D(2026, 3, 5), items="补充身份证明"))
    assert clock.late_correction_notice  # 3/5 is the 10th working day after 2/13
    clock = run(D(2026, 2, 13), ev("correction_requested", D(2026, 2, 27), items="补充身份证明"))
    assert not clock.late_correction_notice  # the 5th


def test_correction_is_one_time() -> None:
    clock = run(
        D(2026, 2, 13),
        ev("correction_requested", D(2026, 2, 24), items="文号"),
        ev("correction_received", D(2026, 2, 26)),
    )
    with pytest.raises(C.Refused, match="一次性"):
        C.apply(clock, ev("correction_requested", D(2026, 2, 27), items="又一项"), CTX)


def test_correction_lapses_only_after_its_period() -> None:
    clock = run(
        D(2026, 2, 13), ev("correction_requested", D(2026, 2, 24), items="文号", correction_due_on=D(2026, 3, 6))
    )
    with pytest.raises(C.Refused, match="尚未届满"):
        C.apply(C.copy(clock), ev("correction_lapsed", D(2026, 3, 6)), CTX)
    C.apply(clock, ev("correction_lapsed", D(2026, 3, 9)), CTX)
    assert clock.state == State.LAPSED
    assert clock.outcome == "other_correction_lapsed"  # Table 三 （六）1
    assert clock.outcome_on == D(2026, 3, 9)


def test_correction_needs_the_items() -> None:
    with pytest.raises(C.Invalid) as caught:
        run(D(2026, 2, 13), ev("correction_requested", D(2026, 2, 24)))
    assert caught.value.field == "items"


# --- consultation (Art. 32–33) ---------------------------------------------------------------


def test_consultation_days_are_added_when_it_ends() -> None:
    clock = run(D(2026, 9, 25), ev("consultation_started", D(2026, 9, 28), party="某某科技有限公司"))
    assert clock.state == State.CONSULTING
    assert clock.due_on == D(2026, 10, 29)  # unchanged while it runs
    # The third party has 15 working days (Art. 32), counted here from the letter: 9/29 … 10/23.
    assert clock.consultation_reply_due_on == D(2026, 10, 23)
    C.apply(clock, ev("consultation_ended", D(2026, 10, 12)), CTX)
    # 9/29, 9/30, 10/8, 10/9, 10/10 (Sat), 10/12: six working days after the start day.
    assert clock.excluded_days == 6
    assert clock.due_on == D(2026, 11, 6)
    assert clock.state == State.IN_PROGRESS
    assert clock.history[-1] == C.DueEntry(D(2026, 11, 6), "consultation_ended", D(2026, 10, 12))


def test_a_consultation_ending_on_its_start_day_adds_nothing() -> None:
    clock = run(
        D(2026, 9, 25),
        ev("consultation_started", D(2026, 10, 9), party="区财政局"),
        ev("consultation_ended", D(2026, 10, 9)),
    )
    assert clock.due_on == D(2026, 10, 29)
    assert len(clock.history) == 1


def test_ending_a_consultation_that_is_not_running_is_refused() -> None:
    with pytest.raises(C.Refused, match="不能"):
        run(D(2026, 9, 25), ev("consultation_ended", D(2026, 10, 9)))


def test_a_second_consultation_waits_for_the_first() -> None:
    clock = run(D(2026, 9, 25), ev("consultation_started", D(2026, 9, 28), party="甲公司"))
    with pytest.raises(C.Refused):
        C.apply(clock, ev("consultation_started", D(2026, 9, 29), party="乙公司"), CTX)


# --- extension (Art. 33 para 2) -------------------------------------------------------------


def test_extensions_add_at_most_twenty_working_days_in_total() -> None:
    clock = run(
        D(2026, 9, 25),
        ev("extension_approved", D(2026, 10, 20), working_days=15, reason="涉及多个部门", approver="王敏"),
    )
    assert clock.state == State.EXTENDED
    assert clock.due_on == D(2026, 11, 19)
    with pytest.raises(C.Refused, match="20") as caught:
        C.apply(
            C.copy(clock),
            ev("extension_approved", D(2026, 10, 21), working_days=6, reason="再延", approver="王敏"),
            CTX,
        )
    assert caught.value.field == "working_days"
    C.apply(clock, ev("extension_approved", D(2026, 10, 21), working_days=5, reason="再延", approver="王敏"), CTX)
    assert clock.extension_days == 20
    assert clock.due_on == D(2026, 11, 26)


def test_consultation_then_full_extension() -> None:
    clock = run(
        D(2026, 9, 25),
        ev("consultation_started", D(2026, 9, 28), party="某某科技有限公司"),
        ev("consultation_ended", D(2026, 10, 12)),
        ev("extension_approved", D(2026, 11, 2), working_days=20, reason="需调阅档案", approver="王敏"),
    )
    assert clock.due_on == D(2026, 12, 4)
    assert clock.state == State.EXTENDED


def test_an_extension_after_the_due_date_is_refused() -> None:
    with pytest.raises(C.Refused, match="届满"):
        run(D(2026, 9, 25), ev("extension_approved", D(2026, 10, 30), working_days=5, reason="晚了", approver="王敏"))


def test_an_extension_needs_a_reason_and_a_positive_number() -> None:
    with pytest.raises(C.Invalid) as caught:
        run(D(2026, 9, 25), ev("extension_approved", D(2026, 10, 9), working_days=5))
    assert caught.value.field == "reason"
    with pytest.raises(C.Invalid) as caught:
        run(D(2026, 9, 25), ev("extension_approved", D(2026, 10, 9), working_days=0, reason="x", approver="王敏"))
    assert caught.value.field == "working_days"


def test_an_extension_cannot_wait_on_a_correction() -> None:
    with pytest.raises(C.Refused):
        run(
            D(2026, 2, 13),
            ev("correction_requested", D(2026, 2, 24), items="文号"),
            ev("extension_approved", D(2026, 2, 25), working_days=5, reason="x", approver="王敏"),
        )


# --- fees (国办函〔2020〕109号) -----------------------------------------------------------------


def test_a_fee_notice_stops_the_clock_until_payment() -> None:
    clock = run(D(2026, 9, 25), ev("fee_notified", D(2026, 10, 9), fee_yuan=83460))
    assert clock.state == State.AWAITING_FEE
    assert clock.fee_pay_by == D(2026, 11, 5)  # 20 working days to pay (the default setting)
    C.apply(clock, ev("fee_paid", D(2026, 10, 16)), CTX)
    assert clock.state == State.IN_PROGRESS
    assert clock.excluded_days == 6  # 10/10 (Sat), 10/12–16
    assert clock.due_on == D(2026, 11, 6)


def test_when_the_office_decides_fees_do_not_stop_the_clock() -> None:
    ctx = C.Context(CAL_2026, C.Rules(fee_suspends_clock=False, fee_payment_days=10), TODAY)
    clock = run(
        D(2026, 9, 25), ev("fee_notified", D(2026, 10, 9), fee_yuan=200), ev("fee_paid", D(2026, 10, 16)), ctx=ctx
    )
    assert clock.due_on == D(2026, 10, 29)
    assert clock.fee_paid_on == D(2026, 10, 16)


def test_a_free_assessment_changes_nothing() -> None:
    clock = run(D(2026, 9, 25), ev("fee_notified", D(2026, 10, 9), fee_yuan=0))
    assert clock.state == State.REGISTERED
    assert clock.due_on == D(2026, 10, 29)
    with pytest.raises(C.Refused):
        C.apply(clock, ev("fee_paid", D(2026, 10, 12)), CTX)


def test_non_payment_lapses_after_the_deadline_only() -> None:
    clock = run(D(2026, 9, 25), ev("fee_notified", D(2026, 10, 9), fee_yuan=100))
    with pytest.raises(C.Refused, match="尚未届满"):
        C.apply(C.copy(clock), ev("fee_lapsed", D(2026, 11, 5)), CTX)
    with pytest.raises(C.Refused, match="届满"):
        C.apply(C.copy(clock), ev("fee_paid", D(2026, 11, 6)), CTX)
    C.apply(clock, ev("fee_lapsed", D(2026, 11, 6)), CTX)
    assert (clock.state, clock.outcome) == (State.LAPSED, "other_fee_lapsed")  # Table 三 （六）2


def test_one_fee_notice_per_application() -> None:
    clock = run(D(2026, 9, 25), ev("fee_notified", D(2026, 10, 9), fee_yuan=100), ev("fee_paid", D(2026, 10, 12)))
    with pytest.raises(C.Refused, match="一种"):
        C.apply(clock, ev("fee_notified", D(2026, 10, 13), fee_yuan=100), CTX)


# --- replies, withdrawal, order ----------------------------------------------------------------


def test_reply_records_the_outcome_and_a_second_reply_is_refused() -> None:
    clock = run(D(2026, 9, 25), ev("replied", D(2026, 10, 28), outcome="disclosed"))
    assert (clock.state, clock.outcome, clock.replied_on) == (State.REPLIED, "disclosed", D(2026, 10, 28))
    with pytest.raises(C.Refused):
        C.apply(clock, ev("replied", D(2026, 10, 29), outcome="disclosed"), CTX)


@pytest.mark.parametrize("outcome", ["other_correction_lapsed", "other_fee_lapsed"])
def test_lapse_outcomes_come_from_their_events(outcome: str) -> None:
    with pytest.raises(C.Refused) as caught:
        run(D(2026, 9, 25), ev("replied", D(2026, 10, 28), outcome=outcome))
    assert caught.value.field == "outcome"


def test_an_unknown_outcome_is_invalid() -> None:
    with pytest.raises(C.Invalid):
        run(D(2026, 9, 25), ev("replied", D(2026, 10, 28), outcome="maybe"))


def test_no_reply_while_the_clock_is_stopped() -> None:
    with pytest.raises(C.Refused):
        run(
            D(2026, 9, 25),
            ev("consultation_started", D(2026, 9, 28), party="甲公司"),
            ev("replied", D(2026, 10, 9), outcome="disclosed"),
        )


def test_withdrawal_counts_as_other() -> None:
    clock = run(D(2026, 9, 25), ev("consultation_started", D(2026, 9, 28), party="甲"), ev("withdrawn", D(2026, 10, 9)))
    assert (clock.state, clock.outcome) == (State.WITHDRAWN, "other")  # Table 三 （六）3


@pytest.mark.parametrize(
    ("on", "words"),
    [(D(2026, 12, 2), "晚于今天"), (D(2026, 9, 24), "早于收到申请")],
)
def test_dates_in_the_future_or_before_receipt_are_refused(on: dt.date, words: str) -> None:
    with pytest.raises(C.Refused, match=words) as caught:
        run(D(2026, 9, 25), ev("accepted", on))
    assert caught.value.field == "on"


def test_an_event_before_the_previous_one_is_refused() -> None:
    with pytest.raises(C.Refused, match="上一办理环节"):
        run(D(2026, 9, 25), ev("accepted", D(2026, 10, 12)), ev("consultation_started", D(2026, 10, 9), party="甲"))


def test_archive_only_after_closing() -> None:
    with pytest.raises(C.Refused):
        run(D(2026, 9, 25), ev("archived", D(2026, 10, 9)))
    clock = run(D(2026, 9, 25), ev("replied", D(2026, 10, 9), outcome="disclosed"), ev("archived", D(2026, 10, 12)))
    assert clock.state == State.ARCHIVED
    assert clock.outcome == "disclosed"


def test_replay_equals_step_by_step() -> None:
    events = [
        ev("accepted", D(2026, 9, 28)),
        ev("consultation_started", D(2026, 9, 29), party="甲"),
        ev("consultation_ended", D(2026, 10, 12)),
        ev("extension_approved", D(2026, 10, 30), working_days=10, reason="x", approver="王敏"),
    ]
    assert C.replay(D(2026, 9, 25), events, CTX) == run(D(2026, 9, 25), *events)


# --- reading the clock ---------------------------------------------------------------------------


def test_overdue_only_while_the_clock_runs() -> None:
    assert C.overdue(State.IN_PROGRESS, D(2026, 10, 29), D(2026, 10, 30))
    assert not C.overdue(State.IN_PROGRESS, D(2026, 10, 29), D(2026, 10, 29))
    assert C.overdue(State.EXTENDED, D(2026, 11, 26), D(2026, 11, 27))
    assert not C.overdue(State.EXTENDED, D(2026, 11, 26), D(2026, 11, 2))  # past the original date
    for stopped in (State.AWAITING_CORRECTION, State.CONSULTING, State.AWAITING_FEE, State.REPLIED):
        assert not C.overdue(stopped, D(2026, 10, 29), D(2026, 11, 30))


def test_due_soon_is_three_working_days() -> None:
    # Due 10/12 (Mon): from 10/9 (Fri) it is 2 working days away (10/10 Sat is a make-up day).
    assert C.due_soon(State.IN_PROGRESS, D(2026, 10, 12), D(2026, 10, 9), CAL_2026)
    # From 9/30 across National Day: 10/8, 10/9, 10/10, 10/12 = 4 working days.
    assert not C.due_soon(State.IN_PROGRESS, D(2026, 10, 12), D(2026, 9, 30), CAL_2026)
    assert C.due_soon(State.IN_PROGRESS, D(2026, 10, 12), D(2026, 10, 12), CAL_2026)
    assert not C.due_soon(State.CONSULTING, D(2026, 10, 12), D(2026, 10, 9), CAL_2026)


def test_allowed_events_follow_the_state() -> None:
    clock = C.start(D(2026, 9, 25), CTX)
    assert "replied" in C.allowed_events(clock)
    assert "fee_paid" not in C.allowed_events(clock)
    C.apply(clock, ev("correction_requested", D(2026, 9, 28), items="x"), CTX)
    assert set(C.allowed_events(clock)) == {"correction_received", "correction_lapsed", "withdrawn"}

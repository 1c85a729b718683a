"""The statutory clock of an application, computed from its recorded events. Plain Python.

The due date is never edited: it is what the events say, replayed on the working-day calendar.
Conventions (REGULATIONS.md §1, §2, §9):

- Reply due = receipt date + 20 working days, the receipt day not counted (条例 Art. 33 para 1;
  民法典 Art. 201). The receipt date follows Art. 31 (the intake sets it).
- Correction (Art. 30): the notice should go out within 7 working days of receipt (later ones
  are flagged, not refused); it is one-time (一次性), so a second one is refused. While awaiting
  correction the clock is stopped (no due date); when the corrected application arrives the
  period restarts: due = that date + 20 working days. A missed correction period closes the
  application as （六）1 (``other_correction_lapsed``).
- Consultation of a third party or another organ (Art. 32–34): the time is not counted (Art. 33
  para 3): the working days after the start day up to and including the end day are added to
  the due date when it ends. A third party answers within 15 working days of receiving the
  request (Art. 32) and so does a co-maker (Art. 34, whose silence is consent): the excluded
  time ends at the answer or when that period has passed, whichever is first (``settle``, run
  before every step and at the end of a replay, up to today); a later "ended" record is kept
  but moves nothing. A secrecy review (Art. 17: 报有关主管部门或者保密行政管理部门确定) has no
  statutory period: its time is excluded until the answer; the reply date the referral asks for
  (the office's setting) only reminds the handler.
- Extension (Art. 33 para 2): at most 20 working days in total, with a reason and the office
  head's approval, decided before the period runs out.
- Delayed reply (Art. 35): for an applicant's clearly unreasonable number or frequency of
  requests whose reasons the organ finds reasonable but cannot answer within Art. 33's periods,
  the organ sets a reasonable longer period and tells the applicant: the due date becomes the
  date it set (``until``), which the 20-day extension cap does not limit; decided before the
  period runs out, later than the due date in force. An Art. 33 extension no longer applies.
- Fee (国办函〔2020〕109号): a fee notice stops the clock until payment, and the days from the
  notice up to and including payment day are added (the exact rule and the payment period are
  UNCONFIRMED, so both are ``Rules`` settings). Non-payment by the deadline closes the
  application as （六）2 (``other_fee_lapsed``); a withdrawal counts as （六）3 (``other``).
- The other side's periods run from receiving the letter (送达), not from its date: the third
  party's 15 working days (Art. 32 "自收到征求意见书之日起") and the applicant's payment period.
  A letter sent electronically (or handed over) is received the day it is sent; by post, on the
  day the receipt shows (``delivered_on``, recorded on the letter) or, until then, on the day
  presumed by the office's setting (``post_delivery_days`` calendar days after sending,
  UNCONFIRMED: the texts set no presumption). The handler's own payment date (``pay_by``) wins.

- A due date in a year the calendar does not hold yet (RULINGS.md 2) is counted on weekends only
  and marked provisional (``due_provisional``, with the year in ``provisional_year``); entering
  the year replays the application. Only the reply due date is counted so: the other side's
  deadlines (correction period, payment period, a third party's answer) stay unknown until the
  year is entered — nothing else guesses.

Events out of order (a date in the future, before receipt or before the previous event; ending
a consultation that is not running; replying twice) raise ``Refused`` with the reason.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable

from django.utils.translation import gettext as _

from gongkai.foi.periods import (
    Clock,
    Context,
    DueEntry,
    Event,
    Invalid,
    Refused,
    Rules,
    WeekendsWhereUnknown,
    after_pause,
    compute,
    excluded_days,
    received,
    record,
    required,
    set_due,
    shift_due,
    working_days,
)
from gongkai.foi.vocab import (
    LAPSE_OUTCOMES,
    OPEN_STATES,
    RUNNING_STATES,
    SELF_ENDING_BASES,
    ConsultationBasis,
    DueReason,
    EventKind,
    Outcome,
    State,
)
from gongkai.workdays.calendar import CalendarMissing, WorkCalendar

# The clock's parts are named from here too: callers write ``clock.Event``, ``clock.Refused`` …
__all__ = [
    "Clock",
    "Context",
    "DueEntry",
    "Event",
    "Invalid",
    "Refused",
    "Rules",
    "WeekendsWhereUnknown",
    "allowed_events",
    "apply",
    "copy",
    "due_soon",
    "is_running",
    "overdue",
    "received",
    "replay",
    "settle",
    "start",
]

K = EventKind


def start(received_on: dt.date, ctx: Context) -> Clock:
    clock = Clock(received_on=received_on)
    set_due(clock, ctx, DueReason.RECEIVED, received_on, ctx.rules.reply_days)
    return clock


def replay(received_on: dt.date, events: Iterable[Event], ctx: Context, *, settled: bool = True) -> Clock:
    """The clock after the recorded ``events`` (already accepted once, so not re-judged against
    deadlines that a calendar change may have moved), settled up to today unless ``settled`` is
    false (the caller is about to apply a step dated earlier than today)."""
    clock = start(received_on, ctx)
    for event in events:
        apply(clock, event, ctx, strict=False)
    if settled:
        settle(clock, ctx, ctx.today)
    return clock


def apply(clock: Clock, event: Event, ctx: Context, *, strict: bool = True) -> Clock:
    """Apply one event to ``clock`` (in place), refusing what is impossible now."""
    _check_date(clock, event, ctx, strict)
    step = _STEPS.get(event.kind)
    if step is None:
        raise Refused(_("未知的办理环节：%(kind)s") % {"kind": event.kind}, "kind")
    settle(clock, ctx, event.on)
    allowed, handler = step
    if clock.state not in allowed:
        raise Refused(
            _("“%(state)s”状态的申请不能“%(event)s”") % {"state": State(clock.state).label, "event": _label(event.kind)}
        )
    handler(clock, event, ctx, strict)
    clock.last_event_on = event.on
    return clock


def settle(clock: Clock, ctx: Context, until: dt.date) -> None:
    """End a consultation whose other side's period has passed before ``until`` (Art. 32: "逾期
    未提出意见的，由行政机关依照本条例的规定决定"; Art. 34: silence is consent): the excluded time
    runs up to and including the period's last day, and the clock runs again."""
    deadline = clock.consultation_reply_due_on
    if (
        clock.state == State.CONSULTING
        and clock.consultation_basis in SELF_ENDING_BASES
        and deadline is not None
        and deadline < until
    ):
        _end_pause(clock, ctx, deadline, DueReason.CONSULTATION_PERIOD_PASSED)
        clock.consultation_awaiting_answer = True


def _end_pause(clock: Clock, ctx: Context, last_day: dt.date, because: str) -> None:
    since = clock.consultation_since
    assert since is not None  # the CONSULTING state is only entered with a start date
    days = excluded_days(clock, ctx, since, last_day)
    clock.consultation_since = None
    clock.state = after_pause(clock)
    clock.excluded_days += days
    shift_due(clock, ctx, because, last_day, days)


def _label(kind: str) -> str:
    return str(EventKind(kind).label) if kind in EventKind.values else kind


def _check_date(clock: Clock, event: Event, ctx: Context, strict: bool) -> None:
    if strict and event.on > ctx.today:
        raise Refused(_("日期%(on)s晚于今天，不能预先登记") % {"on": event.on}, "on")
    if event.on < clock.received_on:
        raise Refused(
            _("日期%(on)s早于收到申请的日期%(received)s") % {"on": event.on, "received": clock.received_on}, "on"
        )
    if clock.last_event_on is not None and event.on < clock.last_event_on:
        raise Refused(
            _("日期%(on)s早于上一办理环节的日期%(last)s") % {"on": event.on, "last": clock.last_event_on}, "on"
        )


# --- the steps ---------------------------------------------------------------------------------


def _accepted(clock: Clock, event: Event, ctx: Context, strict: bool) -> None:
    clock.state = State.IN_PROGRESS


def _correction_requested(clock: Clock, event: Event, ctx: Context, strict: bool) -> None:
    if clock.correction_requested_on is not None:
        raise Refused(
            _("补正通知应一次性发出（条例第三十条），本申请已于%(on)s发出过") % {"on": clock.correction_requested_on}
        )
    if clock.handled:
        raise Refused(_("已开始征求意见、延期或收费的申请不能再要求补正"))
    required(event, "items", _("需要补正的事项"))
    due = event.data.get("correction_due_on")
    if due is None:
        due = compute(clock, lambda: ctx.calendar.add_working_days(event.on, ctx.rules.correction_period_days))
    elif due <= event.on:
        raise Invalid(_("补正期限应晚于发出补正通知的日期"), "correction_due_on")
    elapsed = working_days(clock, ctx, clock.received_on, event.on)
    clock.late_correction_notice = elapsed is not None and elapsed > ctx.rules.correction_notice_days
    clock.correction_requested_on = event.on
    clock.correction_due_on = due
    clock.state = State.AWAITING_CORRECTION
    clock.due_on = None  # the period runs again from receipt of the corrected application
    clock.due_provisional, clock.provisional_year = False, None
    record(clock, DueReason.CORRECTION_REQUESTED, event.on)


def _correction_received(clock: Clock, event: Event, ctx: Context, strict: bool) -> None:
    clock.corrected_on = event.on
    clock.state = State.IN_PROGRESS
    set_due(clock, ctx, DueReason.CORRECTION_RECEIVED, event.on, ctx.rules.reply_days)


def _close(clock: Clock, state: str, outcome: str, on: dt.date) -> None:
    clock.state = state
    clock.outcome = outcome
    clock.outcome_on = on
    clock.consultation_awaiting_answer = False


def _correction_lapsed(clock: Clock, event: Event, ctx: Context, strict: bool) -> None:
    deadline = clock.correction_due_on
    if deadline is None:
        raise Refused(_("补正期限未能确定（缺少工作日历），不能认定逾期"))
    if event.on <= deadline:
        raise Refused(_("补正期限（%(due)s）尚未届满") % {"due": deadline}, "on")
    _close(clock, State.LAPSED, Outcome.OTHER_CORRECTION_LAPSED, event.on)


def _consultation_started(clock: Clock, event: Event, ctx: Context, strict: bool) -> None:
    if clock.consultation_awaiting_answer:
        raise Refused(_("上一次征求意见的期限已届满但尚未登记“征求意见结束”，请先登记（可注明对方逾期未答复）"), "kind")
    basis = str(event.data.get("basis") or ConsultationBasis.THIRD_PARTY)
    if basis not in ConsultationBasis.values:
        raise Invalid(_("征求意见的依据“%(basis)s”不是允许的取值") % {"basis": basis}, "basis")
    clock.consultation_party = str(required(event, "party", _("征求意见的对象")))
    clock.consultation_basis = basis
    clock.consultation_since = event.on
    # Art. 32, 34: 15 working days from the day the other side received the request, not from
    # the letter's date. A secrecy review: the reply date the referral asks for.
    arrived, presumed = received(event, ctx)
    clock.consultation_received_on, clock.consultation_receipt_presumed = arrived, presumed
    days = ctx.rules.consultation_reply_days
    if basis == ConsultationBasis.SECRECY_REVIEW:
        days = int(event.data.get("reply_days") or ctx.rules.secrecy_review_days)
    clock.consultation_reply_due_on = compute(clock, lambda: ctx.calendar.add_working_days(arrived, days))
    clock.handled = True
    clock.state = State.CONSULTING


def _consultation_ended(clock: Clock, event: Event, ctx: Context, strict: bool) -> None:
    if clock.consultation_awaiting_answer:
        # The period had passed (``settle``): the pause ended on its last day. The late answer
        # (or its absence) is recorded; it does not extend the pause (Art. 32, 34).
        clock.consultation_awaiting_answer = False
        clock.consultation_reply_due_on = None
        return
    if clock.state != State.CONSULTING:
        raise Refused(_("没有正在进行的征求意见，不能登记“%(event)s”") % {"event": _label(event.kind)})
    _end_pause(clock, ctx, event.on, DueReason.CONSULTATION_ENDED)
    clock.consultation_reply_due_on = None


def _extension_approved(clock: Clock, event: Event, ctx: Context, strict: bool) -> None:
    days = event.data.get("working_days")
    if not isinstance(days, int) or days < 1:
        raise Invalid(_("延长的工作日数应为正整数"), "working_days")
    required(event, "reason", _("延期理由"))
    if clock.long_period_until is not None:
        raise Refused(
            _("已依照条例第三十五条确定延迟答复期限（%(until)s），不再适用第三十三条第二款的延期")
            % {"until": clock.long_period_until}
        )
    if strict:
        # Art. 33 para 2: "经政府信息公开工作机构负责人同意" — the letter says the head approved it,
        # so the step names who did (replays of steps recorded before this rule are not re-judged).
        required(event, "approver", _("批准人（政府信息公开工作机构负责人）"))
    room = ctx.rules.extension_max_days - clock.extension_days
    if days > room:
        raise Refused(
            _("延长答复期限最长不得超过%(max)s个工作日（条例第三十三条），本申请已延长%(used)s个工作日")
            % {"max": ctx.rules.extension_max_days, "used": clock.extension_days},
            "working_days",
        )
    if strict and clock.state != State.CONSULTING and clock.due_on is not None and event.on > clock.due_on:
        raise Refused(_("答复期限已于%(due)s届满，不能再延期") % {"due": clock.due_on}, "on")
    clock.extension_days += days
    clock.handled = True
    if clock.state != State.CONSULTING:
        clock.state = State.EXTENDED
    shift_due(clock, ctx, DueReason.EXTENSION_APPROVED, event.on, days)


def _long_period_set(clock: Clock, event: Event, ctx: Context, strict: bool) -> None:
    """Art. 35: "可以确定延迟答复的合理期限并告知申请人" — the due date is the one the organ set."""
    until = required(event, "until", _("延迟答复的期限"))
    required(event, "reason", _("延迟答复的理由"))
    if not isinstance(until, dt.date) or until <= event.on:
        raise Invalid(_("延迟答复的期限应晚于确定之日%(on)s") % {"on": event.on}, "until")
    if strict and clock.due_on is not None and event.on > clock.due_on:
        raise Refused(_("答复期限已于%(due)s届满，不能再确定延迟答复期限") % {"due": clock.due_on}, "on")
    if clock.due_on is not None and until <= clock.due_on:
        raise Invalid(_("延迟答复的期限应晚于现行答复期限%(due)s（否则无需延迟）") % {"due": clock.due_on}, "until")
    clock.long_period_until = until
    clock.due_on = until
    clock.due_provisional, clock.provisional_year = False, None  # a date set, not counted
    clock.handled = True
    clock.state = State.EXTENDED
    record(clock, DueReason.LONG_PERIOD_SET, event.on)


def _fee_notified(clock: Clock, event: Event, ctx: Context, strict: bool) -> None:
    if clock.fee_yuan:
        raise Refused(_("本申请已发出过收费通知；每件申请只能选择一种计收方式（国办函〔2020〕109号）"))
    fee = event.data.get("fee_yuan")
    if not isinstance(fee, int) or fee < 0:
        raise Invalid(_("收费金额应为不小于0的整数（元）"), "fee_yuan")
    clock.fee_yuan = fee
    if fee == 0:
        return  # inside the free band: nothing to pay, the clock runs on
    clock.fee_notified_on = event.on
    clock.fee_suspends = bool(event.data.get("suspends", ctx.rules.fee_suspends_clock))
    arrived, presumed = received(event, ctx)
    clock.fee_received_on, clock.fee_receipt_presumed = arrived, presumed
    pay_by = event.data.get("pay_by")  # the handler's own date, stated in the notice
    if pay_by is None:
        # 109号: the payment period runs from the applicant's receipt of the notice; its length is
        # the office's setting (UNCONFIRMED), frozen with the step.
        days = int(event.data.get("pay_days") or ctx.rules.fee_payment_days)
        pay_by = compute(clock, lambda: ctx.calendar.add_working_days(arrived, days))
    elif strict and pay_by <= event.on:
        raise Invalid(_("缴费期限应晚于收费通知的日期%(on)s") % {"on": event.on}, "pay_by")
    clock.fee_pay_by = pay_by
    clock.handled = True
    clock.state = State.AWAITING_FEE


def _fee_paid(clock: Clock, event: Event, ctx: Context, strict: bool) -> None:
    notified = clock.fee_notified_on
    assert notified is not None  # AWAITING_FEE is only entered by a fee notice
    if strict and clock.fee_pay_by is not None and event.on > clock.fee_pay_by:
        raise Refused(_("缴费期限已于%(due)s届满，应登记“逾期未缴费”") % {"due": clock.fee_pay_by}, "on")
    clock.fee_paid_on = event.on
    clock.state = after_pause(clock)
    if clock.fee_suspends:
        days = excluded_days(clock, ctx, notified, event.on)
        clock.excluded_days += days
        shift_due(clock, ctx, DueReason.FEE_PAID, event.on, days)


def _fee_lapsed(clock: Clock, event: Event, ctx: Context, strict: bool) -> None:
    deadline = clock.fee_pay_by
    if deadline is None:
        raise Refused(_("缴费期限未能确定（缺少工作日历），不能认定逾期"))
    if event.on <= deadline:
        # 109号: the applicant who has not paid "by the deadline" is deemed to withdraw; the
        # deadline runs from receipt of the notice, so closing earlier would cut it short.
        if clock.fee_receipt_presumed:
            basis = _("收费通知以邮寄送达，尚未登记回执所载送达日期，按推定于%(on)s送达") % {
                "on": clock.fee_received_on
            }
        else:
            basis = _("收费通知于%(on)s送达申请人") % {"on": clock.fee_received_on}
        raise Refused(
            _("缴费期限（%(due)s）尚未届满，不能按逾期未缴费终止办理：%(basis)s，缴费期限自送达之日起计算。")
            % {"due": deadline, "basis": basis},
            "on",
        )
    _close(clock, State.LAPSED, Outcome.OTHER_FEE_LAPSED, event.on)


def _replied(clock: Clock, event: Event, ctx: Context, strict: bool) -> None:
    outcome = required(event, "outcome", _("答复结果"))
    if outcome not in Outcome.values:
        raise Invalid(_("答复结果“%(code)s”不是允许的取值") % {"code": outcome}, "outcome")
    if outcome in LAPSE_OUTCOMES:
        event_kind = K.CORRECTION_LAPSED if outcome == Outcome.OTHER_CORRECTION_LAPSED else K.FEE_LAPSED
        raise Refused(_("该结果由“%(event)s”环节产生，请登记该环节") % {"event": _label(event_kind)}, "outcome")
    clock.replied_on = event.on
    _close(clock, State.REPLIED, outcome, event.on)


def _withdrawn(clock: Clock, event: Event, ctx: Context, strict: bool) -> None:
    # 国办公开办函〔2021〕30号 Table 三: a withdrawal is （六）3 其他.
    _close(clock, State.WITHDRAWN, Outcome.OTHER, event.on)


def _archived(clock: Clock, event: Event, ctx: Context, strict: bool) -> None:
    clock.state = State.ARCHIVED


S = State
_CLOSED_NOT_ARCHIVED = frozenset({S.REPLIED, S.WITHDRAWN, S.LAPSED})
_STEPS: dict[str, tuple[frozenset[str], Callable[[Clock, Event, Context, bool], None]]] = {
    K.ACCEPTED: (frozenset({S.REGISTERED}), _accepted),
    K.CORRECTION_REQUESTED: (frozenset({S.REGISTERED, S.IN_PROGRESS}), _correction_requested),
    K.CORRECTION_RECEIVED: (frozenset({S.AWAITING_CORRECTION}), _correction_received),
    K.CORRECTION_LAPSED: (frozenset({S.AWAITING_CORRECTION}), _correction_lapsed),
    K.CONSULTATION_STARTED: (RUNNING_STATES, _consultation_started),
    # After a consultation's period has passed the clock runs again; its answer is still recorded.
    K.CONSULTATION_ENDED: (RUNNING_STATES | {S.CONSULTING}, _consultation_ended),
    K.EXTENSION_APPROVED: (RUNNING_STATES | {S.CONSULTING}, _extension_approved),
    K.LONG_PERIOD_SET: (RUNNING_STATES, _long_period_set),
    K.FEE_NOTIFIED: (RUNNING_STATES, _fee_notified),
    K.FEE_PAID: (frozenset({S.AWAITING_FEE}), _fee_paid),
    K.FEE_LAPSED: (frozenset({S.AWAITING_FEE}), _fee_lapsed),
    K.REPLIED: (RUNNING_STATES, _replied),
    K.WITHDRAWN: (OPEN_STATES, _withdrawn),
    K.ARCHIVED: (_CLOSED_NOT_ARCHIVED, _archived),
}


def allowed_events(clock: Clock) -> list[str]:
    """The events that the state allows now (the workbench offers these)."""
    return [
        kind
        for kind, (states, _handler) in _STEPS.items()
        if clock.state in states
        and (kind != K.CONSULTATION_ENDED or clock.state == S.CONSULTING or clock.consultation_awaiting_answer)
    ]


# --- reading the clock ---------------------------------------------------------------------------


def is_running(state: str) -> bool:
    return state in RUNNING_STATES


def overdue(state: str, due_on: dt.date | None, today: dt.date) -> bool:
    """Past the due date while the clock runs. Awaiting correction, consulting or awaiting a fee
    never count: the clock is stopped (Art. 30, Art. 33 para 3); an extension moved the date."""
    return is_running(state) and due_on is not None and today > due_on


def due_soon(state: str, due_on: dt.date | None, today: dt.date, calendar: WorkCalendar, within: int = 3) -> bool:
    """Due within ``within`` working days (today itself included when it is the due day)."""
    if not is_running(state) or due_on is None or today > due_on:
        return False
    try:
        return calendar.working_days_between(today, due_on) <= within
    except CalendarMissing:
        return False


def copy(clock: Clock) -> Clock:
    return dataclasses.replace(clock, history=list(clock.history))

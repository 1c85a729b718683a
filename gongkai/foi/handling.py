"""Handling an application: every step goes through ``record_event``.

It checks the handler's permission (403), locks the application, replays the recorded events,
applies the new one on the calendar (409/422 through ``clock.Refused``), computes the fee for a
fee notice, stores the event with the deadlines it fixed (so a later settings change never moves
a deadline a letter already stated), stores the clock's result, keeps every earlier due date,
issues the letter the step calls for, and writes the audit entry — in one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.actor import Actor, signed_in
from gongkai.audit.services import record
from gongkai.foi import access, clock, fees, letterbook
from gongkai.foi.models import Applicant, DueChange, Event, Letter, Request
from gongkai.foi.rules import context, due_problem
from gongkai.foi.vocab import (
    APPLICANT_LETTERS,
    OPEN_STATES,
    SELF_ENDING_BASES,
    ConsultationBasis,
    DueReason,
    EventKind,
    FeeMethod,
    LetterDelivery,
    State,
    delivery_code,
)

K = EventKind
# The fields of the event data each kind keeps (anything else the caller sends is dropped).
DATA_FIELDS: dict[str, tuple[str, ...]] = {
    K.ACCEPTED: ("note",),
    K.CORRECTION_REQUESTED: ("items", "correction_due_on", "note"),
    K.CORRECTION_RECEIVED: ("note",),
    K.CORRECTION_LAPSED: ("note",),
    K.CONSULTATION_STARTED: ("party", "basis", "information", "delivery_method", "note"),
    K.CONSULTATION_ENDED: ("party_answer", "note"),
    K.EXTENSION_APPROVED: ("working_days", "reason", "approver", "note"),
    K.LONG_PERIOD_SET: ("until", "reason", "note"),
    K.FEE_NOTIFIED: ("method", "pages", "pieces", "pay_by", "delivery_method", "note"),
    K.FEE_PAID: ("receipt_number", "note"),
    K.FEE_LAPSED: ("note",),
    K.REPLIED: (
        "outcome",
        "reasons",
        "provided",
        "responsible_organ",
        "responsible_organ_contact",  # 条例 Art. 36(五): the organ's name and contact
        "not_held_ground",  # （四）1: Art. 36(四) or 36(五), the handler's choice
        "note",
    ),
    K.WITHDRAWN: ("reason", "note"),
    K.ARCHIVED: ("note",),
}


def stored_events(request_obj: Request) -> list[clock.Event]:
    """The recorded steps, each with the day its letter was received where that was recorded
    (送达: the other side's period runs from it, 条例 Art. 32; 109号)."""
    events = request_obj.events.order_by("on", "id").select_related("letter")
    return [clock.Event(e.kind, e.on, {**_parse_dates(e.data), **_delivery(e)}) for e in events]


def _delivery(event: Event) -> dict[str, Any]:
    letter = getattr(event, "letter", None)  # no letter: the reverse accessor's AttributeError
    return {"delivered_on": letter.delivered_on} if letter is not None and letter.delivered_on else {}


_DATE_KEYS = ("correction_due_on", "pay_by", "presumed_delivered_on", "until")


def _parse_dates(data: dict[str, Any]) -> dict[str, Any]:
    return {k: dt.date.fromisoformat(v) if k in _DATE_KEYS and isinstance(v, str) else v for k, v in data.items()}


def _json_ready(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in data.items()}


def month_position(request_obj: Request, applicant: Applicant) -> int:
    """How many pieces this applicant's applications received earlier in the same natural month
    add up to, plus one: where this application starts in the 按件 count (109号 Art. 4).

    Only applications made to the same organ count: the fee is that organ's act (条例 Art. 42
    "行政机关可以收取信息处理费"), so the 109号 count runs per answering organ (``Request.unit``),
    not over every unit on the platform."""
    first = request_obj.received_on.replace(day=1)
    before = Q(received_on__lt=request_obj.received_on) | Q(received_on=request_obj.received_on, pk__lt=request_obj.pk)
    earlier = Request.objects.filter(
        before, unit_id=request_obj.unit_id, applicant__id_number=applicant.id_number, received_on__gte=first
    )
    return int(earlier.aggregate(n=Sum("pieces"))["n"] or 0) + 1


def _assess_fee(request_obj: Request, data: dict[str, Any]) -> list[fees.FeeLine]:
    method = data.get("method")
    if method not in FeeMethod.values:
        raise clock.Invalid(_("请选择计收方式：按件或按量"), "method")
    if method == FeeMethod.PER_VOLUME:
        pages = data.get("pages")
        if not isinstance(pages, int) or pages < 1:
            raise clock.Invalid(_("按量计收时请填写页数（正整数）"), "pages")
        lines = fees.per_volume(pages)
    else:
        pieces = data.get("pieces") or request_obj.pieces
        if not isinstance(pieces, int) or pieces < 1:
            raise clock.Invalid(_("件数应为正整数"), "pieces")
        data["pieces"] = pieces
        data["position"] = month_position(request_obj, request_obj.applicant)
        lines = fees.per_piece(data["position"], pieces)
    data["fee_yuan"] = fees.total(lines)
    data["lines"] = [[line.label, line.quantity, line.rate, line.amount] for line in lines]
    return lines


def _with_delivery(kind: str, data: dict[str, Any], request_obj: Request) -> None:
    """How the step's letter goes out when the handler did not say: a letter to a third party or
    another organ by post; the applicant's by the way it asked to get the information."""
    if kind == K.CONSULTATION_STARTED:
        data.setdefault("delivery_method", LetterDelivery.POST)
    elif kind == K.FEE_NOTIFIED:
        data.setdefault("delivery_method", APPLICANT_LETTERS.get(request_obj.delivery, LetterDelivery.POST))
    if "delivery_method" in data:
        code = delivery_code(str(data["delivery_method"]))
        if code is None:
            allowed = "、".join(f"{value}（{label}）" for value, label in LetterDelivery.choices)
            raise clock.Invalid(_("请选择送达方式：%(allowed)s") % {"allowed": allowed}, "delivery_method")
        data["delivery_method"] = code


def _freeze(kind: str, data: dict[str, Any], state: clock.Clock, ctx: clock.Context) -> None:
    """Write the rules this step applied into its data, so that a later settings change never
    moves a deadline a letter already stated. A period that runs from the letter's receipt is
    frozen as its rule (the presumed day of receipt, the number of days), not as a date: the
    recorded receipt moves it (送达)."""
    if kind == K.CORRECTION_REQUESTED:
        data["correction_due_on"] = state.correction_due_on
    elif kind == K.FEE_NOTIFIED and data.get("fee_yuan"):
        data["suspends"] = state.fee_suspends
        if "pay_by" not in data:
            data["pay_days"] = ctx.rules.fee_payment_days
        if state.fee_receipt_presumed:
            data["presumed_delivered_on"] = state.fee_received_on
    elif kind == K.CONSULTATION_STARTED:
        if state.consultation_basis == ConsultationBasis.SECRECY_REVIEW:
            data["reply_days"] = ctx.rules.secrecy_review_days
        if state.consultation_receipt_presumed:
            data["presumed_delivered_on"] = state.consultation_received_on
        else:  # received the day it was sent: the letter states the date (Art. 32)
            data["reply_due_on"] = state.consultation_reply_due_on


def _moved(request_obj: Request, state: clock.Clock) -> bool:
    """Whether the due date moved (a provisional date confirmed by the entered calendar counts
    as a move: the history says so)."""
    return request_obj.due_on != state.due_on or request_obj.due_provisional != state.due_provisional


def _store_clock(request_obj: Request, state: clock.Clock, changes: Iterable[clock.DueEntry]) -> None:
    """Copy the clock onto the application and keep ``changes`` of the due date in its history."""
    awaiting = state.state == State.CONSULTING or state.consultation_awaiting_answer
    request_obj.consultation_basis = state.consultation_basis if awaiting else ""
    request_obj.consultation_reply_due_on = state.consultation_reply_due_on if awaiting else None
    request_obj.state = state.state
    request_obj.due_on = state.due_on
    request_obj.due_provisional = state.due_provisional
    request_obj.due_problem = due_problem(state)
    request_obj.correction_due_on = state.correction_due_on
    request_obj.late_correction_notice = state.late_correction_notice
    request_obj.extension_days = state.extension_days
    request_obj.fee_pay_by = state.fee_pay_by
    request_obj.fee_paid_on = state.fee_paid_on
    request_obj.outcome = state.outcome
    request_obj.outcome_on = state.outcome_on
    request_obj.replied_on = state.replied_on
    if state.fee_yuan is not None:
        request_obj.fee_yuan = state.fee_yuan
    request_obj.save()
    DueChange.objects.bulk_create(
        DueChange(request=request_obj, due_on=c.due_on, because=c.because, on=c.on, recorded_at=timezone.now())
        for c in changes
        if c.because in DueReason.values
    )


# Free text the handler types: trimmed (a blank approver or reason is no approver or reason).
_TEXT_FIELDS = (
    "items",
    "party",
    "reason",
    "reasons",
    "provided",
    "responsible_organ",
    "note",
    "information",
    "approver",
)


def _pick(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    allowed = DATA_FIELDS.get(kind, ())
    picked = {k: v for k, v in data.items() if k in allowed and v not in (None, "")}
    for key in _TEXT_FIELDS:
        if isinstance(picked.get(key), str):
            picked[key] = picked[key].strip()[:4000]
    return picked


@transaction.atomic
def record_event(actor: Actor, request_id: int, kind: str, on: dt.date | None = None, **data: Any) -> Request:
    """Record that ``kind`` happened on ``on`` (default today); see the module docstring."""
    request_obj = Request.objects.select_for_update().select_related("unit").get(pk=request_id)
    access.require_handler(actor, request_obj.unit_id)
    if kind not in K.values:
        raise clock.Invalid(_("未知的办理环节：%(kind)s") % {"kind": kind}, "kind")
    ctx = context()
    on = on or ctx.today
    data = _pick(kind, data)
    # Settled up to the step's date only (``apply``): a step entered late, dated before the other
    # side's period passed (its answer, Art. 32), ends the pause on its own day. A period that has
    # passed since is settled by the daily job (``settle_consultations``), which the inbox follows.
    state = clock.replay(request_obj.received_on, stored_events(request_obj), ctx, settled=False)
    known = len(state.history)
    before = {"state": request_obj.state, "due_on": request_obj.due_on}
    _with_delivery(kind, data, request_obj)
    if kind == K.FEE_NOTIFIED:
        _assess_fee(request_obj, data)
    clock.apply(state, clock.Event(kind, on, data), ctx)
    _freeze(kind, data, state, ctx)
    if kind == K.FEE_NOTIFIED:
        request_obj.fee_method = data["method"]
        request_obj.fee_pages = data.get("pages")
        request_obj.pieces = data.get("pieces", request_obj.pieces)
    event = Event.objects.create(
        request=request_obj,
        kind=kind,
        on=on,
        data=_json_ready(data),
        actor=signed_in(actor),
        recorded_at=timezone.now(),
    )
    _store_clock(request_obj, state, state.history[known:])
    letterbook.issue_for_event(request_obj, event)
    record(
        actor,
        f"foi.{kind}",
        request_obj,
        unit=request_obj.unit,
        before=before,
        after={"state": state.state, "due_on": state.due_on, "on": on, **_audit_data(kind, data)},
    )
    return request_obj


def _audit_data(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    """What the audit trail keeps of the step: codes and numbers, never free text that may carry
    the applicant's personal data (条例 Art. 15)."""
    return {k: data[k] for k in _AUDITED if k in data}


_AUDITED = (
    *("outcome", "working_days", "method", "pages", "pieces", "fee_yuan", "correction_due_on", "pay_by"),
    *("delivery_method", "presumed_delivered_on", "pay_days", "basis", "reply_days", "until"),
)


def recompute_due_dates() -> int:
    """Replay every application whose due date a calendar change may move: the open ones, and the
    closed ones whose due date is blank or provisional (a reply given before the year of its due
    date was entered: 条例 Art. 33 counts working days, which that year's calendar decides), so
    that the on-time rate, the dashboards and the assessment judge them on the real date.
    Returns how many due dates moved."""
    touched = Request.objects.filter(Q(state__in=OPEN_STATES) | Q(due_on__isnull=True) | Q(due_provisional=True))
    return sum(recompute(r) for r in touched.only("pk").iterator())


def recompute(request_obj: Request, because: str = DueReason.CALENDAR_CHANGED) -> bool:
    """Replay after the calendar changed; returns whether the due date moved (then it is kept
    in the history with the reason ``calendar_changed`` and audited)."""
    with transaction.atomic():
        locked = Request.objects.select_for_update().get(pk=request_obj.pk)
        ctx = context()
        state = clock.replay(locked.received_on, stored_events(locked), ctx)
        before = {"due_on": locked.due_on, "due_provisional": locked.due_provisional}
        moved = _moved(locked, state)
        _store_clock(locked, state, [clock.DueEntry(state.due_on, because, ctx.today)] if moved else [])
        if moved:
            record(
                None,
                "foi.due_recomputed",
                locked,
                unit=locked.unit,
                before=before,
                after={"due_on": state.due_on, "due_provisional": state.due_provisional, "because": because},
            )
    return moved


@transaction.atomic
def record_delivery(actor: Actor, letter: Letter, delivered_on: dt.date, method: str, note: str = "") -> Letter:
    """送达: record when and how ``letter`` reached its addressee, then replay the application:
    the third party's 15 working days (条例 Art. 32) and the applicant's payment period (109号)
    run from that day, so their deadlines (and a pause that ends with them) may move."""
    letterbook.record_delivery(actor, letter, delivered_on, method, note)
    recompute(letter.request, because=DueReason.LETTER_DELIVERED)
    return letter


def settle_consultations(today: dt.date) -> int:
    """The day a third party's or a co-maker's period has passed without an answer (条例 Art. 32,
    34), its pause ends: the excluded time runs to the period's last day and the clock runs again
    (``clock.settle``). Stored here for the queue, the reminders and the reports; the inbox tells
    the handler. Returns how many applications were settled."""
    waiting = Request.objects.filter(
        state=State.CONSULTING, consultation_basis__in=SELF_ENDING_BASES, consultation_reply_due_on__lt=today
    )
    return sum(_settle(r.pk, today) for r in waiting.only("pk"))


def _settle(request_id: int, today: dt.date) -> bool:
    with transaction.atomic():
        locked = Request.objects.select_for_update().select_related("unit").get(pk=request_id)
        ctx = context(today)
        state = clock.replay(locked.received_on, stored_events(locked), ctx, settled=False)
        known = len(state.history)
        before = {"state": locked.state, "due_on": locked.due_on}
        clock.settle(state, ctx, today)
        if state.state == locked.state:
            return False
        _store_clock(locked, state, state.history[known:])
        after = {"state": state.state, "due_on": state.due_on, "reply_due_on": locked.consultation_reply_due_on}
        record(None, "foi.consultation_period_passed", locked, unit=locked.unit, before=before, after=after)
    return True

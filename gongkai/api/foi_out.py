"""How applications look in API responses: masked for lists and details, dates only for the public.

The applicant's full data is never here: ``GET /requests/{id}/applicant`` reads it through
``foi.access.reveal_applicant``, audited.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from gongkai.foi import access, clock, handling, letterbook, queue
from gongkai.foi.models import Request
from gongkai.foi.rules import context
from gongkai.foi.vocab import DueReason, EventKind, Outcome, State


def _label(choices: Any, value: str) -> str:
    return str(choices(value).label) if value in choices.values else ""


def masked_applicant(request_obj: Request) -> dict[str, str]:
    shown = access.masked(request_obj.applicant)
    return {"name": shown.name, "id_number": shown.id_number, "phone": shown.phone}


def summary(request_obj: Request, flags: queue.Flags) -> dict[str, Any]:
    return {
        "id": request_obj.pk,
        "number": request_obj.number,
        "unit_id": request_obj.unit_id,
        "unit": request_obj.unit.name,
        "applicant_type": request_obj.applicant_type,
        "applicant": masked_applicant(request_obj),
        "description": request_obj.description[:200],
        "received_on": request_obj.received_on,
        "state": request_obj.state,
        "state_label": _label(State, request_obj.state),
        "due_on": request_obj.due_on,
        # API.md: true while the due date lies in a year the calendar does not hold yet, counted
        # on weekends only and recomputed when the year is entered (RULINGS.md 2).
        "due_provisional": request_obj.due_provisional,
        "overdue": flags.overdue,
        "due_soon": flags.due_soon,
        "outcome": request_obj.outcome or None,
    }


def _letters(request: HttpRequest, request_obj: Request) -> list[dict[str, Any]]:
    return [
        {
            "id": letter.pk,
            "kind": letter.kind,
            "number": letter.number,
            "issued_on": letter.issued_on,
            "delivered_on": letter.delivered_on,
            "delivery_method": letter.delivery_method,
            "pdf_url": request.build_absolute_uri(
                reverse("api:request_letter", args=[request_obj.pk, letter.pk, "pdf"])
            ),
            "docx_url": request.build_absolute_uri(
                reverse("api:request_letter", args=[request_obj.pk, letter.pk, "docx"])
            ),
        }
        for letter in request_obj.letters.all()
    ]


def _appeals(request_obj: Request) -> list[dict[str, Any]]:
    return [
        {
            "id": a.pk,
            "kind": a.kind,
            "filed_on": a.filed_on,
            "body": a.body,
            "case_number": a.case_number,
            "result": a.result,
            "decided_on": a.decided_on,
        }
        for a in request_obj.appeals.all()
    ]


def detail(request: HttpRequest, request_obj: Request) -> dict[str, Any]:
    ctx = context()
    flags = queue.Flagger(ctx.today, ctx.calendar)(request_obj)
    events = list(request_obj.events.order_by("on", "id").select_related("actor"))
    state = clock.replay(request_obj.received_on, handling.stored_events(request_obj), ctx)
    return {
        **summary(request_obj, flags),
        "tracking_code": request_obj.tracking_code,
        "channel": request_obj.channel,
        "description": request_obj.description,
        "doc_number": request_obj.doc_number,
        "form": request_obj.form,
        "delivery": request_obj.delivery,
        "due_problem": request_obj.due_problem,
        "due_history": [
            {"due_on": c.due_on, "because": c.because, "because_label": _label(DueReason, c.because), "on": c.on}
            for c in request_obj.due_changes.all()
        ],
        "correction_due_on": request_obj.correction_due_on,
        "late_correction_notice": request_obj.late_correction_notice,
        "extension_days": request_obj.extension_days,
        "fee_method": request_obj.fee_method or None,
        "fee_pages": request_obj.fee_pages,
        "fee_yuan": request_obj.fee_yuan,
        "fee_pay_by": request_obj.fee_pay_by,
        "fee_paid_on": request_obj.fee_paid_on,
        # 送达: the other side's periods run from the day its letter was received (条例 Art. 32;
        # 109号), recorded on the letter or, by post until recorded, presumed (the office's setting).
        "fee_received_on": state.fee_received_on,
        "fee_receipt_presumed": state.fee_receipt_presumed,
        "consultation_received_on": state.consultation_received_on,
        "consultation_receipt_presumed": state.consultation_receipt_presumed,
        "consultation_reply_due_on": state.consultation_reply_due_on,
        "consultation_basis": state.consultation_basis or None,
        # The other side's period passed unanswered: the pause has ended (条例 Art. 32, 34).
        "consultation_awaiting_answer": state.consultation_awaiting_answer,
        "outcome_label": _label(Outcome, request_obj.outcome),
        "outcome_on": request_obj.outcome_on,
        "replied_on": request_obj.replied_on,
        "allowed_events": clock.allowed_events(state),
        "events": [
            {
                "id": e.pk,
                "kind": e.kind,
                "kind_label": _label(EventKind, e.kind),
                "on": e.on,
                "data": e.data,
                "actor": e.actor.get_username() if e.actor else None,
            }
            for e in events
        ],
        "letters": _letters(request, request_obj),
        "pending_letters": [
            {
                "event_id": e.pk,
                "kind": e.kind,
                "on": e.on,
                "needs": "information" if e.kind == "consultation_started" else "reasons",
            }
            for e in letterbook.pending(request_obj)
        ],
        "appeals": _appeals(request_obj),
    }

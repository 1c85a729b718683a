"""Consultations: API.md "Consultations (征求意见)". Public responses never carry a phone number;
the commenter's name is not part of any response."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from gongkai.api.auth import bearer
from gongkai.api.errors import ApiError
from gongkai.api.params import MAX_ID, Id
from gongkai.api.vocab import AdoptionChoice
from gongkai.ops import ratelimit
from gongkai.participation.consultations import adoption, public, services
from gongkai.participation.consultations.access import get_consultation_for, get_public_consultation
from gongkai.publishing.services import Conflict

router = Router(tags=["consultations"])


class ConsultationOut(Schema):
    id: int
    title: str
    state: Literal["upcoming", "open", "closed", "concluded"]
    opens_on: dt.date
    closes_on: dt.date
    comment_count: int
    adoption_report: dict[str, Any] | None


class CommentIn(Schema):
    name: str = Field(..., max_length=200)
    phone: str = Field("", max_length=60)
    body: str = Field(..., max_length=20000)


class CommentOut(Schema):
    id: int
    number: int
    held: bool


class DecisionIn(Schema):
    comment_id: int = Field(..., ge=1, le=MAX_ID)
    decision: AdoptionChoice
    reason: str = Field("", max_length=4000)


class AdoptionIn(Schema):
    summary: str = Field(..., max_length=20000)
    decisions: list[DecisionIn] = Field(..., max_length=5000)  # empty when no comment came in


class AdoptionOut(Schema):
    id: int
    state: str
    report_item_id: int
    report_item_state: str


@router.get("/public/consultations/{consultation_id}", response=ConsultationOut, summary="A consultation (public)")
def consultation_detail(request: HttpRequest, consultation_id: Id) -> dict[str, Any]:
    return public.detail(get_public_consultation(consultation_id))


@router.post(
    "/public/consultations/{consultation_id}/comments",
    response={201: CommentOut},
    summary="Comment on an open consultation (public; rate-limited per address)",
)
def comment_create(request: HttpRequest, consultation_id: Id, payload: CommentIn) -> Status:
    ratelimit.guard(request, services.RATE_SCOPE)
    try:
        comment = services.submit_comment(consultation_id, name=payload.name, phone=payload.phone, body=payload.body)
    except Conflict as exc:
        raise ApiError(409, exc.message) from exc
    return Status(201, {"id": comment.pk, "number": comment.number, "held": comment.status == "held"})


@router.post(
    "/consultations/{consultation_id}/adoption",
    response={201: AdoptionOut},
    auth=bearer,
    summary="Record the adoption report (editor or signer of the unit): a signer's publishes it",
)
def adoption_create(request: HttpRequest, consultation_id: Id, payload: AdoptionIn) -> Status:
    consultation = get_consultation_for(request.user, consultation_id)
    entries = [adoption.Entry(d.comment_id, d.decision, d.reason) for d in payload.decisions]
    try:
        report = adoption.record_adoption(request.user, consultation.pk, payload.summary, entries)
    except Conflict as exc:
        raise ApiError(409, exc.message) from exc
    consultation = get_consultation_for(request.user, consultation_id)  # fresh: the report may be public now
    report.item.refresh_from_db()
    return Status(
        201,
        {
            "id": consultation.pk,
            "state": services.state(consultation),
            "report_item_id": report.item_id,
            "report_item_state": report.item.state,
        },
    )

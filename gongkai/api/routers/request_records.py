"""Letters and appeals of an application (handlers of its unit and the office)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header
from ninja import Router, Schema, Status
from pydantic import Field

from gongkai.api.auth import bearer
from gongkai.api.foi_out import detail
from gongkai.api.params import Id
from gongkai.api.routers.requests import NOT_HELD_GROUND, NotHeldGround
from gongkai.foi import access, appeals, handling, letterbook
from gongkai.foi.models import Appeal, Event, Letter

router = Router(tags=["disclosure by application"])


class DeliveryIn(Schema):
    delivered_on: dt.date = Field(description="送达: the day the addressee received the letter (a post receipt's date)")
    method: str = Field(
        ...,
        min_length=1,
        max_length=20,
        description="electronic | post | in_person, or its Chinese label (邮寄送达 …) or a word such as 邮寄, 电子邮件",
    )
    note: str = Field("", max_length=200)


class LetterTextIn(Schema):
    reasons: str = Field("", max_length=4000)
    provided: str = Field("", max_length=4000)
    responsible_organ: str = Field("", max_length=200)
    responsible_organ_contact: str = Field("", max_length=200)
    not_held_ground: NotHeldGround | None = Field(None, description=NOT_HELD_GROUND)
    information: str = Field("", max_length=4000)


class AppealIn(Schema):
    kind: Literal["review", "litigation_direct", "litigation_after_review"]
    filed_on: dt.date
    body: str = Field(..., min_length=1, max_length=100)
    case_number: str = Field("", max_length=100)
    result: Literal["upheld", "corrected", "other", "pending"] = "pending"
    decided_on: dt.date | None = None
    note: str = Field("", max_length=4000)


def letter_response(request: HttpRequest, letter: Letter, fmt: str) -> HttpResponse:
    data, content_type, name = letterbook.download(request.user, letter, fmt, request)
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, name) or ""
    return response


# Before the download route: its {fmt} would otherwise take "delivery".
@router.post("/requests/{request_id}/letters/{letter_id}/delivery", auth=bearer, summary="Record delivery (送达)")
def deliver_letter(request: HttpRequest, request_id: Id, letter_id: Id, payload: DeliveryIn) -> dict[str, Any]:
    found = access.get_request_for(request.user, request_id)
    letter = get_object_or_404(Letter, pk=letter_id, request=found)
    # The other side's periods run from this day (条例 Art. 32; 109号): the application is replayed.
    handling.record_delivery(request.user, letter, payload.delivered_on, payload.method, payload.note)
    found.refresh_from_db()
    return detail(request, found)


@router.get(
    "/requests/{request_id}/letters/{letter_id}/{fmt}",
    auth=bearer,
    url_name="request_letter",
    summary="A letter as PDF or .docx (audited)",
)
def get_letter(request: HttpRequest, request_id: Id, letter_id: Id, fmt: Literal["pdf", "docx"]) -> HttpResponse:
    found = access.get_request_for(request.user, request_id)
    return letter_response(request, get_object_or_404(Letter, pk=letter_id, request=found), fmt)


@router.post(
    "/requests/{request_id}/events/{event_id}/letter",
    response={201: dict},
    auth=bearer,
    summary="Add the text a pending letter needs (reasons, how provided, the information) and issue it",
)
def complete_letter(request: HttpRequest, request_id: Id, event_id: Id, payload: LetterTextIn) -> Status:
    found = access.get_request_for(request.user, request_id)
    event = get_object_or_404(Event, pk=event_id, request=found)
    letterbook.complete(request.user, found, event, **payload.dict())
    return Status(201, detail(request, found))


@router.post("/requests/{request_id}/appeals", response={201: dict}, auth=bearer, summary="Record a review or lawsuit")
def add_appeal(request: HttpRequest, request_id: Id, payload: AppealIn) -> Status:
    found = access.get_request_for(request.user, request_id)
    appeals.save_appeal(request.user, found, **payload.dict())
    return Status(201, detail(request, found))


@router.put("/requests/{request_id}/appeals/{appeal_id}", auth=bearer, summary="Update a review or lawsuit")
def update_appeal(request: HttpRequest, request_id: Id, appeal_id: Id, payload: AppealIn) -> dict[str, Any]:
    found = access.get_request_for(request.user, request_id)
    appeal = get_object_or_404(Appeal, pk=appeal_id, request=found)
    appeals.save_appeal(request.user, found, appeal, **payload.dict())
    return detail(request, found)

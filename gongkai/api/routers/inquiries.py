"""Inquiries (政务咨询): API.md "Inquiries". The public asks and reads; staff answer."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from gongkai.api.auth import bearer
from gongkai.api.errors import ApiError
from gongkai.api.params import MAX_ID, Id
from gongkai.ops import ratelimit
from gongkai.participation.inquiries import access, public, services, tracking
from gongkai.participation.models import Inquiry

router = Router(tags=["inquiries"])
PAGE_SIZE = 20


class InquiryIn(Schema):
    unit_id: int = Field(..., ge=1, le=MAX_ID)
    name: str = Field(..., min_length=1, max_length=50)
    phone: str = Field(..., min_length=1, max_length=30)
    subject: str = Field(..., min_length=1, max_length=100)
    body: str = Field(..., min_length=1, max_length=2000)
    public: bool = False


class InquiryCreatedOut(Schema):
    id: int
    tracking_code: str
    due_on: dt.date | None
    due_problem: str


class AnswerIn(Schema):
    body_html: str = Field(..., min_length=1, max_length=40000)


class AnswerOut(Schema):
    id: int
    state: str
    answered_on: dt.date | None


class InquiryFilters(Schema):
    unit_id: int | None = Field(None, ge=1, le=MAX_ID)
    page: int = Field(1, ge=1, le=100_000)


class InquiryUnitOut(Schema):
    id: int
    name: str


class PublicInquiryOut(Schema):
    id: int
    unit: InquiryUnitOut
    subject: str
    question: str
    answer: str = Field(description="the answer as plain text")
    answer_html: str = Field(description="the answer with its markup (sanitised)")
    received_on: dt.date
    answered_on: dt.date | None


class PublicInquiryPage(Schema):
    total: int
    page: int
    page_size: int
    results: list[PublicInquiryOut]


class StatusOut(Schema):
    tracking_code: str
    unit: str
    subject: str
    question: str
    state: str
    state_label: str
    received_on: dt.date
    due_on: dt.date | None
    answered_on: dt.date | None
    answer: str
    answer_html: str
    invalid_reason: str


@router.post("/public/inquiries", response={201: InquiryCreatedOut}, summary="Ask a unit a question (public)")
def ask(request: HttpRequest, payload: InquiryIn) -> Status:
    ratelimit.guard(request, "inquiry_ask")
    question = services.Question(**payload.dict())
    inquiry = services.ask(question, http=request)
    body = {"id": inquiry.pk, "tracking_code": inquiry.tracking_code}
    return Status(201, {**body, "due_on": inquiry.due_on, "due_problem": inquiry.due_problem})


@router.get("/public/inquiries", response=PublicInquiryPage, summary="Answered inquiries the askers agreed to publish")
def answered(request: HttpRequest, filters: Query[InquiryFilters]) -> dict[str, Any]:
    page = Paginator(public.answered_public(filters.unit_id), PAGE_SIZE).get_page(filters.page)
    results = [public.public_entry(i) for i in page.object_list]
    return {"total": page.paginator.count, "page": page.number, "page_size": PAGE_SIZE, "results": results}


@router.get("/public/inquiries/{tracking_code}", response=StatusOut, summary="Follow an inquiry by its code")
def track(request: HttpRequest, tracking_code: str) -> dict[str, Any]:
    ratelimit.guard(request, "inquiry_track")
    code = tracking.normalise(tracking_code[:40])
    found = Inquiry.objects.select_related("unit", "asker").filter(tracking_code=code).first() if code else None
    if found is None:
        raise ApiError(404, _("查询码不存在，请核对后重新输入"), "tracking_code")
    return public.public_status(found)


@router.post("/inquiries/{inquiry_id}/answer", auth=bearer, response=AnswerOut, summary="Answer (unit's editor)")
def answer(request: HttpRequest, inquiry_id: Id, payload: AnswerIn) -> dict[str, Any]:
    found = access.get_inquiry_for(request.user, inquiry_id)
    try:
        done = services.answer(request.user, found.pk, payload.body_html, http=request)
    except services.Conflict as exc:
        raise ApiError(409, exc.message, "state") from exc
    return {"id": done.pk, "state": done.state, "answered_on": done.answered_on}

"""Disclosure by application (依申请公开): API.md "Disclosure by application"."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from gongkai.api import tokens
from gongkai.api.auth import bearer
from gongkai.api.errors import ApiError
from gongkai.api.foi_out import detail, summary
from gongkai.api.params import MAX_ID, Id
from gongkai.api.vocab import Coded
from gongkai.foi import access, clock, handling, intake, queue, tracking
from gongkai.foi.models import Request
from gongkai.foi.public import public_status
from gongkai.foi.vocab import (
    CLOSED_STATES,
    OPEN_STATES,
    ApplicantType,
    Channel,
    ConsultationBasis,
    Delivery,
    EventKind,
    FeeMethod,
    Form,
    LetterDelivery,
    Outcome,
    State,
)
from gongkai.ops import ratelimit

router = Router(tags=["disclosure by application"])

# For the outcome unavailable_not_held (Table 三 （四）1), which covers two articles.
NotHeldGround = Literal["not_found", "other_organ"]
NOT_HELD_GROUND = (
    "unavailable_not_held only: not_found = 条例 Art. 36(四) (searched, does not exist); other_organ = Art. 36(五) "
    "(not this organ's: reasons, and the responsible organ's name and contact where known). Implied by "
    "responsible_organ; without either, the reply letter waits for it (pending_letters)"
)
LetterDeliveryCode = Annotated[str, Coded(LetterDelivery.choices)]
ConsultationBasisCode = Annotated[str, Coded(ConsultationBasis.choices)]
# Every coded field takes the code or its Chinese label (issue 16, point 13; api/vocab.py).
ApplicantTypeCode = Annotated[str, Coded(ApplicantType.choices)]


class RequestIn(Schema):
    applicant_type: ApplicantTypeCode
    name: str = Field(..., min_length=1, max_length=100)
    id_number: str = Field(..., min_length=1, max_length=30)
    phone: str = Field(..., min_length=1, max_length=30)
    address: str = Field("", max_length=200)
    postcode: str = Field("", max_length=6)
    email: str = Field("", max_length=254)
    contact_person: str = Field("", max_length=50)
    description: str = Field(..., min_length=1, max_length=4000)
    doc_number: str = Field("", max_length=100)
    form: Annotated[str, Coded(Form.choices)]
    delivery: Annotated[str, Coded(Delivery.choices)]
    channel: Annotated[str, Coded(Channel.choices)] = "online"
    received_on: dt.date | None = None
    unit_id: int | None = Field(None, ge=1, le=MAX_ID)


class CreatedOut(Schema):
    id: int
    tracking_code: str
    state: str
    received_on: dt.date
    due_on: dt.date | None
    due_provisional: bool = Field(
        description="the due date lies in a year the calendar does not hold yet: counted on weekends only, "
        "recomputed when the year is entered (RULINGS.md 2)"
    )
    due_problem: str


class EventIn(Schema):
    kind: Annotated[str, Coded(EventKind.choices)]
    on: dt.date | None = None
    items: str = Field("", max_length=4000)
    correction_due_on: dt.date | None = None
    party: str = Field("", max_length=200)
    basis: ConsultationBasisCode | None = Field(
        None,
        description="consultation_started: third_party (条例 Art. 32, the default), co_maker (Art. 34: silence is "
        "consent) or secrecy_review (Art. 17: referral to the competent department or the secrecy administration)",
    )
    information: str = Field("", max_length=4000)
    party_answer: str = Field("", max_length=4000)
    working_days: int | None = Field(None, ge=1, le=20)
    reason: str = Field("", max_length=4000)
    approver: str = Field("", max_length=100)
    until: dt.date | None = Field(
        None,
        description="long_period_set: the reply date the organ sets for an applicant's clearly unreasonable number "
        "or frequency of requests (条例 Art. 35); it becomes the due date, beyond the 20-day extension cap",
    )
    method: Annotated[str, Coded(FeeMethod.choices)] | None = None
    pay_by: dt.date | None = Field(
        None,
        description="fee_notified: the payment deadline the handler sets (stated in the notice); without it the "
        "office's payment period runs from the applicant's receipt of the notice (109号)",
    )
    delivery_method: LetterDeliveryCode | None = Field(
        None,
        description="consultation_started, fee_notified: how the letter goes out (送达); electronic = received the "
        "day it is sent; post = on the day the receipt shows (POST …/letters/{id}/delivery), presumed until then. "
        "Default: post for a consultation, the applicant's own way (delivery) for a fee notice",
    )
    pages: int | None = Field(None, ge=1, le=10_000_000)
    pieces: int | None = Field(None, ge=1, le=1000)
    receipt_number: str = Field("", max_length=100)
    outcome: Annotated[str, Coded(Outcome.choices, blank=True)] = ""
    reasons: str = Field("", max_length=4000)
    provided: str = Field("", max_length=4000)
    responsible_organ: str = Field("", max_length=200)
    responsible_organ_contact: str = Field("", max_length=200, description="条例 Art. 36(五): due with its name")
    not_held_ground: NotHeldGround | None = Field(None, description=NOT_HELD_GROUND)
    note: str = Field("", max_length=4000)


class ListFilters(Schema):
    status: Literal["open", "closed", "overdue", "all"] = "open"
    state: str = Field("", max_length=30)
    unit_id: int | None = Field(None, ge=1, le=MAX_ID)
    page: int = Field(1, ge=1, le=100_000)


def _caller(request: HttpRequest) -> Any:
    """The staff member behind a bearer token, or an anonymous member of the public. A token that
    is sent but not valid is an error, never a silent fall-back to anonymous."""
    header = request.headers.get("Authorization", "")
    if not header:
        return AnonymousUser()
    scheme, _sep, token = header.partition(" ")
    user = tokens.user_for(token.strip()) if scheme.lower() == "bearer" else None
    if user is None:
        raise ApiError(401, _("需要有效的访问令牌（Authorization: Bearer …）"))
    request.user = user
    return user


def _refused(exc: clock.Refused) -> ApiError:
    return ApiError(422 if isinstance(exc, clock.Invalid) else 409, exc.reason, exc.field)


@router.post(
    "/requests",
    response={201: CreatedOut},
    summary="Apply (public, online) or register a letter/counter/fax application (handler, bearer)",
)
def create_request(request: HttpRequest, payload: RequestIn) -> Status:
    actor = _caller(request)
    if not actor.is_authenticated:
        ratelimit.guard(request, "foi_apply")
    app = intake.Application(**payload.dict())
    created = intake.register(actor if actor.is_authenticated else None, app, http=request)
    return Status(
        201,
        {
            "id": created.pk,
            "tracking_code": created.tracking_code,
            "state": created.state,
            "received_on": created.received_on,
            "due_on": created.due_on,
            "due_provisional": created.due_provisional,
            "due_problem": created.due_problem,
        },
    )


@router.get("/requests", auth=bearer, summary="Applications of the caller's units, by due date (masked)")
def list_requests(request: HttpRequest, filters: Query[ListFilters]) -> dict[str, Any]:
    found = queue.by_due_date(access.requests_visible_to(request.user)).select_related("unit", "applicant")
    today = timezone.localdate()
    if filters.status == "open":
        found = found.filter(state__in=OPEN_STATES)
    elif filters.status == "closed":
        found = found.filter(state__in=CLOSED_STATES)
    elif filters.status == "overdue":
        found = queue.overdue(found, today)
    if filters.state:
        if filters.state not in State.values:
            raise ApiError(422, _("状态“%(s)s”不是允许的取值") % {"s": filters.state}, "state")
        found = found.filter(state=filters.state)
    if filters.unit_id is not None:
        found = found.filter(unit_id=filters.unit_id)
    page = Paginator(found, 50).get_page(filters.page)
    flags = queue.Flagger(today)
    return {
        "total": page.paginator.count,
        "page": page.number,
        "page_size": 50,
        "results": [summary(r, flags(r)) for r in page.object_list],
    }


@router.get("/requests/{request_id}", auth=bearer, summary="One application as its handlers see it")
def get_request(request: HttpRequest, request_id: Id) -> dict[str, Any]:
    return detail(request, access.get_request_for(request.user, request_id))


@router.post("/requests/{request_id}/events", auth=bearer, summary="Record a step (handler of the unit)")
def post_event(request: HttpRequest, request_id: Id, payload: EventIn) -> dict[str, Any]:
    found = access.get_request_for(request.user, request_id)
    data = payload.dict(exclude={"kind", "on"})
    try:
        updated = handling.record_event(request.user, found.pk, payload.kind, payload.on, **data)
    except clock.Refused as exc:
        raise _refused(exc) from exc
    return detail(request, updated)


@router.get("/requests/{request_id}/applicant", auth=bearer, summary="The applicant's full data (audited)")
def get_applicant(request: HttpRequest, request_id: Id) -> dict[str, Any]:
    found = access.get_request_for(request.user, request_id)
    applicant = access.reveal_applicant(request.user, found, purpose="api", http=request)
    return {
        "name": applicant.name,
        "id_number": applicant.id_number,
        "contact_person": applicant.contact_person,
        "phone": applicant.phone,
        "address": applicant.address,
        "postcode": applicant.postcode,
        "email": applicant.email,
    }


@router.get("/public/requests/{tracking_code}", summary="Track an application: state and dates only (public)")
def track(request: HttpRequest, tracking_code: str) -> dict[str, Any] | HttpResponse:
    ratelimit.guard(request, "foi_track")
    code = tracking.normalise(tracking_code[:40])
    found = None
    if code is not None:
        found = Request.objects.filter(tracking_code=code).first()
    if found is None:
        raise ApiError(404, _("查询码不存在，请核对后重新输入"), "tracking_code")
    return public_status(found)

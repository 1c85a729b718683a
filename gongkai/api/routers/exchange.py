"""Exchange between levels (三级数据互联, API.md "Exchange between levels"; the format in
docs/exchange.md): partners (office, bearer token) and the two endpoints partners call with
signed requests — the change log (pull) and the inbox (push)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.security import APIKeyHeader
from pydantic import Field

from gongkai.api.auth import bearer
from gongkai.api.errors import ApiError
from gongkai.api.params import MAX_ID, Id
from gongkai.exchange import changelog, conf, cycle, identity, inbound, partners, receive, signing
from gongkai.exchange import format as fmt
from gongkai.exchange.models import DeliveryFailure, Partner
from gongkai.orgs import access

router = Router(tags=["exchange"])
Ids = list[Annotated[int, Field(ge=1, le=MAX_ID)]]


class PartnerSignature(APIKeyHeader):
    """A partner's signed request (docs/exchange.md): ``X-Gongkai-Instance``, ``-Timestamp``,
    ``-Nonce`` and ``-Signature`` (Ed25519 over method, path with query, timestamp, nonce and the
    body's SHA-256). Checked before the body is parsed; a refusal stores nothing."""

    param_name = signing.SIGNATURE

    def authenticate(self, request: HttpRequest, key: str | None) -> Partner:
        try:
            return inbound.verify(request)
        except inbound.Refused as exc:
            raise ApiError(exc.status, exc.detail, exc.field) from exc


signed = PartnerSignature()


Kind = Literal["item", "policy", "interpretation", "gazette", "consultation", "annual_report", "answer"]


class Credentials(Schema):
    format: str = Field(description="gongkai-exchange/1")
    instance: str
    base_url: str
    public_key: str = Field(description="Ed25519 public key, raw 32 bytes in base64")
    algorithm: str
    organ: str
    credit_code: str


class PartnerIn(Schema):
    name: str = Field(max_length=100)
    base_url: str = Field(max_length=200)
    direction: Literal["up", "down"]
    peer_credentials: dict[str, Any] | None = Field(None, description="the partner's our_credentials")
    mode: Literal["push", "pull", "both"] = "both"
    level: Literal["", "national", "region", "city", "district"] = ""
    unit_ids: Ids = Field(default_factory=list, description="what we send: these units (and sub-units)")
    domain_ids: Ids = Field(default_factory=list, description="what we send: these catalogue domains")
    kinds: list[Kind] = Field(default_factory=list, description="what we send: these kinds of item")
    column_ids: Ids = Field(default_factory=list, description="where what it sends appears here")


class PartnerPatch(Schema):
    name: str | None = Field(None, max_length=100)
    base_url: str | None = Field(None, max_length=200)
    direction: Literal["up", "down"] | None = None
    peer_credentials: dict[str, Any] | None = None
    mode: Literal["push", "pull", "both"] | None = None
    level: Literal["", "national", "region", "city", "district"] | None = None
    active: bool | None = None
    unit_ids: Ids | None = None
    domain_ids: Ids | None = None
    kinds: list[Kind] | None = None
    column_ids: Ids | None = None


class PartnerCreated(Schema):
    id: int
    our_credentials: Credentials


class PartnerOut(Schema):
    id: int
    name: str
    direction: str
    last_success_at: dt.datetime | None
    lag_seconds: int
    failures: int = Field(description="records not delivered (open delivery failures)")
    failed_attempts: int = Field(description="cycles in a row that could not reach the partner")
    base_url: str
    mode: str
    active: bool
    paired: bool
    peer_instance: str | None
    level: str
    unit_ids: list[int]
    domain_ids: list[int]
    kinds: list[str]
    column_ids: list[int]
    pushed_cursor: int
    pulled_cursor: int
    last_error: str
    next_attempt_at: dt.datetime | None


class FailureOut(Schema):
    id: int
    direction: str
    seq: int
    item: int
    revision: int
    title: str
    reason: str
    attempts: int
    retry: bool
    created_at: dt.datetime


class ChangesQuery(Schema):
    after: int = Field(0, ge=0, le=MAX_ID)
    limit: int = Field(100, ge=1, le=1000)


class ChangesOut(Schema):
    records: list[fmt.Record]
    next: int = Field(description="the cursor to ask after next time")


class InboxIn(Schema):
    records: list[dict[str, Any]] = Field(description="records in the gongkai-exchange/1 format (Record)")


class ReceiptOut(Schema):
    origin: str
    item: int | None
    revision: int | None
    status: Literal["accepted", "duplicate", "rejected"]
    reason: str | None = None


class InboxOut(Schema):
    receipts: list[ReceiptOut]


def _office(request: HttpRequest) -> None:
    access.require_office(request.user)


def _partner(request: HttpRequest, partner_id: int) -> Partner:
    _office(request)
    return get_object_or_404(Partner, pk=partner_id)


def _base(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


@router.get("/exchange/credentials", auth=bearer, response=Credentials, summary="Our credentials (office)")
def credentials(request: HttpRequest) -> dict[str, Any]:
    _office(request)
    return identity.credentials(_base(request))


@router.get("/exchange/partners", auth=bearer, response=list[PartnerOut], summary="Exchange partners (office)")
def list_partners(request: HttpRequest) -> list[dict[str, Any]]:
    _office(request)
    return [partners.summary(p) for p in Partner.objects.all()[:200]]


@router.post("/exchange/partners", auth=bearer, response={201: PartnerCreated}, summary="Register a partner (office)")
def create_partner(request: HttpRequest, payload: PartnerIn) -> Status:
    data = payload.dict()
    peer = data.pop("peer_credentials")
    partner = partners.create(request.user, peer_credentials=peer, **data)
    return Status(201, {"id": partner.pk, "our_credentials": identity.credentials(_base(request))})


@router.get("/exchange/partners/{partner_id}", auth=bearer, response=PartnerOut, summary="A partner (office)")
def get_partner(request: HttpRequest, partner_id: Id) -> dict[str, Any]:
    return partners.summary(_partner(request, partner_id))


@router.patch(
    "/exchange/partners/{partner_id}",
    auth=bearer,
    response=PartnerOut,
    summary="Complete a pairing or change a partner (office)",
)
def update_partner(request: HttpRequest, partner_id: Id, payload: PartnerPatch) -> dict[str, Any]:
    partner = _partner(request, partner_id)
    data = {k: v for k, v in payload.dict().items() if v is not None}
    peer = data.pop("peer_credentials", None)
    return partners.summary(partners.update(request.user, partner, peer_credentials=peer, **data))


@router.get(
    "/exchange/partners/{partner_id}/failures",
    auth=bearer,
    response=list[FailureOut],
    summary="A partner's records not delivered (office)",
)
def failures(request: HttpRequest, partner_id: Id) -> list[dict[str, Any]]:
    partner = _partner(request, partner_id)
    return [
        {
            "id": f.pk,
            "direction": f.direction,
            "seq": f.seq,
            "item": f.origin_item,
            "revision": f.revision,
            "title": f.title,
            "reason": f.reason,
            "attempts": f.attempts,
            "retry": f.retry,
            "created_at": f.created_at,
        }
        for f in partners.open_failures(partner)[:500]
    ]


@router.post(
    "/exchange/partners/{partner_id}/retry",
    auth=bearer,
    response=PartnerOut,
    summary="Try a partner again at the next cycle, without waiting out its backoff (office)",
)
def retry_partner(request: HttpRequest, partner_id: Id) -> dict[str, Any]:
    partner = _partner(request, partner_id)
    partners.retry(request.user, partner)
    return partners.summary(Partner.objects.get(pk=partner.pk))


@router.post(
    "/exchange/partners/{partner_id}/failures/{failure_id}/retry",
    auth=bearer,
    response=PartnerOut,
    summary="Send a failed record again at the next cycle (office)",
)
def retry_failure(request: HttpRequest, partner_id: Id, failure_id: Id) -> dict[str, Any]:
    partner = _partner(request, partner_id)
    failure = get_object_or_404(DeliveryFailure, pk=failure_id, partner=partner, resolved_at__isnull=True)
    partners.retry(request.user, partner, failure)
    return partners.summary(Partner.objects.get(pk=partner.pk))


@router.get(
    "/exchange/changes",
    auth=signed,
    response=ChangesOut,
    summary="Our change log after a cursor, oldest first (a paired partner's signed request)",
)
def changes(request: HttpRequest, params: Query[ChangesQuery]) -> dict[str, Any]:
    partner: Partner = request.auth  # type: ignore[attr-defined]
    limit = min(params.limit, int(conf.get("EXCHANGE_MAX_RECORDS")))
    found, following = changelog.after(partner, params.after, limit)
    ours, base = identity.ours(), identity.base_url(_base(request))
    bound, size = int(conf.get("EXCHANGE_MAX_BODY")) // 2, 0
    records: list[fmt.Record] = []
    whole = int(conf.get("EXCHANGE_MAX_BODY")) - 1024  # what one answer may hold at all
    for position, change in enumerate(found):
        files = fmt.public_files(change.item)
        if cycle.too_big(partner, change, files, whole):
            continue  # never sendable: a failure for the office, and the cursor moves past it
        estimate = fmt.estimate(change.item, files)
        if records and size + estimate > bound:
            following = found[position - 1].seq  # the rest next time: an answer stays bounded
            break
        try:
            records.append(fmt.build(change, ours.instance_id, base))
        except fmt.Withheld:
            continue  # never sent (personal data): the cursor moves past it
        size += estimate
    return {"records": records, "next": following}


@router.post(
    "/exchange/inbox",
    auth=signed,
    response=InboxOut,
    summary="Receive records from a partner: a receipt per record (a paired partner's signed request)",
)
def inbox(request: HttpRequest, payload: InboxIn) -> dict[str, Any]:
    partner: Partner = request.auth  # type: ignore[attr-defined]
    bound = int(conf.get("EXCHANGE_MAX_RECORDS"))
    if len(payload.records) > bound:
        raise ApiError(422, _("每批最多 %(n)s 条记录，请分批发送") % {"n": bound}, "records")
    return {"receipts": [r.as_dict() for r in receive.receive_batch(partner, payload.records)]}

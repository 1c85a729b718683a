"""Information items (proactive disclosure): API.md "Information items"."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from gongkai.api.auth import bearer
from gongkai.api.errors import ApiError
from gongkai.api.params import MAX_ID, Id
from gongkai.api.routers.attachments import AttachmentOut, attachments_of
from gongkai.api.vocab import Genre, ItemAction, ItemKind, Topic, Validity, WithdrawReason
from gongkai.exchange import public as exchange_public
from gongkai.orgs.models import Unit
from gongkai.participation.consultations import services as consultations
from gongkai.participation.models import Consultation
from gongkai.publishing import access, services, stats, workflow
from gongkai.publishing.models import Item, Kind
from gongkai.publishing.privacy import PrivacyConflict
from gongkai.sites.current import site_of
from gongkai.sites.public import site_scope

router = Router(tags=["information items"])


class ItemIn(Schema):
    unit_id: int = Field(..., ge=1, le=MAX_ID)
    title: str = Field(..., min_length=1, max_length=300)
    body_html: str = ""
    formed_on: dt.date
    genre: Genre
    topic: Topic
    catalogue_entry_id: int | None = Field(None, ge=1, le=MAX_ID)
    doc_number: str = ""
    written_on: dt.date | None = None
    validity: Validity = "valid"
    kind: ItemKind = "item"
    normative: bool = False
    emergency: bool = False
    opens_on: dt.date | None = Field(None, description="consultation: the first day comments are taken (required)")
    closes_on: dt.date | None = Field(None, description="consultation: the last day comments are taken (required)")


class ItemPatch(Schema):
    version: int
    title: str | None = None
    body_html: str | None = None
    formed_on: dt.date | None = None
    genre: Genre | None = None
    topic: Topic | None = None
    doc_number: str | None = None
    written_on: dt.date | None = None
    validity: Validity | None = None
    change_note: str | None = None


class ActionIn(Schema):
    action: ItemAction
    note: str = ""
    reason: str = ""
    reason_code: WithdrawReason | None = None
    publish_at: dt.datetime | None = None
    version: int | None = None
    privacy_basis: str = Field("", max_length=2000, description="approve: the legal basis for publishing personal data")


class ItemOut(Schema):
    id: int
    kind: str
    unit_id: int
    unit: str
    title: str
    body_html: str
    genre: str
    topic: str
    validity: str
    doc_number: str
    catalogue_entry_id: int | None
    formed_on: dt.date | None = Field(description="null: a carried document whose date is unknown")
    written_on: dt.date | None
    opens_on: dt.date | None = Field(description="a consultation's first day for comments; null for other kinds")
    closes_on: dt.date | None = Field(description="a consultation's last day for comments; null for other kinds")
    state: str
    version: int
    publish_due_on: dt.date | None
    due_problem: str
    overdue: bool
    index_number: str | None
    published_on: dt.date | None
    publish_at: dt.datetime | None
    emergency: bool
    expedited: bool
    url: str
    withdraw_reason: str
    privacy_basis: str
    attachments: list[AttachmentOut]


def item_url(request: HttpRequest, item: Item) -> str:
    return request.build_absolute_uri(reverse("portal:item", args=[item.pk]))


def _period(item: Item) -> tuple[dt.date | None, dt.date | None]:
    if item.kind != Kind.CONSULTATION:
        return None, None
    found = Consultation.objects.filter(item=item).first()
    return (found.opens_on, found.closes_on) if found is not None else (None, None)


def item_out(request: HttpRequest, item: Item) -> dict[str, Any]:
    opens_on, closes_on = _period(item)
    return {
        "id": item.pk,
        "kind": item.kind,
        "unit_id": item.unit_id,
        "unit": item.unit.name,
        "title": item.title,
        "body_html": item.body_html,
        "genre": item.genre,
        "topic": item.topic,
        "validity": item.validity,
        "doc_number": item.doc_number,
        "catalogue_entry_id": item.catalogue_entry_id,
        "formed_on": item.formed_on,
        "written_on": item.written_on,
        "opens_on": opens_on,
        "closes_on": closes_on,
        "state": item.state,
        "version": item.version,
        "publish_due_on": item.publish_due_on,
        "due_problem": item.due_problem,
        "overdue": stats.is_overdue(item, timezone.localdate()),  # the lists' rule: the working copy's deadline
        "index_number": item.index_number or None,
        "published_on": item.first_published_on,
        "publish_at": item.publish_at,
        "emergency": item.emergency,
        "expedited": item.expedited,
        "url": item_url(request, item),
        "withdraw_reason": item.withdraw_reason,
        "privacy_basis": item.privacy_basis,
        "attachments": attachments_of(request, item),
    }


@router.post("/items", response={201: ItemOut}, auth=bearer, summary="Create a draft item (editor of the unit)")
def create_item(request: HttpRequest, payload: ItemIn) -> Status:
    unit = Unit.objects.filter(pk=payload.unit_id, active=True).first()
    if unit is None:
        raise ApiError(422, _("单位不存在"), "unit_id")
    data = payload.dict(exclude={"unit_id", "opens_on", "closes_on"})
    entry_id = data.pop("catalogue_entry_id")
    if entry_id is not None:
        from gongkai.catalog.models import CatalogueEntry
        from gongkai.catalog.units import entries_for

        data["catalogue_entry"] = CatalogueEntry.objects.filter(pk=entry_id, active=True).first()
        if data["catalogue_entry"] is None:
            raise ApiError(422, _("目录事项不存在"), "catalogue_entry_id")
        # As the workbench form (issue 17, point 9): only an entry of the unit's own domains.
        if not entries_for(unit).filter(pk=entry_id).exists():
            message = _("“%(entry)s”不在%(unit)s的公开领域内") % {"entry": data["catalogue_entry"], "unit": unit}
            raise ApiError(422, message, "catalogue_entry_id")
    if payload.kind == Kind.CONSULTATION:
        item = _create_consultation(request, unit, payload, data)
    else:
        for name in ("opens_on", "closes_on"):
            if getattr(payload, name) is not None:
                raise ApiError(422, _("“%(field)s”只用于征求意见（kind为consultation）") % {"field": name}, name)
        item = services.create_item(request.user, unit, **data)
    return Status(201, item_out(request, item))


def _create_consultation(request: HttpRequest, unit: Unit, payload: ItemIn, data: dict[str, Any]) -> Item:
    """API.md "Consultations": an item of kind consultation with its period, through the
    participation domain's action (the minimum period, its audit entry)."""
    opens_on, closes_on = payload.opens_on, payload.closes_on
    if opens_on is None or closes_on is None:
        name = "opens_on" if opens_on is None else "closes_on"
        raise ApiError(422, _("征求意见须填写“%(field)s”") % {"field": name}, name)
    fields = {key: value for key, value in data.items() if key != "kind"}
    consultation = consultations.create_consultation(
        request.user, unit, opens_on=opens_on, closes_on=closes_on, **fields
    )
    return consultation.item


@router.get("/items/{item_id}", response=ItemOut, auth=bearer, summary="An item as its unit's staff see it")
def get_item(request: HttpRequest, item_id: Id) -> dict[str, Any]:
    return item_out(request, access.get_item_for(request.user, item_id))


@router.patch("/items/{item_id}", response=ItemOut, auth=bearer, summary="Edit a draft (send the version you read)")
def patch_item(request: HttpRequest, item_id: Id, payload: ItemPatch) -> dict[str, Any]:
    item = access.get_item_for(request.user, item_id)
    changes = payload.dict(exclude={"version"}, exclude_unset=True)
    try:
        item = services.update_item(request.user, item, payload.version, **changes)
    except services.Conflict as exc:
        raise ApiError(409, exc.message) from exc
    return item_out(request, item)


ACTIONS_DESCRIPTION = (
    "One workflow step (submit, approve, sign, publish, return, unschedule, revise, withdraw, confirm), "
    "checked like the workbench: 403 for a role the caller does not hold in the item's unit, 409 when the "
    "item's state does not allow it now or `version` is stale, 422 naming the missing field. "
    "`return` needs a `note` (the requested changes); `withdraw` needs `reason` (shown on the public page) and "
    "takes one of the fixed `reason_code`s (default `other`); "
    "`publish` takes an optional future `publish_at` (a naive time is Asia/Shanghai). "
    "`approve` has no fields for the two reviews the workbench makes the reviewer tick: calling it "
    "asserts that the confidentiality review (保密审查, 条例 Art. 17) and the content review (内容审核) "
    "were done, and the item's history and audit entry record it as "
    "“保密审查、内容审核通过（接口确认）”; its `privacy_basis` records the legal basis for publishing personal "
    "data (条例 Art. 15), which the signer then sees. `sign` and `publish` answer 409 with "
    '`{"detail", "field", "findings": [{"where", "kind", "count"}]}` when the title, body or a file holds '
    "unmasked ID, mobile or bank card numbers and no basis was given, and 409 while a file is unread or unreadable."
)


@router.post(
    "/items/{item_id}/actions",
    response=ItemOut,
    auth=bearer,
    summary="A workflow action",
    description=ACTIONS_DESCRIPTION,
)
def item_action(request: HttpRequest, item_id: Id, payload: ActionIn) -> dict[str, Any]:
    item = access.get_item_for(request.user, item_id)
    # via_api: the history says that approve's two reviews were asserted by the call (workflow._approve).
    params = {**payload.dict(exclude={"action", "version"}), "via_api": True}
    try:
        item = workflow.perform(request.user, item.pk, payload.action, version=payload.version, **params)
    except PrivacyConflict as exc:  # API.md: {"detail", "field", "findings": [{"where", "kind", "count"}]}
        raise ApiError(409, exc.message, exc.field, findings=[p.as_dict() for p in exc.findings]) from exc
    except services.Conflict as exc:
        raise ApiError(409, exc.message) from exc
    return item_out(request, Item.objects.select_related("unit").get(pk=item.pk))


class Origin(Schema):
    instance: str
    organ: str
    credit_code: str
    url: str


class PublicItemOut(Schema):
    id: int
    title: str
    unit_id: int
    unit: str
    index_number: str
    doc_number: str
    topic: str
    genre: str
    validity: str
    catalogue_entry_id: int | None
    published_on: dt.date | None
    updated_at: dt.datetime
    withdrawn: bool
    withdraw_reason: str
    url: str
    origin: Origin | None = Field(
        description="where a received item was published (the exchange); null for items written here"
    )


class PublicPage(Schema):
    total: int
    page: int
    page_size: int
    results: list[PublicItemOut]


class PublicFilters(Schema):
    unit_id: int | None = Field(None, ge=1, le=MAX_ID)
    catalogue_entry_id: int | None = Field(None, ge=1, le=MAX_ID)
    since: dt.date | None = None
    page: int = Field(1, ge=1)


# Earlier than any publication: see public_items.
EVER = dt.datetime(1000, 1, 1, tzinfo=dt.UTC)
# What a public list row shows: never a body (a law's full text is hundreds of kilobytes; issue 18).
PUBLIC_LIST_FIELDS = (
    "unit_id",
    "unit__name",
    "index_number",
    "first_published_on",
    "state",
    "withdraw_reason",
    "published_revision__title",
    "published_revision__doc_number",
    "published_revision__topic",
    "published_revision__genre",
    "published_revision__validity",
    "published_revision__catalogue_entry_id",
    "published_revision__published_at",
)


class _Counted(Paginator):
    """A paginator that counts ``counted`` (the same rows without EVER's range, whose join an
    unfiltered count does not need: it stays an index-only count on the items)."""

    def __init__(self, rows: QuerySet[Item], per_page: int, counted: QuerySet[Item]) -> None:
        super().__init__(rows, per_page)
        self.counted = counted

    @cached_property
    def count(self) -> int:
        return int(self.counted.count())


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


# Three queries whatever the page: the count, the page's rows without their bodies, and the
# provenance of the received items among them (the exchange; `origin`).
#
# Newest publication first, ties by item: written on the published revision's own columns
# (its ``item_id`` is the item's id) so that one index on the revisions serves the order
# (publishing migration 0009, ``(published_at DESC, item_id DESC)``) and a page reads its rows
# from it instead of sorting every published item. A range on that column is always given
# (``since``: from the day's start in the site's time zone, what ``__date`` compared row by
# row; else ``EVER``): without one SQLite's planner, which has no statistics unless ANALYZE
# ran, scans every item and sorts them instead of reading the index (as portal/items.py).
# A deep page still reads the index up to its OFFSET.
# (A comment, not a docstring: the docstring would become the operation's OpenAPI description.)
@router.get("/public/items", response=PublicPage, summary="Published items only (public)")
def public_items(request: HttpRequest, filters: Query[PublicFilters]) -> dict[str, Any]:
    # Never an unlisted item (RULINGS.md 11: a subsidy list is reached by its own address only).
    items = access.public_items().filter(unlisted=False).only(*PUBLIC_LIST_FIELDS)
    scope = site_scope(site_of(request))  # the site of the Host: what its columns select
    if scope is not None:
        items = items.filter(pk__in=scope)
    if filters.unit_id is not None:
        items = items.filter(unit_id=filters.unit_id)
    if filters.catalogue_entry_id is not None:
        items = items.filter(published_revision__catalogue_entry_id=filters.catalogue_entry_id)
    if filters.since is not None:
        items = items.filter(published_revision__published_at__gte=_day_start(filters.since))
    rows = items.filter(published_revision__published_at__gte=EVER) if filters.since is None else items
    paginator = _Counted(rows.order_by("-published_revision__published_at", "-published_revision__item_id"), 20, items)
    page = paginator.get_page(filters.page)
    origins = exchange_public.origins([i.pk for i in page.object_list])  # one query: received items' provenance
    return {
        "total": paginator.count,
        "page": page.number,
        "page_size": 20,
        "results": [
            {
                "id": i.pk,
                "title": i.published_revision.title,
                "unit_id": i.unit_id,
                "unit": i.unit.name,
                "index_number": i.index_number,
                "doc_number": i.published_revision.doc_number,
                "topic": i.published_revision.topic,
                "genre": i.published_revision.genre,
                "validity": i.published_revision.validity,
                "catalogue_entry_id": i.published_revision.catalogue_entry_id,
                "published_on": i.first_published_on,
                "updated_at": i.published_revision.published_at,
                "withdrawn": i.state == "withdrawn",
                "withdraw_reason": i.withdraw_reason if i.state == "withdrawn" else "",
                "url": item_url(request, i),
                "origin": origins.get(i.pk),
            }
            for i in page.object_list
        ],
    }

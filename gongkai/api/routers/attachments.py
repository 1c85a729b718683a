"""Attachments of information items (API.md "Information items"; issue 24, item 5): upload to a
draft, remove from a draft, take one published file down, put a masked file in its place. Every
file's text is read and screened for personal data (publishing.textlayer, publishing.privacy);
``GET /api/v1/items/{id}`` lists the files with their text state and findings."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from gongkai.api.auth import bearer
from gongkai.api.errors import ApiError
from gongkai.api.params import Id
from gongkai.orgs.models import Role
from gongkai.publishing import access, attachments, privacy, services
from gongkai.publishing.models import Attachment, Item

router = Router(tags=["information items"])


class PersonalDataOut(Schema):
    id_numbers: int
    mobiles: int
    bank_cards: int


class AttachmentOut(Schema):
    id: int
    name: str
    kind: str
    size: int
    sha256: str
    url: str
    text_state: str = Field(description="pending | read | unreadable")
    text_reason: str = Field("", description="why it could not be read (unreadable)")
    personal_data: PersonalDataOut | None = Field(None, description="null until the text is read")
    public: bool
    taken_down_at: Any = None


class TakeDownIn(Schema):
    reason: str = Field(..., min_length=1, max_length=500)


def attachment_url(request: HttpRequest, attachment: Attachment) -> str:
    """The public download once public; before, the workbench's (for the unit's staff)."""
    if attachment.public:
        path = reverse("portal:attachment", args=[attachment.item_id, attachment.pk])
    else:
        path = reverse("workbench:attachment_download", args=[attachment.item_id, attachment.pk])
    return request.build_absolute_uri(path)


def attachment_out(request: HttpRequest, attachment: Attachment) -> dict[str, Any]:
    return {
        "id": attachment.pk,
        "name": attachment.name,
        "kind": attachment.kind,
        "size": attachment.size,
        "sha256": attachment.sha256,
        "url": attachment_url(request, attachment),
        "text_state": attachment.text_state,
        "text_reason": attachment.text_reason,
        "personal_data": privacy.counts(attachment.findings),
        "public": attachment.public,
        "taken_down_at": attachment.taken_down_at,
    }


def attachments_of(request: HttpRequest, item: Item) -> list[dict[str, Any]]:
    """The item's files as its staff see them: those of the working copy, then any taken down."""
    files = item.attachments.filter(removed=False) | item.attachments.filter(taken_down_at__isnull=False)
    return [attachment_out(request, a) for a in files.order_by("position", "pk")]


def _file_of(request: HttpRequest, item_id: int, attachment_id: int) -> Attachment:
    item = access.get_item_for(request.user, item_id)
    return get_object_or_404(Attachment, pk=attachment_id, item=item)


def _conflict(exc: services.Conflict) -> ApiError:
    return ApiError(409, exc.message)


@router.post(
    "/items/{item_id}/attachments",
    response={201: AttachmentOut},
    auth=bearer,
    summary="Attach a file to a draft (editor; multipart `file`)",
)
def add(request: HttpRequest, item_id: Id, file: File[UploadedFile]) -> Status:
    item = access.get_item_for(request.user, item_id)
    services.require_unit_role(request.user, item, Role.EDITOR)
    try:
        added = attachments.add_attachment(request.user, item, file.name or "", file.read())
    except services.Conflict as exc:
        raise _conflict(exc) from exc
    return Status(201, attachment_out(request, Attachment.objects.get(pk=added.pk)))


@router.delete(
    "/items/{item_id}/attachments/{attachment_id}",
    response={204: None},
    auth=bearer,
    summary="Remove a file from a draft (editor)",
)
def remove(request: HttpRequest, item_id: Id, attachment_id: Id) -> Status:
    attachment = _file_of(request, item_id, attachment_id)
    if attachment.removed:
        raise ApiError(404, _("未找到"))
    try:
        attachments.remove_attachment(request.user, attachment)
    except services.Conflict as exc:
        raise _conflict(exc) from exc
    return Status(204, None)


@router.post(
    "/items/{item_id}/attachments/{attachment_id}/takedown",
    response=AttachmentOut,
    auth=bearer,
    summary="Take one published file down (office or the unit's signer)",
)
def take_down(request: HttpRequest, item_id: Id, attachment_id: Id, payload: TakeDownIn) -> dict[str, Any]:
    attachment = _file_of(request, item_id, attachment_id)
    try:
        done = attachments.take_down(request.user, attachment, payload.reason)
    except services.Conflict as exc:
        raise _conflict(exc) from exc
    return attachment_out(request, done)


@router.post(
    "/items/{item_id}/attachments/{attachment_id}/replacement",
    response={201: AttachmentOut},
    auth=bearer,
    summary="Put a masked file in the place of one (editor; multipart `file`); a published item is revised",
)
def replacement(request: HttpRequest, item_id: Id, attachment_id: Id, file: File[UploadedFile]) -> Status:
    attachment = _file_of(request, item_id, attachment_id)
    try:
        new = attachments.replace(request.user, attachment, file.name or "", file.read())
    except services.Conflict as exc:
        raise _conflict(exc) from exc
    return Status(201, attachment_out(request, Attachment.objects.get(pk=new.pk)))

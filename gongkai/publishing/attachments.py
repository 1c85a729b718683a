"""Attachments of items: checked by content (uploads.inspect), stored, audited."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.actor import Actor, signed_in
from gongkai.audit.services import record
from gongkai.orgs.models import Role
from gongkai.publishing.models import Attachment, Item, State
from gongkai.publishing.services import Conflict, require_unit_role
from gongkai.publishing.uploads import UploadRejected, inspect, refuse_active_pdf

MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024
MAX_ATTACHMENTS = 30


@transaction.atomic
def add_attachment(actor: Actor, item: Item, name: str, data: bytes) -> Attachment:
    """Store one file if its content is an accepted kind; a bad file changes nothing."""
    require_unit_role(actor, item, Role.EDITOR)
    if item.state != State.DRAFT:
        raise Conflict(_("只有草稿状态的信息可以增删附件"))
    if item.attachments.filter(removed=False).count() >= MAX_ATTACHMENTS:
        raise ValidationError({"file": _("每条信息最多%(n)s个附件") % {"n": MAX_ATTACHMENTS}})
    try:
        info = inspect(name, data, MAX_ATTACHMENT_BYTES)
    except UploadRejected as exc:
        raise ValidationError({"file": exc.message}) from exc
    attachment = Attachment(
        warning=_active_content(data),
        item=item,
        name=info.name,
        kind=info.kind,
        size=info.size,
        sha256=info.sha256,
        uploaded_by=signed_in(actor),
        position=item.attachments.count(),
    )
    attachment.file.save(f"{info.sha256[:16]}.{info.extension}", ContentFile(data), save=False)
    attachment.save()
    record(
        actor,
        "attachment.added",
        attachment,
        unit=item.unit,
        after={
            "item": item.pk,
            "name": info.name,
            "kind": info.kind,
            "size": info.size,
            "sha256": info.sha256,
            "active_content": bool(attachment.warning),
        },
    )
    return attachment


def _active_content(data: bytes) -> str:
    """Why the reviewer should look twice (issue 15, point 6): a PDF with a script, an action run
    on opening, a launch or embedded files, or a web page behind %PDF. Staff files are kept, not
    refused: the unit decides, warned on the item page and in the audit entry."""
    try:
        refuse_active_pdf(data)
    except UploadRejected:
        return _(
            "该PDF含有脚本、自动执行的操作或嵌入文件，打开时可能运行其中的内容。"
            "公开前请核实，或另存为普通PDF后重新上传。"
        )
    return ""


@transaction.atomic
def remove_attachment(actor: Actor, attachment: Attachment) -> None:
    item = attachment.item
    require_unit_role(actor, item, Role.EDITOR)
    if item.state != State.DRAFT:
        raise Conflict(_("只有草稿状态的信息可以增删附件"))
    record(
        actor,
        "attachment.removed",
        attachment,
        unit=item.unit,
        before={"item": item.pk, "name": attachment.name, "sha256": attachment.sha256},
    )
    if attachment.public:
        # Still part of the published revision: hidden from the draft, public until republished.
        attachment.removed = True
        attachment.save(update_fields=["removed"])
    else:
        attachment.delete()

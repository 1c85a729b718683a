"""Attachments of items: checked by content (uploads.inspect), stored, audited."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.actor import Actor, signed_in
from gongkai.audit.services import record
from gongkai.orgs.models import Role
from gongkai.publishing import readonly, signals, textlayer
from gongkai.publishing.models import Attachment, Item, ItemEvent, State
from gongkai.publishing.services import Conflict, require_unit_role
from gongkai.publishing.uploads import UploadRejected, inspect, refuse_active_pdf
from gongkai.storage import StorageFull, is_full

MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024
MAX_ATTACHMENTS = 30


@transaction.atomic
def add_attachment(
    actor: Actor, item: Item, name: str, data: bytes, *, replaces: Attachment | None = None
) -> Attachment:
    """Store one file if its content is an accepted kind; a bad file changes nothing. Its text is
    read by a job once the upload commits (publishing.textlayer): until then it is ``pending``."""
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
        position=replaces.position if replaces is not None else item.attachments.count(),
        replaces=replaces,
    )
    _store(attachment, f"{info.sha256[:16]}.{info.extension}", data)
    try:
        attachment.save()
    except BaseException:
        attachment.file.delete(save=False)  # no file without its row (the transaction rolls back)
        raise
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
            **({"replaces": replaces.pk} if replaces is not None else {}),
        },
    )
    textlayer.receive(attachment, data)
    return attachment


def _store(attachment: Attachment, name: str, data: bytes) -> None:
    """The file whole, or a form error (issue 18, point 4): with STORAGES' AtomicFileSystemStorage
    (gongkai/storage.py) a full disk leaves nothing behind and says so in Chinese."""
    try:
        attachment.file.save(name, ContentFile(data), save=False)
    except OSError as exc:
        if not is_full(exc):
            raise
        raise ValidationError({"file": str(StorageFull.message)}) from exc


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


@transaction.atomic
def take_down(actor: Actor, attachment: Attachment, reason: str) -> Attachment:
    """下架 one published file (issue 24, item 4): it leaves the public page, its download, search,
    the feeds and the sitemap at once — every receiver of the withdrawal signal — while the item
    stays public and the file, its record and the audit entry are kept. The office or the unit's
    signer decides, with a reason (kept, not shown to the public)."""
    attachment = Attachment.objects.select_for_update().select_related("item__unit").get(pk=attachment.pk)
    item = attachment.item
    require_unit_role(actor, item, Role.SIGNER)
    readonly.refuse_if_read_only(item)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("下架附件时请填写原因")})
    if not attachment.public or attachment.taken_down_at is not None:
        raise Conflict(_("该附件未公开，无需下架"))
    attachment.public, attachment.removed = False, True
    attachment.taken_down_at, attachment.taken_down_reason = timezone.now(), reason
    attachment.save(update_fields=["public", "removed", "taken_down_at", "taken_down_reason"])
    ItemEvent.objects.create(
        item=item,
        action="takedown",
        actor=signed_in(actor),
        note=f"{attachment.name}：{reason}",
        at=attachment.taken_down_at,
    )
    record(
        actor,
        "attachment.taken_down",
        attachment,
        unit=item.unit,
        after={"item": item.pk, "name": attachment.name, "sha256": attachment.sha256, "reason": reason},
    )
    signals.withdrawn.send(sender=Item, item=item, actor=actor, reason=reason, attachment=attachment)
    return attachment


@transaction.atomic
def replace(actor: Actor, attachment: Attachment, name: str, data: bytes) -> Attachment:
    """A masked file in the place of one (taken down or not): a published item is taken back into
    editing (a new revision, its change note saying which file was replaced), the new file is
    added where the old one was, and the revision goes through review and sign-off again; the old
    file leaves the revision. Returns the new attachment."""
    from gongkai.publishing.workflow import perform  # workflow imports this module's neighbours

    item = attachment.item
    require_unit_role(actor, item, Role.EDITOR)
    if item.state == State.PUBLISHED:
        perform(actor, item.pk, "revise")
        item = Item.objects.get(pk=item.pk)
        item.change_note = (_("替换附件“%(name)s”") % {"name": attachment.name})[:300]
        item.save(update_fields=["change_note", "updated_at"])
    if item.state != State.DRAFT:
        raise Conflict(_("只有草稿或已发布的信息可以替换附件"))
    new = add_attachment(actor, item, name, data, replaces=attachment)
    if not attachment.removed:
        remove_attachment(actor, Attachment.objects.get(pk=attachment.pk))
    return new

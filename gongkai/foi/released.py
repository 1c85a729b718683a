"""The government information a reply provides, as files for the applicant (issue 17, point 13).

A handler of the unit adds each file to the application; its content is checked like every
upload (publishing.uploads: the format by its bytes, active PDFs refused), it is stored beside the
application's own files with ``released`` set, and the audit trail records it. The applicant who
chose to receive the reply online downloads it from the tracking page after the second check
(foi.access.released_for_applicant); a file added by mistake is removed the same way, audited.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from gongkai.actor import Actor, signed_in
from gongkai.audit.services import record
from gongkai.foi import access
from gongkai.foi.intake import MAX_ATTACHMENT_BYTES
from gongkai.foi.models import Attachment, Request
from gongkai.publishing.uploads import UploadRejected, inspect, refuse_active_pdf

FIELD = "released"


@transaction.atomic
def add(actor: Actor, request_obj: Request, name: str, data: bytes, *, http: HttpRequest | None = None) -> Attachment:
    """Store one released file of ``request_obj``; a refused file keeps nothing."""
    access.require_handler(actor, request_obj.unit_id)
    try:
        info = inspect(name, data, MAX_ATTACHMENT_BYTES)
        refuse_active_pdf(data)
    except UploadRejected as exc:
        message = _("文件“%(name)s”：%(reason)s") % {"name": name[:60], "reason": exc.message}
        raise ValidationError({FIELD: message}) from exc
    attachment = Attachment(
        request=request_obj, name=info.name, format=info.kind, size=info.size, sha256=info.sha256, released=True
    )
    attachment.uploaded_by = signed_in(actor)
    attachment.file.save(f"released-{info.sha256[:16]}.{info.extension}", ContentFile(data), save=False)
    attachment.save()
    after = {"name": info.name, "size": info.size}
    record(actor, "foi.file_released", attachment, unit=request_obj.unit, after=after, request=http)
    return attachment


@transaction.atomic
def remove(actor: Actor, request_obj: Request, pk: int, *, http: HttpRequest | None = None) -> None:
    """Take back a released file added by mistake (the applicant no longer sees it)."""
    access.require_handler(actor, request_obj.unit_id)
    found = Attachment.objects.filter(request=request_obj, released=True, pk=pk).first()
    if found is None:
        raise ValidationError({FIELD: _("该文件不存在或已删除")})
    record(actor, "foi.file_release_removed", found, unit=request_obj.unit, before={"name": found.name}, request=http)
    found.file.delete(save=False)
    found.delete()

"""The text layer of attachments (issue 24, item 1): every file is read after upload — a small
file with its own text layer at once, anything needing OCR or a converter by a job — its text
stored place by place (``AttachmentText``), its personal data counted per place
(``Attachment.findings``, publishing.privacy) and its state set: ``pending`` until read, then
``read`` or ``unreadable`` with the reason the editor sees. The readers per format live in
publishing.reading; the limits are settings (``ATTACHMENT_*``).

A file is read once: its content never changes (a replacement is a new attachment). Re-reading
happens only when someone asks (``read_attachments --again``), e.g. after OCR was switched on.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django_tasks import task

from gongkai.ops.jobs import enqueue_after_commit
from gongkai.publishing import privacy, reading, signals
from gongkai.publishing.models import Attachment, AttachmentText, Item, TextState
from gongkai.publishing.reading.core import OCR_OFF_PAGE, TIMED_OUT

log = logging.getLogger("gongkai.publishing")


def limits() -> reading.Limits:
    return reading.Limits(
        max_pages=settings.ATTACHMENT_READ_MAX_PAGES,
        timeout_seconds=settings.ATTACHMENT_READ_TIMEOUT,
        ocr=settings.ATTACHMENT_OCR,
    )


# Read at once, while the editor waits for the upload, when it costs milliseconds: a small file
# with its own text layer. Anything needing OCR or LibreOffice, or larger, goes to the job.
INLINE_KINDS = frozenset({"pdf", "docx", "xlsx", "csv", "ofd"})
INLINE_MAX_BYTES = 2 * 1024 * 1024
INLINE_SECONDS = 5


def queue(attachment: Attachment) -> None:
    """Read ``attachment`` in the background once the upload's transaction commits."""
    enqueue_after_commit(read_attachment_job, attachment.pk)


def receive(attachment: Attachment, data: bytes) -> None:
    """After an upload: read a small text file now (the editor sees its findings on the next
    page), else queue the job. A small PDF with a scanned page is left to the job's OCR."""
    if attachment.kind not in INLINE_KINDS or len(data) > INLINE_MAX_BYTES:
        queue(attachment)
        return
    quick = reading.Limits(max_pages=limits().max_pages, timeout_seconds=INLINE_SECONDS, ocr=False)
    try:
        result = reading.read(attachment.kind, data, quick)
    except reading.Unreadable as exc:
        if exc.template in (OCR_OFF_PAGE, TIMED_OUT) and settings.ATTACHMENT_OCR:
            queue(attachment)
            return
        _store(attachment, None, exc)
        return
    _store(attachment, result, None)


@task()
def read_attachment_job(attachment_id: int) -> str:
    found = Attachment.objects.filter(pk=attachment_id).first()
    return read(found).text_state if found is not None else "gone"


def _reading_of(attachment: Attachment) -> reading.Reading:
    try:
        with attachment.file.open("rb") as stream:
            data = stream.read()
    except OSError as exc:
        raise reading.Unreadable("文件缺失，无法读取，请重新上传") from exc
    return reading.read(attachment.kind, data, limits())


def read(attachment: Attachment) -> Attachment:
    """Read one file now and store what was found (the job's body; tests call it directly)."""
    try:
        result = _reading_of(attachment)
    except reading.Unreadable as exc:
        return _store(attachment, None, exc)
    return _store(attachment, result, None)


def _store(attachment: Attachment, result: reading.Reading | None, failure: reading.Unreadable | None) -> Attachment:
    if failure is not None or result is None:
        reason = _(failure.template) % failure.params if failure is not None else ""
        state, places = TextState.UNREADABLE, []
    else:
        state, reason = TextState.READ, ""
        places = [(segment.where, segment.text) for segment in result.segments if segment.text.strip()]
    with transaction.atomic():
        AttachmentText.objects.update_or_create(
            attachment=attachment,
            defaults={
                "places": [list(place) for place in places],
                "text": "\n".join(text for _where, text in places),
                "method": result.method if result else "",
                "pages": result.pages if result else 0,
            },
        )
        attachment.text_state, attachment.text_reason = state, reason[:300]
        attachment.findings = privacy.read_places(places) if state == TextState.READ else None
        attachment.save(update_fields=["text_state", "text_reason", "findings"])
        signals.text_read.send(sender=Item, item=attachment.item, attachment=attachment)
    log.info(
        "attachment read",
        extra={"event": "attachment.read", "attachment": attachment.pk, "state": state, "places": len(places)},
    )
    return attachment

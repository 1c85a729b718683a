"""Creating and editing gazette issues: the item comes from the publishing services, the PDF is
an attachment of it; the issue data and the table of contents are checked and audited here.

Only a draft is changed (the rule attachments follow); review, signing, publication and
withdrawal are the item's workflow (``publishing.workflow.perform``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.actor import Actor
from gongkai.audit.services import changed, record, snapshot
from gongkai.gazette.models import GazetteEntry, GazetteIssue
from gongkai.gazette.pdftext import PdfText, PdfUnreadable, read_pdf
from gongkai.orgs.models import Role, Unit
from gongkai.publishing import attachments, services
from gongkai.publishing.access import items_visible_to, public_items
from gongkai.publishing.models import Item, Kind, State
from gongkai.publishing.services import Conflict, require_unit_role
from gongkai.publishing.uploads import FORMATS, UploadRejected, inspect

ISSUE_FIELDS = ["year", "number", "issue_date", "total_number"]
IDENTITY_FIELDS = {"year", "number"}  # the public address of an issue: fixed once published
ENTRY_FIELDS = ["position", "title", "page", "doc_number", "document"]
MAX_PDF_BYTES = attachments.MAX_ATTACHMENT_BYTES


def issue_title(unit: Unit, year: int, number: int) -> str:
    return _("%(unit)s公报 %(year)d年第%(number)d期") % {"unit": unit.name, "year": year, "number": number}


def check_pdf(name: str, data: bytes) -> PdfText:
    """The file's content must be a readable PDF (judged by its bytes); returns its text."""
    try:
        info = inspect(name, data, MAX_PDF_BYTES)
    except UploadRejected as exc:
        raise ValidationError({"pdf": _(exc.template) % exc.params}) from exc
    if info.kind != "pdf":
        raise ValidationError({"pdf": _("公报须为PDF文件，所选文件是%(kind)s") % {"kind": FORMATS[info.kind].label}})
    try:
        return read_pdf(data)
    except PdfUnreadable as exc:
        raise ValidationError({"pdf": _(exc.template) % exc.params}) from exc


def no_text_warning(content: PdfText) -> list[str]:
    if content.has_text:
        return []
    return [_("该PDF没有文字层（可能是扫描件），已保存，但其内容不能全文检索")]


def _description(unit: Unit, year: int, number: int, issue_date: dt.date | None) -> str:
    title = issue_title(unit, year, number)
    if issue_date is None:
        return f"<p>{title}</p>"
    return "<p>" + _("%(title)s，%(date)s出版。") % {"title": title, "date": f"{issue_date:%Y-%m-%d}"} + "</p>"


def _locked(issue: GazetteIssue) -> GazetteIssue:
    """The issue with its item row locked (one editor at a time), re-read from the database."""
    Item.objects.select_for_update().filter(pk=issue.pk).first()
    return GazetteIssue.objects.select_related("item", "item__unit").get(pk=issue.pk)


def _require_draft(actor: Actor, issue: GazetteIssue) -> None:
    require_unit_role(actor, issue.item, Role.EDITOR)
    if issue.item.state != State.DRAFT:
        raise Conflict(_("只有草稿状态的公报可以修改；已发布的公报请先在信息页面办理“修订”"))


def keep_published(issue: GazetteIssue) -> None:
    """Before the first change after a publication, keep what the public sees of the working
    copy: until then it is exactly what was published (changes need a draft)."""
    revision_id = issue.item.published_revision_id
    if revision_id is None or issue.kept_revision_id == revision_id:
        return
    copies = [
        GazetteEntry(issue=issue, revision_id=revision_id, **{name: getattr(e, name) for name in ENTRY_FIELDS})
        for e in issue.entries.filter(revision=None)
    ]
    GazetteEntry.objects.bulk_create(copies)
    issue.kept_revision_id = revision_id
    issue.kept_pdf_id, issue.kept_text, issue.kept_page_count = issue.pdf_id, issue.extracted_text, issue.page_count
    issue.save(update_fields=["kept_revision", "kept_pdf", "kept_text", "kept_page_count"])


def _validate_issue(issue: GazetteIssue) -> None:
    if GazetteIssue.objects.filter(year=issue.year, number=issue.number).exclude(pk=issue.pk).exists():
        raise ValidationError(
            {"number": _("%(year)d年第%(number)d期已存在") % {"year": issue.year, "number": issue.number}}
        )
    total = issue.total_number
    if total is not None and GazetteIssue.objects.filter(total_number=total).exclude(pk=issue.pk).exists():
        raise ValidationError({"total_number": _("总第%(n)d期已存在") % {"n": total}})
    issue.full_clean(
        exclude=["item", "pdf", "kept_revision", "kept_pdf"], validate_unique=False, validate_constraints=False
    )


@transaction.atomic
def create_issue(
    actor: Actor, unit: Unit, *, year: int, number: int, issue_date: dt.date | None, total_number: int | None = None
) -> GazetteIssue:
    """A new draft issue: the item (kind gazette, the standard title) and its issue data."""
    issue = GazetteIssue(year=year, number=number, issue_date=issue_date, total_number=total_number)
    _validate_issue(issue)
    issue.item = services.create_item(
        actor,
        unit,
        kind=Kind.GAZETTE,
        title=issue_title(unit, year, number),
        genre="other",
        topic="general",
        written_on=issue_date,
        formed_on=issue_date or timezone.localdate(),
        body_html=_description(unit, year, number, issue_date),
    )
    issue.save()
    record(actor, "gazette.created", issue, unit=unit, after=snapshot(issue, ISSUE_FIELDS))
    return issue


@transaction.atomic
def update_issue(actor: Actor, issue: GazetteIssue, version: int, **data: Any) -> GazetteIssue:
    """Change the issue data of a draft; the item's title and dates follow. ``version`` is the
    item version the editor loaded (optimistic locking, as for items)."""
    issue = _locked(issue)
    _require_draft(actor, issue)
    before = snapshot(issue, ISSUE_FIELDS)
    for key, value in data.items():
        if key not in ISSUE_FIELDS:
            raise ValidationError({key: _("不能设置此字段")})
        if key in IDENTITY_FIELDS and issue.item.is_public and value != getattr(issue, key):
            raise ValidationError({key: _("已发布公报的年份和期号不能修改")})
        setattr(issue, key, value)
    _validate_issue(issue)
    item = issue.item
    services.update_item(
        actor,
        item,
        version,
        title=issue_title(item.unit, issue.year, issue.number),
        written_on=issue.issue_date,
        formed_on=issue.issue_date or item.formed_on,
    )
    issue.save(update_fields=ISSUE_FIELDS)
    old, new = changed(before, snapshot(issue, ISSUE_FIELDS))
    if new:
        record(actor, "gazette.changed", issue, unit=item.unit, before=old, after=new)
    return issue


@transaction.atomic
def set_pdf(actor: Actor, issue: GazetteIssue, name: str, data: bytes, content: PdfText | None = None) -> list[str]:
    """Attach (or replace) the issue PDF and keep its text; returns warnings to show.
    ``content`` is the result of ``check_pdf`` when the caller has already checked the file."""
    content = content or check_pdf(name, data)
    issue = _locked(issue)
    _require_draft(actor, issue)
    keep_published(issue)
    old = issue.pdf
    attachment = attachments.add_attachment(actor, issue.item, name, data)
    if old is not None:
        attachments.remove_attachment(actor, old)
    issue.pdf, issue.extracted_text, issue.page_count = attachment, content.text, content.page_count
    issue.save(update_fields=["pdf", "extracted_text", "page_count"])
    after = {"attachment": attachment.pk, "pages": content.page_count, "text_chars": len(content.text)}
    record(actor, "gazette.pdf", issue, unit=issue.item.unit, after=after)
    return no_text_warning(content)


def _next_position(issue: GazetteIssue) -> int:
    return (issue.entries.filter(revision=None).aggregate(n=Max("position"))["n"] or 0) + 1


@transaction.atomic
def add_entry(actor: Actor, issue: GazetteIssue, **data: Any) -> GazetteEntry:
    issue = _locked(issue)
    _require_draft(actor, issue)
    keep_published(issue)
    entry = GazetteEntry(issue=issue, position=_next_position(issue))
    _fill_entry(entry, data)
    entry.save()
    record(actor, "gazette.entry.added", entry, unit=issue.item.unit, after=snapshot(entry, ENTRY_FIELDS))
    return entry


@transaction.atomic
def update_entry(actor: Actor, entry: GazetteEntry, **data: Any) -> GazetteEntry:
    issue = _locked(entry.issue)
    _require_draft(actor, issue)
    keep_published(issue)
    entry = GazetteEntry.objects.get(pk=entry.pk, revision=None)
    before = snapshot(entry, ENTRY_FIELDS)
    _fill_entry(entry, data)
    entry.save()
    old, new = changed(before, snapshot(entry, ENTRY_FIELDS))
    if new:
        record(actor, "gazette.entry.changed", entry, unit=issue.item.unit, before=old, after=new)
    return entry


@transaction.atomic
def remove_entry(actor: Actor, entry: GazetteEntry) -> None:
    issue = _locked(entry.issue)
    _require_draft(actor, issue)
    keep_published(issue)
    entry = GazetteEntry.objects.get(pk=entry.pk, revision=None)
    record(actor, "gazette.entry.removed", entry, unit=issue.item.unit, before=snapshot(entry, ENTRY_FIELDS))
    entry.delete()


def _fill_entry(entry: GazetteEntry, data: dict[str, Any]) -> None:
    for key, value in data.items():
        if key not in ENTRY_FIELDS:
            raise ValidationError({key: _("不能设置此字段")})
        if key == "position" and value is None:
            continue  # not given: stays where it is (a new entry: last)
        setattr(entry, key, "" if value is None and key == "doc_number" else value)
    if entry.document_id is not None and entry.document_id == entry.issue_id:
        raise ValidationError({"document": _("目录条目不能链接公报本身")})
    if entry.document_id is None and entry.doc_number:
        entry.document = match_document(entry.doc_number)
    entry.full_clean(exclude=["issue", "revision"])


def match_document(doc_number: str) -> Item | None:
    """The one public document carrying exactly this 文号, if there is exactly one."""
    found = list(
        public_items()
        .exclude(published_revision__kind=Kind.GAZETTE)
        .filter(published_revision__doc_number=doc_number.strip())[:2]
    )
    return found[0] if len(found) == 1 else None


def find_document(actor: Actor, reference: str) -> Item:
    """An item named by its 索引号 or its number, among public items and those ``actor`` sees."""
    reference = reference.strip()
    visible = Q(pk__in=public_items().values("pk")) | Q(pk__in=items_visible_to(actor).values("pk"))
    candidates = Item.objects.filter(visible)
    if reference.isdigit():
        found = candidates.filter(pk=int(reference)).first()
    else:
        found = candidates.filter(index_number=reference).first()
    if found is None:
        raise ValidationError({"document_ref": _("未找到索引号或编号为“%(ref)s”的信息") % {"ref": reference}})
    return found

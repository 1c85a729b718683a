"""What the public sees of gazette issues: the one place that answers it.

An issue is public when its item is (``publishing.access.public_items``) and its published
revision is of kind gazette. What the page shows is the published state: the table of
contents, PDF and text kept for the published revision while a revision is in progress.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from gongkai.actor import Actor
from gongkai.gazette.models import GazetteEntry, GazetteIssue
from gongkai.publiclinks import public_url
from gongkai.publishing.access import items_visible_to, public_items
from gongkai.publishing.models import Attachment, Kind, State


def public_issues() -> QuerySet[GazetteIssue]:
    items = public_items().filter(published_revision__kind=Kind.GAZETTE)
    return GazetteIssue.objects.filter(item__in=items).select_related("item", "item__unit", "item__published_revision")


def get_public_issue(year: int, number: int) -> GazetteIssue:
    issue = public_issues().filter(year=year, number=number).first()
    if issue is None:
        raise Http404
    return issue


def issues_visible_to(user: Actor) -> QuerySet[GazetteIssue]:
    """Staff: the issues of the units they act for (the office: all)."""
    return GazetteIssue.objects.filter(item__in=items_visible_to(user)).select_related("item", "item__unit")


def get_issue_for(user: Actor, pk: int) -> GazetteIssue:
    issue = issues_visible_to(user).filter(pk=pk).first()
    if issue is None:
        raise Http404
    return issue


@dataclass(frozen=True)
class PublicEntry:
    title: str
    page: int | None
    doc_number: str
    url: str | None  # the linked document's public page, only while that document is public


@dataclass(frozen=True)
class PublicContents:
    entries: list[PublicEntry]
    pdf: Attachment | None
    text: str
    page_count: int


def _kept(issue: GazetteIssue) -> bool:
    revision_id = issue.item.published_revision_id
    return revision_id is not None and issue.kept_revision_id == revision_id


def public_contents(issue: GazetteIssue) -> PublicContents:
    """The published table of contents, PDF and text; nothing once the issue is withdrawn."""
    if issue.item.state == State.WITHDRAWN or issue.item.published_revision_id is None:
        return PublicContents([], None, "", 0)
    kept = _kept(issue)
    revision_id = issue.kept_revision_id if kept else None
    entries = GazetteEntry.objects.filter(issue=issue, revision_id=revision_id).select_related("document")
    pdf_id = issue.kept_pdf_id if kept else issue.pdf_id
    pdf = issue.item.attachments.filter(pk=pdf_id, public=True).first() if pdf_id else None
    text, pages = (issue.kept_text, issue.kept_page_count) if kept else (issue.extracted_text, issue.page_count)
    return PublicContents([_public_entry(e) for e in entries], pdf, text, pages)


def _public_entry(entry: GazetteEntry) -> PublicEntry:
    document = entry.document
    url = public_url("item", document.pk) if document is not None and document.is_public else None
    return PublicEntry(entry.title, entry.page, entry.doc_number, url)


def public_text(issue: GazetteIssue) -> str:
    """The published PDF text of an issue (for the search index); empty when not public."""
    if issue.item.state == State.WITHDRAWN or issue.item.published_revision_id is None:
        return ""
    return issue.kept_text if _kept(issue) else issue.extracted_text

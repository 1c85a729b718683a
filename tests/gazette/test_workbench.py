"""Editing gazette issues in the workbench: the item is created by the publishing services, the
PDF is checked by content and its text kept, the table of contents changes only in a draft."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from gongkai.audit.models import AuditEntry
from gongkai.gazette import services
from gongkai.gazette.models import GazetteIssue
from gongkai.gazette.pdfgen import make_pdf
from gongkai.orgs.models import Unit
from gongkai.publishing.models import Item
from gongkai.publishing.services import Conflict
from gongkai.publishing.workflow import perform
from tests.gazette.conftest import issue_pdf
from tests.publishing.fixtures.builders import docx

pytestmark = pytest.mark.django_db


def pdf_upload(name: str = "2026年第3期.pdf", data: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data if data is not None else issue_pdf(), content_type="application/pdf")


def create_form(unit: Unit, **extra: Any) -> dict[str, Any]:
    return {"unit": unit.pk, "year": 2026, "number": 3, "issue_date": "2026-03-15", "total_number": "", **extra}


def test_create_makes_a_gazette_item_with_its_pdf(
    editor_a: Any, unit_a: Unit, logged_in: Callable[[Any], Client]
) -> None:
    response = logged_in(editor_a).post(
        reverse("workbench:gazette_create"), create_form(unit_a, total_number=41, pdf=pdf_upload())
    )
    issue = GazetteIssue.objects.select_related("item", "pdf").get()
    assert response.status_code == 302 and response["Location"] == reverse("workbench:gazette_issue", args=[issue.pk])
    item = issue.item
    assert (item.kind, item.state, item.title) == ("gazette", "draft", "测试区民政局公报 2026年第3期")
    assert item.formed_on == item.written_on == dt.date(2026, 3, 15)
    assert issue.total_number == 41 and issue.page_count == 2
    assert issue.pdf is not None and issue.pdf.item_id == item.pk and issue.pdf.kind == "pdf"
    assert "Notice on heating supply" in issue.extracted_text
    assert AuditEntry.objects.filter(action="gazette.created").exists()
    page = logged_in(editor_a).get(reverse("workbench:gazette_issue", args=[issue.pk]))
    assert "2026年第3期" in page.content.decode() and reverse("workbench:item", args=[item.pk]) in page.content.decode()


def test_a_file_that_is_not_a_pdf_creates_nothing(
    editor_a: Any, unit_a: Unit, logged_in: Callable[[Any], Client]
) -> None:
    upload = SimpleUploadedFile("公报.docx", docx(), content_type="application/octet-stream")
    response = logged_in(editor_a).post(reverse("workbench:gazette_create"), create_form(unit_a, pdf=upload))
    assert response.status_code == 422
    assert "公报须为PDF文件" in response.content.decode()
    assert not Item.objects.exists() and not GazetteIssue.objects.exists()


def test_year_and_number_are_unique(issue: GazetteIssue, editor_a: Any, unit_a: Unit, logged_in: Any) -> None:
    response = logged_in(editor_a).post(reverse("workbench:gazette_create"), create_form(unit_a))
    assert response.status_code == 422
    assert "2026年第3期已存在" in response.content.decode()
    assert GazetteIssue.objects.count() == 1


def test_a_scan_without_text_is_kept_with_a_warning(issue: GazetteIssue, editor_a: Any, logged_in: Any) -> None:
    client = logged_in(editor_a)
    response = client.post(
        reverse("workbench:gazette_pdf", args=[issue.pk]), {"pdf": pdf_upload(data=make_pdf([[]]))}, follow=True
    )
    assert "没有文字层" in response.content.decode()
    issue.refresh_from_db()
    assert issue.extracted_text == "" and issue.page_count == 1
    assert issue.item.attachments.count() == 1  # the earlier PDF of the draft is replaced


def test_table_of_contents_is_edited_in_the_draft(
    issue: GazetteIssue, document: Item, editor_a: Any, logged_in: Any
) -> None:
    client = logged_in(editor_a)
    url = reverse("workbench:gazette_entry_add", args=[issue.pk])
    first = {"title": document.title, "doc_number": "康政发〔2026〕3号", "page": 3, "document_ref": str(document.pk)}
    assert client.post(url, first).status_code == 302
    assert client.post(url, {"title": "第二篇", "page": 9}).status_code == 302
    entries = list(issue.entries.all())
    assert [(e.position, e.title, e.document_id) for e in entries] == [
        (1, document.title, document.pk),
        (2, "第二篇", None),
    ]
    edit = reverse("workbench:gazette_entry_edit", args=[issue.pk, entries[1].pk])
    assert client.get(edit).status_code == 200
    assert client.post(edit, {"title": "第二篇（修改）", "page": 10, "position": 5}).status_code == 302
    remove = reverse("workbench:gazette_entry_remove", args=[issue.pk, entries[0].pk])
    assert client.post(remove).status_code == 302
    assert list(issue.entries.values_list("title", "page", "position")) == [("第二篇（修改）", 10, 5)]
    bad = client.post(url, {"title": "x", "document_ref": "no-such-index"})
    assert bad.status_code == 422 and "未找到索引号或编号" in bad.content.decode()


def test_entry_links_by_doc_number_to_the_one_public_document(
    issue: GazetteIssue, document: Item, editor_a: Any, flow: Callable[[Item], Item]
) -> None:
    unlinked = services.add_entry(editor_a, issue, title="a", doc_number="康政发〔2026〕3号")
    assert unlinked.document is None  # the document is not public yet
    flow(document)
    linked = services.add_entry(editor_a, issue, title="b", doc_number="康政发〔2026〕3号")
    assert linked.document_id == document.pk
    with pytest.raises(ValidationError):
        services.add_entry(editor_a, issue, title="self", document=issue.item)


def test_only_a_draft_changes(issue: GazetteIssue, editor_a: Any, logged_in: Any) -> None:
    entry = services.add_entry(editor_a, issue, title="a")
    perform(editor_a, issue.pk, "submit")
    with pytest.raises(Conflict):
        services.add_entry(editor_a, issue, title="b")
    with pytest.raises(Conflict):
        services.remove_entry(editor_a, entry)
    with pytest.raises(Conflict):
        services.set_pdf(editor_a, issue, "x.pdf", issue_pdf())
    client = logged_in(editor_a)
    page = client.get(reverse("workbench:gazette_issue", args=[issue.pk])).content.decode()
    assert reverse("workbench:gazette_entry_add", args=[issue.pk]) not in page
    response = client.post(
        reverse("workbench:gazette_edit", args=[issue.pk]),
        {"year": 2026, "number": 4, "issue_date": "2026-03-15", "version": issue.item.version + 1},
    )
    assert response.status_code == 409


def test_edit_renames_the_item_and_is_locked(issue: GazetteIssue, editor_a: Any, logged_in: Any) -> None:
    client = logged_in(editor_a)
    stale = issue.item.version
    data = {"year": 2026, "number": 4, "issue_date": "2026-04-15", "total_number": 42, "version": stale}
    assert client.post(reverse("workbench:gazette_edit", args=[issue.pk]), data).status_code == 302
    issue.refresh_from_db()
    item = Item.objects.get(pk=issue.pk)
    assert (issue.number, item.title, item.formed_on) == (4, "测试区民政局公报 2026年第4期", dt.date(2026, 4, 15))
    again = client.post(reverse("workbench:gazette_edit", args=[issue.pk]), {**data, "number": 5})
    assert again.status_code == 409 and "已被他人修改" in again.content.decode()


def test_year_and_number_stay_once_published(issue: GazetteIssue, editor_a: Any, flow: Callable[[Item], Item]) -> None:
    flow(issue.item)
    item = perform(editor_a, issue.pk, "revise")
    with pytest.raises(ValidationError, match="年份和期号"):
        services.update_issue(editor_a, issue, item.version, number=9)
    services.update_issue(editor_a, issue, item.version, total_number=7)
    assert GazetteIssue.objects.get(pk=issue.pk).total_number == 7

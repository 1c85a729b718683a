"""What the public sees of the gazette: only published issues, their table of contents with
links to documents that are public, the PDF through the public attachment view, a text excerpt;
a revision in progress never shows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.gazette import access, services
from gongkai.gazette.models import GazetteIssue
from gongkai.gazette.pdfgen import make_pdf
from gongkai.orgs.models import Unit
from gongkai.publishing import services as item_services
from gongkai.publishing.models import Item
from gongkai.publishing.workflow import perform

pytestmark = pytest.mark.django_db
Flow = Callable[[Item], Item]


def page(url: str, status: int = 200) -> str:
    response = Client().get(url)
    assert response.status_code == status, url
    return response.content.decode()


def issue_url(issue: GazetteIssue) -> str:
    return reverse("portal:gazette_issue", args=[issue.year, issue.number])


def make_issue(editor: Any, unit: Unit, year: int, number: int) -> GazetteIssue:
    return services.create_issue(editor, unit, year=year, number=number, issue_date=dt.date(year, 1, 10))


def test_archive_is_empty_before_anything_is_published(issue: GazetteIssue) -> None:
    html = page(reverse("portal:gazette"))
    assert "暂无已发布的政府公报" in html
    assert issue_url(issue) not in html
    page(issue_url(issue), 404)


def test_archive_lists_published_issues_by_year_newest_first(
    issue: GazetteIssue, editor_a: Any, unit_a: Unit, flow: Flow
) -> None:
    older = make_issue(editor_a, unit_a, 2025, 12)
    newer = make_issue(editor_a, unit_a, 2026, 4)
    hidden = make_issue(editor_a, unit_a, 2026, 5)
    perform(editor_a, hidden.pk, "submit")  # under review: not public
    for made in (issue, older, newer):
        flow(made.item)
    html = page(reverse("portal:gazette"))
    positions = [html.index(issue_url(i)) for i in (newer, issue, older)]
    assert positions == sorted(positions)
    assert html.index("2026年（2期）") < html.index("2025年（1期）")
    assert issue_url(hidden) not in html
    page(issue_url(hidden), 404)


def test_issue_page_shows_contents_pdf_and_excerpt(issue: GazetteIssue, editor_a: Any, flow: Flow) -> None:
    services.add_entry(editor_a, issue, title="关于供热保障的通知", doc_number="康政发〔2026〕3号", page=3)
    flow(issue.item)
    html = page(issue_url(issue))
    assert "测试区民政局公报 2026年第3期" in html
    assert "关于供热保障的通知" in html and "康政发〔2026〕3号" in html and "第3页" in html
    pdf = GazetteIssue.objects.get(pk=issue.pk).pdf
    download = reverse("portal:attachment", args=[issue.pk, pdf.pk])
    assert download in html and "2页" in html
    assert "Kangbashi Gazette 2026 No. 3" in html  # the excerpt of the extracted text
    response = Client().get(download)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF-")


def test_contents_link_only_to_public_documents(issue: GazetteIssue, document: Item, editor_a: Any, flow: Flow) -> None:
    services.add_entry(editor_a, issue, title="供热通知", document=document)
    flow(issue.item)
    document_url = reverse("portal:item", args=[document.pk])
    assert document_url not in page(issue_url(issue))  # the document is still a draft
    flow(document)
    assert f'href="{document_url}"' in page(issue_url(issue))


def test_a_revision_in_progress_does_not_show(issue: GazetteIssue, editor_a: Any, flow: Flow) -> None:
    services.add_entry(editor_a, issue, title="原目录条目")
    flow(issue.item)
    old_pdf = GazetteIssue.objects.get(pk=issue.pk).pdf_id
    item = perform(editor_a, issue.pk, "revise")
    entry = issue.entries.get(revision=None)
    services.update_entry(editor_a, entry, title="修订中的条目")
    services.add_entry(editor_a, issue, title="新增条目")
    services.set_pdf(editor_a, issue, "corrected.pdf", make_pdf([["Corrected edition"]]))
    html = page(issue_url(issue))
    assert "原目录条目" in html and "修订中的条目" not in html and "新增条目" not in html
    assert reverse("portal:attachment", args=[issue.pk, old_pdf]) in html
    assert "Corrected edition" not in html
    assert "Corrected" not in access.public_text(GazetteIssue.objects.select_related("item").get(pk=issue.pk))
    item_services.update_item(editor_a, item, item.version, change_note="更正目录")
    flow(Item.objects.get(pk=issue.pk))
    html = page(issue_url(issue))
    assert "原目录条目" not in html and "修订中的条目" in html and "新增条目" in html
    assert "Corrected edition" in html
    assert reverse("portal:attachment", args=[issue.pk, old_pdf]) not in html


def test_withdrawn_issue_keeps_its_page_without_contents(
    issue: GazetteIssue, editor_a: Any, signer_a: Any, flow: Flow
) -> None:
    services.add_entry(editor_a, issue, title="某篇目")
    flow(issue.item)
    perform(signer_a, issue.pk, "withdraw", reason="期号有误", reason_code="error")
    html = page(issue_url(issue))
    assert "本期公报已撤回" in html and "期号有误" in html
    assert "某篇目" not in html and "/attachments/" not in html
    assert "已撤回" in page(reverse("portal:gazette"))
    assert access.public_text(GazetteIssue.objects.select_related("item").get(pk=issue.pk)) == ""


def test_disclosure_page_links_the_archive(db: Any) -> None:
    assert reverse("portal:gazette") in page(reverse("portal:disclosure"))

"""The privacy guard (issue 24, item 3): personal data in the title, the body or any attachment's
text stops signing and publication with a refusal naming the place; masked lists, office phone
numbers and 文号 publish untouched; a reviewer's recorded legal basis lets an item through; an
unread or unreadable file blocks. And the take-down and replacement of one file (item 4)."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import Any

import openpyxl
import pytest
from django.test import Client

from gongkai.audit.models import AuditEntry
from gongkai.publishing import attachments, textlayer
from gongkai.publishing.models import Attachment, Item, ItemEvent, State, TextState
from gongkai.publishing.privacy import PrivacyConflict
from gongkai.publishing.services import Conflict
from gongkai.publishing.workflow import drive, perform
from tests.publishing.fixtures import builders

ID_ROWS = [("姓名", "身份证号", "金额"), ("张三", "150203199001011232", 500), ("李四", "11010519491231002X", 300)]
MASKED_ROWS = [("姓名", "身份证号", "金额"), ("张*", "150203********1232", 500), ("李*", "110105********002X", 300)]


def xlsx(rows: list[tuple[Any, ...]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "名单"
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def attach(
    editor_a: Any, django_capture_on_commit_callbacks: Callable[..., AbstractContextManager[Any]]
) -> Callable[[Item, str, bytes], Attachment]:
    """Upload as the editor does; the reading job runs when the upload commits."""

    def run(item: Item, name: str, data: bytes) -> Attachment:
        with django_capture_on_commit_callbacks(execute=True):
            added = attachments.add_attachment(editor_a, item, name, data)
        return Attachment.objects.get(pk=added.pk)

    return run


@pytest.fixture
def approved(draft: Item, reviewer_a: Any) -> Iterator[Callable[..., Item]]:
    def run(item: Item | None = None, **approve: Any) -> Item:
        item = item or draft
        perform(item.author, item.pk, "submit")
        return perform(reviewer_a, item.pk, "approve", **approve)

    yield run


def test_a_spreadsheet_of_id_numbers_cannot_be_signed_and_the_cells_are_named(
    draft: Item, attach: Any, approved: Any, signer_a: Any
) -> None:
    listed = attach(draft, "名单.xlsx", xlsx(ID_ROWS))
    assert listed.text_state == TextState.READ  # a small spreadsheet is read at once, on upload
    assert listed.findings == [
        {"where": "工作表“名单”单元格B2", "kind": "id_number", "count": 1},
        {"where": "工作表“名单”单元格B3", "kind": "id_number", "count": 1},
    ]
    approved()
    with pytest.raises(PrivacyConflict) as refused:
        perform(signer_a, draft.pk, "sign")
    assert refused.value.field == "attachments"
    assert [p.as_dict() for p in refused.value.findings] == [
        {"where": "附件“名单.xlsx”工作表“名单”单元格B2", "kind": "id_number", "count": 1},
        {"where": "附件“名单.xlsx”工作表“名单”单元格B3", "kind": "id_number", "count": 1},
    ]
    assert "单元格B2：身份证号1处" in refused.value.message
    assert Item.objects.get(pk=draft.pk).state == State.APPROVED


def test_the_same_list_masked_is_published_and_office_numbers_pass(
    draft: Item, attach: Any, reviewer_a: Any, signer_a: Any
) -> None:
    draft.body_html = "<p>根据康民发〔2026〕8号文件，现予公示。咨询电话：0477-8581239，邮箱gkb@kbs.gov.cn。</p>"
    draft.save()
    attach(draft, "名单（公示）.xlsx", xlsx(MASKED_ROWS))
    published = drive(draft.pk, draft.author, reviewer_a, signer_a)
    assert published.state == State.PUBLISHED
    assert "0477-8581239" in published.published_revision.body_html  # type: ignore[union-attr]


def test_personal_data_in_the_title_or_body_is_refused_naming_the_field(
    draft: Item, approved: Any, signer_a: Any
) -> None:
    draft.title = "关于张三（13904780001）的公示"
    draft.save()
    approved()
    with pytest.raises(PrivacyConflict) as refused:
        perform(signer_a, draft.pk, "sign")
    assert refused.value.field == "title" and refused.value.findings[0].kind == "mobile"


def test_the_reviewers_legal_basis_lets_it_through_and_is_kept(
    draft: Item, attach: Any, approved: Any, signer_a: Any
) -> None:
    attach(draft, "名单.xlsx", xlsx(ID_ROWS))
    basis = "经权利人书面同意公开（同意书存档）"
    approved(privacy_basis=basis)
    assert perform(signer_a, draft.pk, "sign").state == State.SIGNED
    assert Item.objects.get(pk=draft.pk).privacy_basis == basis
    note = ItemEvent.objects.get(item=draft, action="approve").note
    assert basis in note and AuditEntry.objects.filter(action="item.approve").exists()
    perform(signer_a, draft.pk, "return", note="请补充说明")
    perform(draft.author, draft.pk, "submit")
    assert Item.objects.get(pk=draft.pk).privacy_basis == ""  # a new review needs a new basis


def test_a_file_not_yet_read_or_unreadable_blocks(draft: Item, editor_a: Any, approved: Any, signer_a: Any) -> None:
    pending = attachments.add_attachment(editor_a, draft, "扫描件.png", builders.png())  # OCR: a job, not yet run
    approved()
    with pytest.raises(PrivacyConflict, match="尚未读取完毕"):
        perform(signer_a, draft.pk, "sign")
    Attachment.objects.filter(pk=pending.pk).update(text_state=TextState.UNREADABLE, text_reason="文件已损坏")
    with pytest.raises(Conflict, match="文件已损坏"):
        perform(signer_a, draft.pk, "sign")


def test_a_file_taken_down_leaves_the_public_site_and_a_masked_one_replaces_it(
    draft: Item, attach: Any, reviewer_a: Any, signer_a: Any, editor_a: Any, office: Any, client: Client
) -> None:
    old = attach(draft, "名单（公示）.xlsx", xlsx(MASKED_ROWS))
    drive(draft.pk, draft.author, reviewer_a, signer_a)
    page = f"/xxgk/items/{draft.pk}/"
    assert "名单（公示）.xlsx" in client.get(page).content.decode()
    with pytest.raises(Exception, match="原因"):
        attachments.take_down(office, old, "  ")
    attachments.take_down(office, old, "发现未去标识化的内容")
    assert "名单（公示）.xlsx" not in client.get(page).content.decode()
    assert client.get(f"{page}attachments/{old.pk}/").status_code == 404
    assert Item.objects.get(pk=draft.pk).state == State.PUBLISHED  # the item stays public
    assert AuditEntry.objects.filter(action="attachment.taken_down").count() == 1
    with pytest.raises(Conflict):
        attachments.take_down(office, Attachment.objects.get(pk=old.pk), "再次下架")
    new = attachments.replace(editor_a, Attachment.objects.get(pk=old.pk), "名单（去标识化）.xlsx", xlsx(MASKED_ROWS))
    textlayer.read(new)
    item = Item.objects.get(pk=draft.pk)
    assert item.state == State.DRAFT and "名单（公示）.xlsx" in item.change_note
    drive(draft.pk, draft.author, reviewer_a, signer_a)
    html = client.get(page).content.decode()
    assert "名单（去标识化）.xlsx" in html and f"attachments/{old.pk}/" not in html  # the change note names it
    assert Attachment.objects.get(pk=new.pk).replaces_id == old.pk

"""An editor, a reviewer and a signer take an item from the Word file to the public page
through the workbench forms (the browser version of this is tests/browser/test_publish_e2e.py)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import docx
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.orgs.models import Unit
from gongkai.publishing.models import Attachment, Item
from tests.publishing.fixtures import builders


def word_file() -> SimpleUploadedFile:
    document = docx.Document()
    document.add_paragraph("康民发〔2026〕8号")
    document.add_heading("关于调整城乡居民最低生活保障标准的通知", level=1)
    document.add_paragraph("各街道办事处：")
    document.add_paragraph("经区人民政府同意，现将有关事项通知如下。")
    document.add_paragraph("2026年9月20日")
    buffer = io.BytesIO()
    document.save(buffer)
    return SimpleUploadedFile("通知.docx", buffer.getvalue())


def form_data(**extra: Any) -> dict[str, Any]:
    return {
        "title": "",
        "topic": "civil",
        "genre": "notice",
        "formed_on": "2026-09-25",
        "validity": "valid",
        "disclosure_mode": "proactive",
        "doc_number": "",
        "change_note": "",
        "body_html": "",
        **extra,
    }


def test_word_file_to_public_page(
    editor_a: Any,
    reviewer_a: Any,
    signer_a: Any,
    unit_a: Unit,
    site: Any,
    logged_in: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    editor = logged_in(editor_a)
    response = editor.post(reverse("workbench:item_create"), form_data(unit=unit_a.pk, word_file=word_file()))
    assert response.status_code == 302, response.content.decode()[:2000]
    item = Item.objects.get()
    assert item.title == "关于调整城乡居民最低生活保障标准的通知"
    assert item.doc_number == "康民发〔2026〕8号" and item.written_on == dt.date(2026, 9, 20)
    assert "经区人民政府同意" in item.body_html
    with django_capture_on_commit_callbacks(execute=True):  # the file's text is read once the upload commits
        editor.post(
            reverse("workbench:attachment_add", args=[item.pk]), {"file": SimpleUploadedFile("附件.pdf", builders.PDF)}
        )
    assert Attachment.objects.get(item=item, kind="pdf").text_state == "read"
    bad = editor.post(
        reverse("workbench:attachment_add", args=[item.pk]),
        {"file": SimpleUploadedFile("病毒.pdf", b"MZ\x90\x00 not a pdf")},
        follow=True,
    )
    assert "附件未保存" in bad.content.decode() and Attachment.objects.filter(item=item).count() == 1
    assert Attachment.objects.get(item=item).warning == ""  # a plain PDF: nothing to warn of
    scripted = builders.PDF.replace(b"/Type/Catalog", b"/Type/Catalog/OpenAction<</S/JavaScript/JS(app.alert(1))>>", 1)
    editor.post(reverse("workbench:attachment_add", args=[item.pk]), {"file": SimpleUploadedFile("表单.pdf", scripted)})
    warned = Attachment.objects.get(item=item, name="表单.pdf")  # issue 15, point 6: kept, and staff are warned
    assert "脚本" in warned.warning
    page = logged_in(reviewer_a).get(reverse("workbench:item", args=[item.pk])).content.decode()
    assert warned.warning in page
    editor.post(reverse("workbench:attachment_remove", args=[item.pk, warned.pk]))

    def act(client: Any, action: str, **extra: Any) -> None:
        version = Item.objects.get(pk=item.pk).version
        client.post(reverse("workbench:item_action", args=[item.pk]), {"action": action, "version": version, **extra})

    act(editor, "submit")
    reviewer = logged_in(reviewer_a)
    assert "审核：" in reviewer.get(reverse("workbench:inbox")).content.decode()
    act(reviewer, "approve")  # without the two confirmations: refused
    assert Item.objects.get(pk=item.pk).state == "submitted"
    act(reviewer, "approve", secrecy_checked="on", content_checked="on")
    act(logged_in(signer_a), "sign")
    act(logged_in(signer_a), "publish")
    item.refresh_from_db()
    assert item.state == "published" and item.index_number
    page = logged_in(signer_a).get(reverse("portal:item", args=[item.pk])).content.decode()
    assert "关于调整城乡居民最低生活保障标准的通知" in page and item.index_number in page


def test_stale_form_is_refused_not_overwritten(editor_a: Any, unit_a: Unit, logged_in: Any) -> None:
    editor = logged_in(editor_a)
    editor.post(reverse("workbench:item_create"), form_data(unit=unit_a.pk, title="原标题"))
    item = Item.objects.get()
    url = reverse("workbench:item_edit", args=[item.pk])
    assert editor.post(url, form_data(title="第一人", version=item.version)).status_code == 302
    stale = editor.post(url, form_data(title="第二人", version=item.version))
    assert stale.status_code == 409 and "他人修改" in stale.content.decode()
    assert Item.objects.get(pk=item.pk).title == "第一人"


def test_macro_word_file_is_refused(editor_a: Any, unit_a: Unit, logged_in: Any) -> None:
    response = logged_in(editor_a).post(
        reverse("workbench:item_create"),
        form_data(unit=unit_a.pk, word_file=SimpleUploadedFile("通知.docx", b"PK\x03\x04garbage")),
    )
    assert response.status_code == 422 and not Item.objects.exists()


def test_a_refused_macro_word_file_keeps_what_the_editor_typed(editor_a: Any, unit_a: Unit, logged_in: Any) -> None:
    macros = builders.with_entries(builders.docx(), {"word/vbaProject.bin": b"\xcc\x61" + bytes(64)})
    typed = {
        "title": "关于开展冬季供暖检查的通知",
        "doc_number": "康住建发〔2026〕15号",
        "formed_on": "2026-10-12",
        "change_note": "",
    }
    response = logged_in(editor_a).post(
        reverse("workbench:item_create"),
        form_data(unit=unit_a.pk, **typed, word_file=SimpleUploadedFile("通知.docx", macros)),
    )
    page = response.content.decode()
    assert response.status_code == 422 and not Item.objects.exists()
    assert "文件含有宏，请另存为不含宏的文档后再上传" in page
    for value in ("关于开展冬季供暖检查的通知", "康住建发〔2026〕15号", "2026-10-12"):
        assert f'value="{value}"' in page, value
    assert f'<option value="{unit_a.pk}" selected>' in page


def test_deadlines_page_shows_the_rate_and_what_is_due_soon(
    editor_a: Any, reviewer_a: Any, signer_a: Any, unit_a: Unit, logged_in: Any, office: Any
) -> None:
    from gongkai.publishing import services
    from gongkai.publishing.workflow import drive, perform

    def publish(item: Item, on: dt.datetime) -> Item:
        with time_machine.travel(on, tick=False):
            return drive(item.pk, item.author, reviewer_a, signer_a)

    def new(title: str, formed_on: dt.date) -> Item:
        return services.create_item(editor_a, unit_a, title=title, formed_on=formed_on, genre="notice", topic="civil")

    publish(new("按时公开的信息", dt.date(2026, 3, 2)), dt.datetime(2026, 3, 20, 2, tzinfo=dt.UTC))  # due 03-30
    publish(new("超期公开的信息", dt.date(2026, 3, 2)), dt.datetime(2026, 4, 10, 2, tzinfo=dt.UTC))
    revised = perform(
        editor_a,
        publish(new("已发布后变更的信息", dt.date(2026, 3, 2)), dt.datetime(2026, 3, 20, 2, tzinfo=dt.UTC)).pk,
        "revise",
    )
    services.update_item(editor_a, revised, revised.version, formed_on=dt.date(2026, 9, 25), change_note="标准调整")
    new("临近期限的信息", dt.date(2026, 9, 25))  # due 10-29, like the revision
    with time_machine.travel(dt.datetime(2026, 10, 27, 2, tzinfo=dt.UTC), tick=False):
        page = logged_in(office).get(reverse("workbench:item_deadlines")).content.decode()
    soon = page.split("3个工作日内到期（2）")[1].split("</table>")[0]
    assert "临近期限的信息" in soon and "已发布后变更的信息" in soon and "修订，信息已变更" in soon
    assert "已逾期（0）" in page
    row = next(line for line in page.splitlines() if unit_a.name in line and "%" in line)
    # 3 publications due in the year so far: 2 on time, 1 late; nothing overdue.
    assert row.count("<td>") == 6 and "<td>3</td><td>2</td><td>1</td><td>0</td><td>67%</td>" in row


def test_deadline_list(editor_a: Any, unit_a: Unit, logged_in: Any, office: Any) -> None:
    from gongkai.publishing import services

    services.create_item(
        editor_a, unit_a, title="逾期未公开的信息", formed_on=dt.date(2026, 3, 2), genre="notice", topic="general"
    )
    with time_machine.travel(dt.datetime(2026, 5, 6, 2, tzinfo=dt.UTC), tick=False):
        page = logged_in(office).get(reverse("workbench:item_deadlines")).content.decode()
    assert "逾期未公开的信息" in page and "已逾期（1）" in page


def test_reviewer_is_warned_of_personal_data(editor_a: Any, unit_a: Unit, reviewer_a: Any, logged_in: Any) -> None:
    from gongkai.publishing import services

    item = services.create_item(
        editor_a,
        unit_a,
        title="临时救助名单",
        formed_on=dt.date(2026, 3, 2),
        genre="notice",
        topic="civil",
        body_html="<p>张三 150603199001011234 13912345678 咨询电话0477-8581239</p>",
    )
    page = logged_in(reviewer_a).get(reverse("workbench:item", args=[item.pk])).content.decode()
    assert "含有未去标识化的个人信息2处" in page and "0477-8581239</mark>" not in page  # an office landline is public


def test_the_editor_sees_the_cells_holding_id_numbers_and_the_signer_is_refused(
    editor_a: Any, reviewer_a: Any, signer_a: Any, unit_a: Unit, logged_in: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """Issue 24, item 3, as the workbench shows it: the list is read after upload, the editor's
    page names each cell with the number marked, the reviewer may give a basis, the signer who
    signs without one is refused with the places."""
    from gongkai.publishing import services
    from tests.publishing.test_privacy_guard import ID_ROWS, xlsx

    item = services.create_item(
        editor_a, unit_a, title="救助名单", formed_on=dt.date(2026, 3, 2), genre="notice", topic="civil"
    )
    editor = logged_in(editor_a)
    with django_capture_on_commit_callbacks(execute=True):
        upload = SimpleUploadedFile("名单.xlsx", xlsx(ID_ROWS))
        editor.post(reverse("workbench:attachment_add", args=[item.pk]), {"file": upload})
    page = editor.get(reverse("workbench:item", args=[item.pk])).content.decode()
    assert "含有未去标识化的个人信息2处" in page
    assert "附件“名单.xlsx”工作表“名单”单元格B2" in page and "<mark>150203199001011232</mark>" in page
    assert "已读取，含有个人信息" in page
    submit = {"action": "submit", "version": Item.objects.get(pk=item.pk).version}
    editor.post(reverse("workbench:item_action", args=[item.pk]), submit)
    version = Item.objects.get(pk=item.pk).version
    reviewer = logged_in(reviewer_a)
    assert "公开个人信息的依据" in reviewer.get(reverse("workbench:item", args=[item.pk])).content.decode()
    approve = {"action": "approve", "version": version, "secrecy_checked": "on", "content_checked": "on"}
    reviewer.post(reverse("workbench:item_action", args=[item.pk]), approve)
    signer = logged_in(signer_a)
    version = Item.objects.get(pk=item.pk).version
    refused = signer.post(
        reverse("workbench:item_action", args=[item.pk]), {"action": "sign", "version": version}, follow=True
    ).content.decode()
    assert "不能签发或发布" in refused and "单元格B3：身份证号1处" in refused
    assert Item.objects.get(pk=item.pk).state == "approved"

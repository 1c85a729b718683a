"""End to end in Chromium: an editor, a reviewer and a signer take an item from the signed Word
file to the public page, each in their own browser session, as people would."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import docx
import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Page, expect

from gongkai.orgs.models import Membership, SiteProfile, Unit
from gongkai.publishing.models import Item
from tests.browser.conftest import blocking, describe, keep_screenshot, run_axe
from tests.builders import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def people(demo_site: SiteProfile) -> dict[str, Any]:
    unit = Unit.objects.get(name="康巴什区民政局")
    made = {}
    for role in ("editor", "reviewer", "signer"):
        user = get_user_model().objects.create_user(username=role, password=PASSWORD)
        Membership.objects.create(user=user, unit=unit, role=role)
        made[role] = user
    return made


def signed_word_file(tmp_path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("康民发〔2026〕15号")
    document.add_heading("关于开展2026年度困难群众冬季救助工作的通知", level=1)
    document.add_paragraph("各街道办事处：")
    document.add_paragraph("为切实保障困难群众温暖过冬，现就有关工作通知如下。")
    document.add_heading("一、救助对象", level=2)
    document.add_paragraph("城乡最低生活保障对象、特困供养人员。")
    document.add_paragraph("2026年11月2日")
    path = tmp_path / "冬季救助通知.docx"
    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def log_in(new_context: Any, live_server: Any, username: str) -> Page:
    page = new_context().new_page()
    page.goto(live_server.url + "/workbench/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(live_server.url + "/workbench/")
    return page


def act(page: Page, live_server: Any, item: Item, button: str) -> None:
    page.goto(f"{live_server.url}/workbench/items/{item.pk}/")
    with page.expect_navigation():
        page.get_by_role("button", name=button, exact=True).click()


def test_word_file_to_public_page(new_context: Any, live_server: Any, people: dict[str, Any], tmp_path: Path) -> None:
    editor = log_in(new_context, live_server, "editor")
    editor.goto(live_server.url + "/workbench/items/new/")
    editor.get_by_label("形成或变更日期").fill("2026-11-02")
    editor.get_by_label("上传已签发的Word文件（.docx）").set_input_files(str(signed_word_file(tmp_path)))
    editor.get_by_role("button", name="保存草稿").click()
    editor.wait_for_url("**/workbench/items/*/")
    item = Item.objects.get()
    assert item.title == "关于开展2026年度困难群众冬季救助工作的通知"
    assert item.doc_number == "康民发〔2026〕15号"
    expect(editor.get_by_role("heading", level=1, name=item.title)).to_be_visible()
    problems = blocking(run_axe(editor))
    assert not problems, describe(problems)
    act(editor, live_server, item, "提交审核")

    reviewer = log_in(new_context, live_server, "reviewer")
    reviewer.goto(f"{live_server.url}/workbench/items/{item.pk}/")
    reviewer.get_by_label("已完成保密审查（条例第十七条）").check()
    reviewer.get_by_label("已完成内容审核").check()
    with reviewer.expect_navigation():
        reviewer.get_by_role("button", name="审核通过", exact=True).click()

    signer = log_in(new_context, live_server, "signer")
    act(signer, live_server, item, "签发")
    act(signer, live_server, item, "发布")
    item.refresh_from_db()
    assert item.state == "published" and item.index_number

    citizen = new_context().new_page()
    citizen.goto(f"{live_server.url}/xxgk/items/{item.pk}/")
    expect(citizen.get_by_role("heading", level=1, name=item.title)).to_be_visible()
    expect(citizen.get_by_text(item.index_number)).to_be_visible()
    expect(citizen.get_by_text("康民发〔2026〕15号").first).to_be_visible()
    expect(citizen.get_by_text("为切实保障困难群众温暖过冬")).to_be_visible()
    problems = blocking(run_axe(citizen))
    assert not problems, describe(problems)


def test_a_list_of_id_numbers_cannot_be_signed_and_the_editor_sees_the_cells(
    new_context: Any, live_server: Any, people: dict[str, Any], tmp_path: Path
) -> None:
    """Issue 24 in Chromium: the editor uploads a spreadsheet of ID numbers and is shown each
    cell with the number marked (read on upload); the signer's 签发 is refused naming the cells."""
    from tests.publishing.test_privacy_guard import ID_ROWS, xlsx

    editor = log_in(new_context, live_server, "editor")
    editor.goto(live_server.url + "/workbench/items/new/")
    editor.get_by_label("形成或变更日期").fill("2026-11-02")
    editor.get_by_label("上传已签发的Word文件（.docx）").set_input_files(str(signed_word_file(tmp_path)))
    editor.get_by_role("button", name="保存草稿").click()
    editor.wait_for_url("**/workbench/items/*/")
    item = Item.objects.get()
    listed = tmp_path / "救助对象名单.xlsx"
    listed.write_bytes(xlsx(ID_ROWS))
    editor.get_by_label("上传附件（PDF、Word、Excel、OFD、图片，最大50MB）").set_input_files(str(listed))
    with editor.expect_navigation():
        editor.get_by_role("button", name="上传", exact=True).click()
    found = editor.get_by_role("alert").filter(has_text="含有未去标识化的个人信息2处")
    expect(found).to_be_visible()
    expect(found.get_by_text("附件“救助对象名单.xlsx”工作表“名单”单元格B2")).to_be_visible()
    expect(found.locator("mark").first).to_have_text("150203199001011232")
    problems = blocking(run_axe(editor))
    assert not problems, describe(problems)
    keep_screenshot(editor, "privacy-guard-editor.png")
    act(editor, live_server, item, "提交审核")

    reviewer = log_in(new_context, live_server, "reviewer")
    reviewer.goto(f"{live_server.url}/workbench/items/{item.pk}/")
    expect(reviewer.get_by_label("公开个人信息的依据（条例第十五条）")).to_be_visible()
    reviewer.get_by_label("已完成保密审查（条例第十七条）").check()
    reviewer.get_by_label("已完成内容审核").check()
    with reviewer.expect_navigation():
        reviewer.get_by_role("button", name="审核通过", exact=True).click()

    signer = log_in(new_context, live_server, "signer")
    act(signer, live_server, item, "签发")
    expect(signer.get_by_text("单元格B3：身份证号1处", exact=False).first).to_be_visible()
    item.refresh_from_db()
    assert item.state == "approved"

"""Issue 17, point 13 in Chromium, on a phone (390 px) and a desktop (1366 px): a citizen applies
online choosing to receive the reply online, tracks the application, sees the dated steps, passes
the second check with the last four digits of their phone and downloads the reply letter.
Nothing personal is on the page before the check."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from playwright.sync_api import Page, expect

from gongkai.foi import handling
from gongkai.foi.models import Request
from gongkai.orgs.models import Membership, Role, SiteProfile, Unit
from tests.browser.conftest import blocking, describe, keep_screenshot, run_axe
from tests.browser.test_foi_public import ID_NUMBER, answer_captcha

pytestmark = pytest.mark.browser

APPLIED_AT = dt.datetime(2026, 11, 2, 2, tzinfo=dt.UTC)
PHONE = "13912345678"
PERSONAL = ["王淑芬", PHONE, ID_NUMBER, "wangshufen@example.com", "青春山街道某小区8号楼"]
VIEWPORTS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}


def apply_online(page: Page) -> None:
    page.get_by_label("申请的机关").select_option(label="康巴什区民政局")
    page.get_by_label("申请人类型").select_option(label="自然人")
    page.get_by_label("姓名或名称").fill("王淑芬")
    page.get_by_label("证件号码").fill(ID_NUMBER)
    page.get_by_label("联系电话").fill(PHONE)
    page.get_by_label("电子邮箱").fill("wangshufen@example.com")
    page.get_by_label("通信地址").fill("康巴什区青春山街道某小区8号楼")
    page.get_by_label("所需政府信息的名称、文号或者便于查询的其他特征性描述").fill(
        "2026年城乡居民最低生活保障标准调整的测算依据。"
    )
    page.get_by_label("电子", exact=True).check()
    page.get_by_label("网上获取", exact=True).check()
    answer_captcha(page)
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_url("**/xxgk/apply/receipt/*/")


def reply(request_obj: Request, django_user_model: Any) -> None:
    """The handler replies (through the domain: the workbench's own tests drive its pages)."""
    handler = django_user_model.objects.create_user("handler-ux", password="x" * 16)
    Membership.objects.create(user=handler, unit=request_obj.unit, role=Role.HANDLER)
    on = request_obj.received_on
    handling.record_event(handler, request_obj.pk, "replied", on, outcome="disclosed", provided="随本告知书提供")


@time_machine.travel(APPLIED_AT, tick=True)
@pytest.mark.parametrize("size", sorted(VIEWPORTS))
def test_the_applicant_tracks_the_case_and_downloads_the_reply_after_the_check(
    new_context: Any, live_server: Any, demo_site: SiteProfile, django_user_model: Any, size: str
) -> None:
    page = new_context(viewport=VIEWPORTS[size], accept_downloads=True).new_page()
    page.goto(live_server.url + "/xxgk/apply/")
    apply_online(page)
    request_obj = Request.objects.get()
    assert request_obj.unit == Unit.objects.get(name="康巴什区民政局")
    reply(request_obj, django_user_model)

    page.get_by_role("link", name="查询办理进度").click()
    page.wait_for_url("**/xxgk/apply/track/?code=*")
    steps = page.locator(".foi-steps")
    expect(steps).to_contain_text("收到申请并登记")
    expect(steps).to_contain_text("作出答复")
    expect(page.locator(".foi-case")).to_contain_text("王**")
    expect(page.locator(".foi-case")).to_contain_text("2026年城乡居民最低生活保障标准调整的测算依据")
    html = page.content()
    for value in PERSONAL:
        assert value not in html, value
    expect(page.get_by_role("link", name="下载答复告知书（Word）")).to_have_count(0)

    page.get_by_label("联系电话后四位").fill("1234")
    page.get_by_role("button", name="验证并查看文书").click()
    expect(page.locator("#foi-check-error")).to_contain_text("联系电话后四位不正确")
    page.get_by_label("联系电话后四位").fill(PHONE[-4:])
    page.get_by_role("button", name="验证并查看文书").click()
    word = page.get_by_role("link", name="下载答复告知书（Word）")
    expect(word).to_be_visible()
    with page.expect_download() as download:
        word.click()
    assert download.value.suggested_filename.endswith(".docx")
    assert download.value.suggested_filename.startswith("答复告知书")
    problems = blocking(run_axe(page))
    assert not problems, describe(problems)
    keep_screenshot(page, f"ux/13-tracking-after-{size}.png")

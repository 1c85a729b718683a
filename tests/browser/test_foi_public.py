"""依申请公开 in Chromium: a citizen applies from the home page, keeps the receipt, tracks it;
every page is axe-clean in the three reading modes and fits a phone.

The CAPTCHA answer is derived from the hidden token and the secret key, as only a test can.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from playwright.sync_api import Page, expect

from gongkai.foi import idcard, intake
from gongkai.foi.models import Request
from gongkai.orgs.models import SiteProfile, Unit
from gongkai.portal import captcha
from gongkai.portal.context import A11Y_COOKIE
from tests.browser.conftest import axe_in_mode, blocking, describe

pytestmark = pytest.mark.browser

MODES = ["standard", "large", "contrast"]
ID_NUMBER = idcard.make("15060219800101123")
WRONG_ID = ID_NUMBER[:17] + ("0" if ID_NUMBER[17] != "0" else "1")


def fill_application(page: Page, id_number: str = ID_NUMBER) -> None:
    """Fill the form as a person would: pick, type, tick, read the picture."""
    page.get_by_label("申请的机关").select_option(label="康巴什区民政局")
    page.get_by_label("申请人类型").select_option(label="自然人")
    page.get_by_label("姓名或名称").fill("王淑芬")
    page.get_by_label("证件号码").fill(id_number)
    page.get_by_label("联系电话").fill("13912345678")
    page.get_by_label("电子邮箱").fill("wangshufen@example.com")
    page.get_by_label("通信地址").fill("康巴什区青春山街道某小区8号楼")
    page.get_by_label("邮政编码").fill("017010")
    page.get_by_label("所需政府信息的名称、文号或者便于查询的其他特征性描述").fill(
        "2026年城乡居民最低生活保障标准调整的通知及测算依据"
    )
    page.get_by_label("电子", exact=True).check()
    page.get_by_label("电子邮件", exact=True).check()
    answer_captcha(page)


def answer_captcha(page: Page) -> None:
    token = page.locator('input[name="captcha_0"]').input_value()
    page.get_by_label("验证码", exact=True).fill(captcha.answer_for(token))


def open_in_mode(new_context: Any, live_server: Any, mode: str, path: str, **options: Any) -> Page:
    context = new_context(**options)
    if mode != "standard":
        context.add_cookies([{"name": A11Y_COOKIE, "value": mode, "url": live_server.url}])
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.errors = errors  # type: ignore[attr-defined]
    page.goto(live_server.url + path)
    return page


def assert_accessible(page: Page, mode: str, name: str) -> None:
    problems = blocking(axe_in_mode(page, mode))  # AAA text contrast in the high-contrast mode
    assert not problems, f"{name} ({mode}):\n{describe(problems)}"
    refused = [error for error in page.errors if "404" not in error]  # type: ignore[attr-defined]
    assert not refused, refused  # nothing refused by the Content-Security-Policy


@pytest.fixture
def registered(demo_site: SiteProfile) -> Request:
    unit = Unit.objects.get(name="康巴什区民政局")
    app = intake.Application(
        applicant_type="natural_person",
        name="王淑芬",
        id_number=ID_NUMBER,
        phone="13912345678",
        description="2026年城乡居民最低生活保障标准调整的通知及测算依据",
        form="electronic",
        delivery="online",
        unit_id=unit.pk,
    )
    return intake.register(None, app)


# The server's clock (time-machine patches the live server's thread too): 20 working days after
# a day in December reach into 2027, which the bundled calendar does not hold yet (RULINGS.md 1).
APPLIED_AT = dt.datetime(2026, 11, 2, 2, tzinfo=dt.UTC)


@time_machine.travel(APPLIED_AT, tick=True)
def test_a_citizen_applies_from_the_home_page_and_tracks_the_application(
    page: Page, live_server: Any, demo_site: SiteProfile
) -> None:
    page.goto(live_server.url + "/")
    page.locator(".column-foi").get_by_role("link", name="在线提交政府信息公开申请").click()
    page.wait_for_url("**/xxgk/apply/")
    assert page.get_by_role("heading", level=1).inner_text() == "政府信息公开申请"
    fill_application(page)
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_url("**/xxgk/apply/receipt/*/")

    request_obj = Request.objects.get()
    assert request_obj.channel == "online"
    assert page.get_by_role("heading", level=1).inner_text() == "申请已提交"
    assert page.locator(".foi-code").inner_text() == request_obj.tracking_code
    assert "王淑芬" not in page.content()
    assert ID_NUMBER not in page.content()

    page.get_by_role("link", name="查询办理进度").click()
    page.wait_for_url("**/xxgk/apply/track/?code=*")
    result = page.locator(".foi-result")
    assert "已登记" in result.inner_text()
    assert request_obj.due_on is not None
    due = result.locator(f'time[datetime="{request_obj.due_on:%Y-%m-%d}"]')
    assert due.inner_text() == f"{request_obj.due_on.year}年{request_obj.due_on.month}月{request_obj.due_on.day}日"
    assert not page.errors  # type: ignore[attr-defined]


def test_a_new_captcha_keeps_what_was_typed_without_javascript(
    new_context: Any, live_server: Any, demo_site: SiteProfile
) -> None:
    page = new_context(java_script_enabled=False).new_page()
    page.goto(live_server.url + "/xxgk/apply/")
    page.get_by_label("姓名或名称").fill("王淑芬")
    before = page.locator('input[name="captcha_0"]').input_value()
    page.get_by_role("button", name="看不清验证码？换一张").click()
    expect(page.locator('input[name="captcha_0"]')).not_to_have_value(before)
    assert page.get_by_label("姓名或名称").input_value() == "王淑芬"
    assert not Request.objects.exists()


@pytest.mark.parametrize("mode", MODES)
def test_the_form_is_accessible_also_with_errors(
    new_context: Any, live_server: Any, demo_site: SiteProfile, mode: str
) -> None:
    page = open_in_mode(new_context, live_server, mode, "/xxgk/apply/")
    assert_accessible(page, mode, "form")
    fill_application(page, id_number=WRONG_ID)
    page.get_by_role("button", name="提交申请").click()
    expect(page.locator("#id_id_number_error")).to_be_visible()
    assert "校验码错误" in page.locator(".error-summary").inner_text()
    assert page.get_by_label("姓名或名称").input_value() == "王淑芬"
    assert not Request.objects.exists()
    page.errors.clear()  # type: ignore[attr-defined]  # the 422 itself is reported on the console
    assert_accessible(page, mode, "form with errors")


@pytest.mark.parametrize("mode", MODES)
def test_the_receipt_and_tracking_pages_are_accessible(
    new_context: Any, live_server: Any, registered: Request, mode: str
) -> None:
    page = open_in_mode(new_context, live_server, mode, f"/xxgk/apply/receipt/{registered.tracking_code}/")
    assert_accessible(page, mode, "receipt")
    page.goto(f"{live_server.url}/xxgk/apply/track/?code={registered.tracking_code}")
    page.locator(".foi-states summary").click()  # the state explanations, opened
    assert_accessible(page, mode, "tracking")
    page.goto(f"{live_server.url}/xxgk/apply/track/?code=YSQ-2026-AAAA-BBBB")
    page.errors.clear()  # type: ignore[attr-defined]  # the 404 itself
    assert_accessible(page, mode, "tracking, code not found")


@pytest.mark.parametrize("mode", ["standard", "large"])
def test_the_pages_fit_a_phone_without_horizontal_scroll(
    new_context: Any, live_server: Any, registered: Request, mode: str
) -> None:
    paths = [
        "/xxgk/apply/",
        f"/xxgk/apply/receipt/{registered.tracking_code}/",
        f"/xxgk/apply/track/?code={registered.tracking_code}",
    ]
    phone = {"viewport": {"width": 375, "height": 812}, "device_scale_factor": 2, "is_mobile": True}
    page = open_in_mode(new_context, live_server, mode, paths[0], **phone)
    for path in paths:
        page.goto(live_server.url + path)
        widths = page.evaluate(
            "() => ({scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth})"
        )
        assert widths["client"] == 375
        assert widths["scroll"] <= widths["client"], f"{path} ({mode}) scrolls sideways: {widths}"

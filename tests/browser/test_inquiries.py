"""政务咨询 in Chromium: a citizen asks a unit, keeps the code, and reads the answer by it; the
pages are axe-clean and fit a phone. With GONGKAI_SCREENSHOTS=1 also writes docs/screenshots/inquiries.png."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from gongkai.orgs.models import SiteProfile, Unit
from gongkai.participation.inquiries import services
from gongkai.participation.models import Inquiry
from tests.browser.conftest import blocking, describe, keep_screenshot, run_axe
from tests.browser.test_foi_public import answer_captcha

pytestmark = pytest.mark.browser


def _accessible(page: Page, name: str) -> None:
    problems = blocking(run_axe(page))
    assert not problems, f"{name}:\n{describe(problems)}"


def _answered_public(unit: Unit) -> None:
    question = services.Question(unit.pk, "赵志强", "13848765432", "小学入学报名时间", "秋季一年级什么时候报名？", True)
    inquiry = services.ask(question)
    Inquiry.objects.filter(pk=inquiry.pk).update(
        state=Inquiry.State.ANSWERED, answer_html="<p>一般在6月下旬，以招生公告为准。</p>",
        answered_on=inquiry.received_on, answered_at=inquiry.received_at,
    )  # fmt: skip


def test_citizen_asks_and_reads_the_answer_by_code(demo_site: SiteProfile, live_server: Any, new_context: Any) -> None:
    unit = Unit.objects.get(name="康巴什区民政局")
    _answered_public(Unit.objects.get(name="康巴什区教育局"))
    page = new_context().new_page()
    page.goto(live_server.url + "/hudong/inquiries/")
    _accessible(page, "inquiries")
    keep_screenshot(page, "inquiries.png")
    page.get_by_label("咨询的单位").select_option(label="康巴什区民政局")
    page.get_by_label("标题", exact=True).fill("低保申请材料")
    page.get_by_label("咨询内容", exact=True).fill("申请城乡低保需要准备哪些材料？")
    page.get_by_label("姓名", exact=True).fill("李桂兰")
    page.get_by_label("联系电话", exact=True).fill("13947712345")
    page.get_by_label("同意答复后公开本咨询（不公开姓名和联系电话）").check()
    answer_captcha(page)
    page.get_by_role("button", name="提交咨询").click()
    page.wait_for_url("**/receipt/**")
    _accessible(page, "receipt")
    code = page.locator(".foi-code").inner_text().strip()
    inquiry = Inquiry.objects.get(tracking_code=code)
    assert inquiry.unit == unit and "李桂兰" not in page.content()
    inquiry.state = Inquiry.State.ANSWERED
    inquiry.answer_html = "<p>请携带户口簿、身份证到街道社会救助窗口申请。</p>"
    inquiry.answered_on, inquiry.answered_at = inquiry.received_on, inquiry.received_at
    inquiry.save()

    phone = new_context(viewport={"width": 375, "height": 740}).new_page()
    phone.goto(live_server.url + "/hudong/inquiries/track/")
    phone.get_by_label("查询码").fill(code.lower())
    phone.get_by_role("button", name="查询").click()
    expect(phone.get_by_text("请携带户口簿、身份证到街道社会救助窗口申请。")).to_be_visible()
    assert phone.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    _accessible(phone, "track (phone)")
    for secret in ("李桂兰", "13947712345"):
        assert secret not in phone.content()

"""The applications workbench in a real browser: a handler takes a letter through a consultation
and a reply, and axe-core finds nothing serious on the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Page, expect

from gongkai.foi import intake
from gongkai.foi.models import Request
from gongkai.orgs.demo import DEMO_DEPARTMENT
from gongkai.orgs.models import Membership, Role, SiteProfile, Unit
from tests.browser.conftest import blocking, describe, run_axe
from tests.builders import PASSWORD
from tests.foi.conftest import CITIZEN, CITIZEN_ID

pytestmark = pytest.mark.browser


@pytest.fixture
def handler(demo_site: SiteProfile) -> Any:
    user = get_user_model().objects.create_user(username="handler", password=PASSWORD, first_name="陈静")
    Membership.objects.create(user=user, unit=Unit.objects.get(name=DEMO_DEPARTMENT), role=Role.HANDLER)
    return user


@pytest.fixture
def letter(handler: Any) -> Request:
    unit = Unit.objects.get(name=DEMO_DEPARTMENT)
    app = intake.Application(
        **{**CITIZEN, "unit_id": unit.pk, "channel": "letter", "received_on": dt.date(2026, 9, 25)}
    )
    return intake.register(handler, app)


def log_in(page: Page, live_server: Any) -> None:
    page.goto(live_server.url + "/workbench/login/")
    page.get_by_label("用户名").fill("handler")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(live_server.url + "/workbench/")


def test_the_application_pages_are_accessible(page: Page, live_server: Any, letter: Request) -> None:
    log_in(page, live_server)
    for path in ["/workbench/requests/?status=all", "/workbench/requests/new/", f"/workbench/requests/{letter.pk}/"]:
        response = page.goto(live_server.url + path)
        assert response is not None and response.status == 200, path
        for summary in page.locator("main details > summary").all():
            summary.click()  # open every step form, so axe sees the fields too
        problems = blocking(run_axe(page))
        assert not problems, f"{path}:\n{describe(problems)}"


def test_a_handler_consults_and_replies_in_the_browser(page: Page, live_server: Any, letter: Request) -> None:
    log_in(page, live_server)
    page.get_by_role("link", name="依申请公开").first.click()
    page.get_by_role("link", name=letter.number).click()
    expect(page.get_by_text("2026-10-29").first).to_be_visible()

    page.get_by_text("征求第三方或其他机关意见", exact=True).click()
    page.locator("#id_consultation_started-on").fill("2026-09-28")
    page.get_by_label("征求意见的对象（第三方或其他机关）").fill("某某科技有限公司")
    page.get_by_label("涉及的信息（写入征求意见函；不要写入申请人的个人信息）").fill("该公司的环境影响评价报告")
    page.get_by_role("button", name="登记：征求第三方或其他机关意见").click()
    expect(page.get_by_text("已登记：征求第三方或其他机关意见")).to_be_visible()
    expect(page.get_by_role("cell", name="征求意见中")).to_be_visible()

    page.get_by_text("征求意见结束", exact=True).click()
    page.locator("#id_consultation_ended-on").fill("2026-10-12")
    page.get_by_role("button", name="登记：征求意见结束").click()
    expect(page.get_by_role("cell", name="2026-11-06").first).to_be_visible()  # six working days added

    page.get_by_text("作出答复", exact=True).click()
    page.locator("#id_replied-on").fill("2026-10-20")
    page.get_by_label("答复结果").select_option("withheld_third_party")
    page.get_by_role("button", name="登记：作出答复").click()
    expect(page.get_by_text("该答复结果须在告知书中载明理由")).to_be_visible()  # the form stays open with the error
    page.get_by_label("理由或说明（写入答复告知书）").fill("该报告含有第三方商业秘密，第三方不同意公开。")
    page.get_by_role("button", name="登记：作出答复").click()
    expect(page.get_by_role("cell", name="答复告知书")).to_be_visible()

    assert CITIZEN_ID not in page.content()
    page.get_by_label("查看完整信息的用途（记入审计日志）").fill("核对送达地址")
    page.get_by_role("button", name="查看完整信息").click()
    expect(page.get_by_text(CITIZEN_ID)).to_be_visible()

"""The office's 提醒邮件 page in Chromium: a mail the server refused every time is shown failed
with the reason, the page is axe-clean, and sending it again works. With GONGKAI_SCREENSHOTS=1
also writes docs/screenshots/reminders.png."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from gongkai.reminders.models import Reminder
from tests.browser.conftest import blocking, describe, keep_screenshot, run_axe
from tests.browser.test_workbench import log_in, office_user  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("office_user")]


def test_the_office_sees_a_failed_reminder_and_sends_it_again(page: Page, live_server: Any) -> None:
    common = {"topic": "foi", "kind": "overdue", "recipients": ["chen.jing@kangbashi.gov.cn"]}
    Reminder.objects.create(
        key="request:1",
        on=dt.date(2026, 12, 4),
        subject="【已超期】政府信息公开申请2026-00007",
        state="failed",
        attempts=5,
        last_error="SMTPServerDisconnected: Connection unexpectedly closed",
        **common,
    )
    Reminder.objects.create(
        key="request:2",
        on=dt.date(2026, 12, 7),
        subject="【已超期】政府信息公开申请2026-00009",
        state="sent",
        attempts=1,
        **common,
    )
    log_in(page, live_server)
    page.get_by_role("link", name="1封提醒邮件发送失败，请检查邮件服务器后重新发送").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("提醒邮件")
    assert "SMTPServerDisconnected" in page.locator("table").inner_text()
    problems = blocking(run_axe(page))
    assert not problems, describe(problems)
    page.goto(live_server.url + "/workbench/reminders/")
    keep_screenshot(page, "reminders.png")

    page.get_by_role("button", name="重新发送").click()
    expect(page.get_by_text("提醒邮件已发送").first).to_be_visible()
    assert not Reminder.objects.filter(state="failed").exists()
    assert not page.get_by_role("button", name="重新发送").count()

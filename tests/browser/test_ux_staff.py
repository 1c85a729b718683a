"""Staff pages in Chromium (issue 17, points 10 and 11): the handler finds a new online application
in 我的待办; the office reads an item's history and the audit log in Chinese — no English action
codes, no raw dictionaries."""

from __future__ import annotations

import datetime as dt
import os
import re
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from gongkai.foi import intake
from gongkai.orgs.models import Role, SiteProfile, Unit
from gongkai.publishing import services, workflow
from tests.browser.conftest import SCREENSHOTS, blocking, describe, run_axe
from tests.builders import PASSWORD, person
from tests.foi.conftest import CITIZEN

pytestmark = pytest.mark.browser
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
CODES = re.compile(r"\b(submit|approve|sign|publish|item\.[a-z_]+|foi\.[a-z_]+|auth\.[a-z_]+)\b")


@pytest.fixture
def staff_world(demo_site: SiteProfile) -> dict[str, Any]:
    unit = Unit.objects.get(name="康巴什区民政局")
    office_unit = Unit.objects.get(name="康巴什区人民政府办公室")
    people = {
        "office": person("office", Role.OFFICE, office_unit),
        "handler": person("handler", Role.HANDLER, unit),
        "editor": person("editor", Role.EDITOR, unit),
        "reviewer": person("reviewer", Role.REVIEWER, unit),
        "signer": person("signer", Role.SIGNER, unit),
    }
    people["editor"].first_name = "李娜"
    people["editor"].save(update_fields=["first_name"])
    item = services.create_item(
        people["editor"], unit, title="关于开展冬季救助工作的通知", formed_on=timezone.localdate(), genre="notice"
    )
    workflow.drive(item.pk, people["editor"], people["reviewer"], people["signer"])
    application = intake.register(None, intake.Application(**{**CITIZEN, "unit_id": unit.pk}))
    return {"item": item, "application": application, **people}


def log_in(new_context: Any, live_server: Any, username: str) -> Page:
    page = new_context(viewport=DESKTOP).new_page()
    page.goto(live_server.url + "/workbench/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(live_server.url + "/workbench/")
    return page


def viewport_shot(page: Page, name: str, locator: Any) -> None:
    """docs/screenshots/ux/<name>-after-{desktop,phone}.png of what ``locator`` shows (the viewport
    only: the pages are long), when asked with GONGKAI_SCREENSHOTS=1."""
    if os.environ.get("GONGKAI_SCREENSHOTS") != "1":
        return
    (SCREENSHOTS / "ux").mkdir(parents=True, exist_ok=True)
    for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        locator.scroll_into_view_if_needed()
        page.screenshot(path=str(SCREENSHOTS / "ux" / f"{name}-after-{label}.png"))
    page.set_viewport_size(DESKTOP)


def test_the_handler_finds_a_new_online_application_in_the_inbox(
    new_context: Any, live_server: Any, staff_world: dict[str, Any]
) -> None:
    application = staff_world["application"]
    assert application.due_on > timezone.localdate() + dt.timedelta(days=10)  # not due soon: new
    page = log_in(new_context, live_server, "handler")
    tasks = page.locator("main table")
    link = tasks.get_by_role("link", name=f"新申请待办理（网上申请）：{application.number}")
    expect(link).to_be_visible()
    assert application.number.startswith("区民政局-")  # readable and unique across units
    assert "calendar missing" not in page.locator("main").inner_text()
    problems = blocking(run_axe(page))
    assert not problems, describe(problems)
    viewport_shot(page, "11-inbox", page.get_by_role("heading", level=1))
    link.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(application.number)


def test_the_office_reads_item_history_and_audit_log_in_chinese(
    new_context: Any, live_server: Any, staff_world: dict[str, Any]
) -> None:
    item = staff_world["item"]
    page = log_in(new_context, live_server, "office")
    page.goto(f"{live_server.url}/workbench/items/{item.pk}/")
    history = page.locator("ol.events")
    expect(history).to_contain_text("信息员 李娜：提交审核")
    expect(history).to_contain_text("审核人 reviewer：审核通过")
    expect(history).to_contain_text("签发")
    assert not CODES.search(history.inner_text()), history.inner_text()
    viewport_shot(page, "10-item-history", history)

    page.goto(f"{live_server.url}/workbench/audit/")
    table = page.locator("main table")
    expect(table).to_contain_text("登记政府信息公开申请")
    expect(table).to_contain_text("状态：已签发待发布 → 已发布")
    text = table.inner_text()
    assert not CODES.search(text), CODES.search(text)
    assert "{'" not in text and '{"' not in text  # no raw dictionaries
    problems = blocking(run_axe(page))
    assert not problems, describe(problems)
    viewport_shot(page, "10-audit", table)

"""任务台账 in Chromium, on the demo ledgers: the office signs in, reads the task list and a task,
types in a task (a bad form first) and opens it for editing; the public reads the 2021 ledger's
progress. Every page is axe-clean. With GONGKAI_SCREENSHOTS=1 also writes docs/screenshots/ledger-tasks.png and
docs/screenshots/ledger-public.png (1280 wide, full page)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import Page, expect

from gongkai.supervision.ledger.demo import TITLE_2021, TITLE_2026, seed_ledger
from gongkai.supervision.ledger.models import Ledger
from tests.browser.conftest import blocking, describe, keep_screenshot, run_axe
from tests.builders import PASSWORD

pytestmark = pytest.mark.browser
NEW_TASK = "编制2027年政务公开工作要点任务清单"


def _accessible(page: Page, name: str) -> None:
    problems = blocking(run_axe(page))
    assert not problems, f"{name}:\n{describe(problems)}"


@pytest.fixture
def demo_ledgers(transactional_db: Any) -> None:
    call_command("seed_demo", verbosity=0)
    seed_ledger()  # seed_demo may already have loaded them: a second run adds nothing
    office = get_user_model().objects.get(username="office")
    office.set_password(PASSWORD)  # seed_demo makes up the passwords
    office.save()


def _log_in(page: Page, live_server: Any) -> None:
    page.goto(live_server.url + "/workbench/login/")
    page.get_by_label("用户名").fill("office")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(live_server.url + "/workbench/")


def test_the_office_reads_and_types_in_tasks(page: Page, live_server: Any, demo_ledgers: None) -> None:
    _log_in(page, live_server)
    page.goto(live_server.url + "/workbench/tasks/")
    expect(page.get_by_role("heading", name="任务台账", exact=True)).to_be_visible()
    expect(page.get_by_text("已逾期").first).to_be_visible()
    _accessible(page, "task list")
    keep_screenshot(page, "ledger-tasks.png")

    page.get_by_role("link", name="动态更新政务公开事项标准目录并集中发布").click()
    page.wait_for_url("**/workbench/tasks/*/")
    expect(page.get_by_text("请说明标准目录更新逾期原因及完成时间。")).to_be_visible()
    _accessible(page, "task detail")

    page.get_by_role("link", name="在本台账新增任务").click()
    page.wait_for_url("**/workbench/tasks/ledgers/*/new/")
    expect(page.get_by_text(TITLE_2026).first).to_be_visible()
    _accessible(page, "new task")
    page.get_by_role("textbox", name="责任单位", exact=True).fill("区政府办、无此单位")
    page.get_by_label("完成时限").fill("下个月")
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.get_by_text("请填写“工作任务”")).to_be_visible()
    expect(page.get_by_text("责任单位中的单位“无此单位”不存在")).to_be_visible()
    _accessible(page, "new task with errors")

    page.get_by_label("工作任务").fill(NEW_TASK)
    page.get_by_role("textbox", name="责任单位", exact=True).fill("区政府办")
    page.get_by_label("配合单位").fill("区司法局")
    page.get_by_label("完成时限").fill("2026年12月底")
    page.get_by_role("button", name="保存", exact=True).click()
    page.wait_for_url("**/workbench/tasks/*/")
    expect(page.get_by_role("heading", name=f"工作任务：{NEW_TASK}")).to_be_visible()

    page.get_by_role("link", name="编辑任务").click()
    page.wait_for_url("**/workbench/tasks/*/edit/")
    assert page.get_by_label("完成时限").input_value() == "2026年12月底"
    _accessible(page, "edit task")
    # The refused form is a 422, which Chromium logs; anything else (a CSP refusal) is a fault.
    assert [e for e in page.errors if "status of 422" not in e] == []  # type: ignore[attr-defined]


def test_the_public_reads_the_2021_ledgers_progress(page: Page, live_server: Any, demo_ledgers: None) -> None:
    page.goto(live_server.url + "/xxgk/tasks/")
    _accessible(page, "public ledgers")
    page.get_by_role("link", name=TITLE_2021).click()
    page.wait_for_url(f"**/xxgk/tasks/{Ledger.objects.get(title=TITLE_2021).pk}/")
    expect(page.get_by_role("heading", name=TITLE_2021)).to_be_visible()
    expect(page.get_by_text("政策文件库已上线，现行有效规范性文件已集中公开。")).to_be_visible()
    _accessible(page, "public ledger")
    keep_screenshot(page, "ledger-public.png")
    assert page.errors == []  # type: ignore[attr-defined]

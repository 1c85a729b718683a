"""The staff workbench in a real browser: password login through the form, then axe-core on
every workbench page the office uses."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Page, expect

from gongkai.orgs.models import Membership, Role, SiteProfile, Unit
from tests.browser.conftest import blocking, describe, run_axe
from tests.builders import PASSWORD

pytestmark = pytest.mark.browser

PAGES = [
    "/workbench/",
    "/workbench/units/",
    "/workbench/units/new/",
    "/workbench/people/",
    "/workbench/people/new/",
    "/workbench/calendar/",
    "/workbench/site/",
    "/workbench/audit/",
    "/workbench/security/",
]


@pytest.fixture
def office_user(demo_site: SiteProfile) -> Any:
    user = get_user_model().objects.create_user(username="office", password=PASSWORD, first_name="王敏")
    Membership.objects.create(user=user, unit=Unit.objects.get(name="康巴什区人民政府办公室"), role=Role.OFFICE)
    return user


def log_in(page: Page, live_server: Any) -> None:
    page.goto(live_server.url + "/workbench/")
    assert "/workbench/login/" in page.url
    page.get_by_label("用户名").fill("office")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(live_server.url + "/workbench/")


def test_office_logs_in_and_workbench_pages_are_accessible(page: Page, live_server: Any, office_user: Any) -> None:
    log_in(page, live_server)
    expect(page.get_by_role("heading", name="我的待办")).to_be_visible()
    for path in PAGES:
        response = page.goto(live_server.url + path)
        assert response is not None and response.status == 200, path
        problems = blocking(run_axe(page))
        assert not problems, f"{path}:\n{describe(problems)}"
    assert not [e for e in page.errors if "404" not in e], page.errors  # type: ignore[attr-defined]


def test_login_page_is_accessible(page: Page, live_server: Any, demo_site: SiteProfile) -> None:
    page.goto(live_server.url + "/workbench/login/")
    problems = blocking(run_axe(page))
    assert not problems, describe(problems)


def test_office_creates_a_unit_in_the_browser(page: Page, live_server: Any, office_user: Any) -> None:
    log_in(page, live_server)
    page.goto(live_server.url + "/workbench/units/new/")
    page.get_by_label("单位名称").fill("康巴什区统计局")
    page.get_by_label("单位类型").select_option("department")
    page.get_by_label("统一社会信用代码").fill("91350100M000100Y44")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("校验码错误").first).to_be_visible()
    page.get_by_label("统一社会信用代码").fill("91350100M000100Y43")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url(live_server.url + "/workbench/units/")
    expect(page.get_by_role("cell", name="康巴什区统计局", exact=True)).to_be_visible()

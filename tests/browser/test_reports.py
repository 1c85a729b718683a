"""Annual reports in a real browser: the office's overview and a report's page pass axe-core, and
the published report reads in the national format on its public page."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Page, expect

from gongkai.orgs.demo import DEMO_DEPARTMENT
from gongkai.orgs.models import Membership, Role, SiteProfile, Unit
from gongkai.reports import services
from gongkai.reports.models import AnnualReport
from tests.browser.conftest import blocking, describe, run_axe
from tests.builders import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def report(demo_site: SiteProfile) -> AnnualReport:
    user_model = get_user_model()
    office = user_model.objects.create_user(username="office", password=PASSWORD, first_name="王敏")
    Membership.objects.create(user=office, unit=Unit.objects.get(name="康巴什区人民政府办公室"), role=Role.OFFICE)
    editor = user_model.objects.create_user(username="editor", password=PASSWORD, first_name="李娜")
    unit = Unit.objects.get(name=DEMO_DEPARTMENT)
    Membership.objects.create(user=editor, unit=unit, role=Role.EDITOR)
    found = services.create_report(editor, unit, 2025)
    return services.edit_sections(editor, found, found.version, overview="2025年，我局认真落实条例。")


def log_in(page: Page, live_server: Any, username: str) -> None:
    page.goto(live_server.url + "/workbench/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(live_server.url + "/workbench/")


def test_report_pages_are_accessible(page: Page, live_server: Any, report: AnnualReport) -> None:
    log_in(page, live_server, "office")
    for path in ["/workbench/reports/?year=2025", f"/workbench/reports/{report.pk}/"]:
        response = page.goto(live_server.url + path)
        assert response is not None and response.status == 200, path
        problems = blocking(run_axe(page))
        assert not problems, f"{path}:\n{describe(problems)}"
    expect(page.get_by_role("heading", name="三、收到和处理政府信息公开申请情况")).to_be_visible()
    expect(page.get_by_role("rowheader", name="一、本年新收政府信息公开申请数量")).to_be_visible()


def test_an_editor_submits_in_the_browser(page: Page, live_server: Any, report: AnnualReport) -> None:
    log_in(page, live_server, "editor")
    page.goto(live_server.url + f"/workbench/reports/{report.pk}/")
    page.get_by_label("五、存在的主要问题及改进情况").fill("栏目更新不够及时。")
    page.get_by_role("button", name="保存", exact=True).click()
    page.get_by_role("button", name="报送公开办").click()
    expect(page.get_by_text("状态：已报送公开办")).to_be_visible()

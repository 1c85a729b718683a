"""The assessment pages in a real browser (Debian's chromium): the ranking, a scorecard with the
office's score forms and the scheme page pass axe-core; a refused score keeps the page usable."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Page, expect

from gongkai.assessment import services
from gongkai.orgs.demo import DEMO_DEPARTMENT
from gongkai.orgs.models import Membership, Role, SiteProfile, Unit
from tests.browser.conftest import blocking, describe, run_axe
from tests.builders import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def office_scheme(demo_site: SiteProfile) -> int:
    office = get_user_model().objects.create_user(username="office", password=PASSWORD, first_name="王敏")
    Membership.objects.create(user=office, unit=Unit.objects.get(name="康巴什区人民政府办公室"), role=Role.OFFICE)
    scheme = services.create_scheme(office, 2026)
    services.change_state(office, scheme, "published")
    return Unit.objects.get(name=DEMO_DEPARTMENT).pk


def log_in(page: Page, live_server: Any) -> None:
    page.goto(live_server.url + "/workbench/login/")
    page.get_by_label("用户名").fill("office")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(live_server.url + "/workbench/")


def test_assessment_pages_are_accessible(page: Page, live_server: Any, office_scheme: int) -> None:
    log_in(page, live_server)
    for path in [
        "/workbench/assessment/?year=2026",
        f"/workbench/assessment/2026/units/{office_scheme}/",
        "/workbench/assessment/2026/scheme/",
    ]:
        response = page.goto(live_server.url + path)
        assert response is not None and response.status == 200, path
        problems = blocking(run_axe(page))
        assert not problems, f"{path}:\n{describe(problems)}"
        assert not page.errors, page.errors  # type: ignore[attr-defined]


def test_a_refused_score_is_announced_and_accessible(page: Page, live_server: Any, office_scheme: int) -> None:
    log_in(page, live_server)
    page.goto(live_server.url + f"/workbench/assessment/2026/units/{office_scheme}/")
    score = page.get_by_label("得分（0–8）：平台建设与管理")
    score.fill("5")
    page.locator("form", has=score).get_by_role("button", name="保存评分").click()
    expect(page.get_by_text("“平台建设与管理”的评分意见：未得满分时须写明扣分理由")).to_be_visible()
    problems = blocking(run_axe(page))
    assert not problems, describe(problems)
    comment = page.get_by_label("评分意见（未得满分时必填）：平台建设与管理")
    comment.fill("政务新媒体两周未更新")
    page.locator("form", has=comment).get_by_role("button", name="保存评分").click()
    expect(page.get_by_text("已保存“平台建设与管理”的评分")).to_be_visible()

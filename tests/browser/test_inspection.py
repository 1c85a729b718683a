"""The inspection report in Chromium: an inspection with findings (a wrong leader's title, a broken
link, empty columns) is axe-clean, and its assign form opens. Writes
docs/screenshots/inspection-report.png."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from playwright.sync_api import Page, expect

from gongkai.orgs.models import Membership, Role, SiteProfile, Unit
from gongkai.publishing import services as item_services
from gongkai.publishing.workflow import publish_now
from gongkai.supervision.inspection import services
from gongkai.supervision.inspection.demo import seed_inspection
from gongkai.supervision.inspection.models import Inspection
from tests.browser.conftest import blocking, describe, keep_screenshot, run_axe
from tests.builders import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def inspected(demo_site: SiteProfile) -> Inspection:
    seed_inspection()  # a transactional test empties the tables the data migration filled
    office = get_user_model().objects.create_user(username="office", password=PASSWORD, first_name="王敏")
    Membership.objects.create(user=office, unit=Unit.objects.get(name="康巴什区人民政府办公室"), role=Role.OFFICE)
    unit = Unit.objects.get(name="康巴什区民政局")
    for title, genre, body in [
        ("区民政局召开专题会议", "news", "<p>会议传达了国务院总埋的重要讲话精神。</p>"),
        ("关于调整城乡低保标准的通知", "notice", '<p>详见<a href="/xxgk/items/99999/">原通知</a>。</p>'),
    ]:
        item = item_services.create_item(
            office, unit, title=title, genre=genre, formed_on=timezone.localdate(), body_html=body
        )
        with transaction.atomic():  # as the workflow calls it (the 索引号 counter is locked FOR UPDATE)
            publish_now(item, office)
    return services.run_inspection(office)


def log_in(page: Page, live_server: Any) -> None:
    page.goto(live_server.url + "/workbench/login/")
    page.get_by_label("用户名").fill("office")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(live_server.url + "/workbench/")


def _accessible(page: Page, name: str) -> None:
    problems = blocking(run_axe(page))
    assert not problems, f"{name}:\n{describe(problems)}"


def test_the_inspection_report_is_accessible(page: Page, live_server: Any, inspected: Inspection) -> None:
    assert inspected.findings.filter(rule="broken_link").exists()
    log_in(page, live_server)
    page.goto(f"{live_server.url}/workbench/inspections/{inspected.pk}/")
    expect(page.get_by_role("heading", name="单项否决项")).to_be_visible()
    expect(page.get_by_text("国务院总理", exact=False).first).to_be_visible()
    _accessible(page, "report")
    keep_screenshot(page, "inspection-report.png")
    page.locator("details.action-form summary").first.click()
    expect(page.get_by_label("责任单位").first).to_be_visible()
    _accessible(page, "report with the assign form open")
    for path in ["", "columns/", "words/", "settings/"]:
        page.goto(f"{live_server.url}/workbench/inspections/{path}")
        _accessible(page, path or "history")
    assert not [e for e in page.errors if "404" not in e], page.errors  # type: ignore[attr-defined]

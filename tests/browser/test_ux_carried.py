"""Issue 17, points 1 and 3, in Chromium at 1366 px and 390 px: the demo district with two carried
laws (a Beijing people's-congress rule and an undated Shanghai rule, imported as the corpus is).

Point 1: the home page's latest lists lead with the district's own publications (not the undated
law stamped with the import day), the Beijing rule is labelled 北京市, not "自治区", and the
法定主动公开内容 column does not count the laws under the district government.
Point 3: 政务咨询 lists answered inquiries, 依申请公开 this year's figures, and the 年报 column
last year's published report.
"""

from __future__ import annotations

import io
import os
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Page, expect

from gongkai.orgs.models import Unit
from gongkai.publishing.models import Item
from tests.browser.conftest import SCREENSHOTS, blocking, describe, run_axe
from tests.policies.carried_fixtures import BEIJING, SHANGHAI, import_laws

pytestmark = pytest.mark.browser

VIEWPORTS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture
def demo(transactional_db: Any, tmp_path: Path) -> None:
    call_command("seed_demo", stdout=io.StringIO())
    import_laws(tmp_path)


def shot(page: Page, selector: str, name: str) -> None:
    """A viewport screenshot with ``selector`` at the top, only with GONGKAI_SCREENSHOTS=1."""
    if os.environ.get("GONGKAI_SCREENSHOTS") == "1":
        page.locator(selector).first.evaluate("element => element.scrollIntoView()")
        (SCREENSHOTS / "ux").mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "ux" / name))


def test_carried_laws_are_not_the_districts_own(new_context: Any, live_server: Any, demo: None) -> None:
    government = Unit.objects.get(kind=Unit.Kind.GOVERNMENT)
    own = Item.objects.filter(unit=government, carried=False, published_revision__isnull=False).count()
    for device, viewport in VIEWPORTS.items():
        page = new_context(viewport=viewport).new_page()
        check_carried(page, live_server.url, device, (f"#unit-{government.pk}", f"{own}条"))


def check_carried(page: Page, url: str, device: str, government_row: tuple[str, str]) -> None:
    page.goto(url + "/")
    latest = page.locator(".column-latest .item-list li")
    expect(latest.first).not_to_contain_text(SHANGHAI)
    expect(page.locator(".column-latest")).not_to_contain_text(timezone.localdate().isoformat() + " " + SHANGHAI)
    policies = page.locator(".column-policies .item-list li")
    expect(policies.first).to_contain_text("康巴什区")  # the district's own policy first
    expect(page.locator(".column-policies .item-list li", has_text=SHANGHAI).locator("time")).to_have_count(0)
    problems = blocking(run_axe(page))
    assert not problems, describe(problems)
    shot(page, ".column-grid", f"1-home-after-{device}.png")

    page.goto(url + "/xxgk/policies/?level=region")
    rows = page.locator("main table tbody tr, main .policy-list li")
    expect(rows.filter(has_text=BEIJING)).to_contain_text("北京市人民代表大会常务委员会（北京市·省级）")
    expect(page.locator("main")).not_to_contain_text("（自治区）")
    expect(rows.filter(has_text=SHANGHAI)).to_contain_text("上海市人民代表大会及其常务委员会（上海市·省级）")

    page.goto(url + "/xxgk/statutory/")
    # the district government's own publications only (the demo's gazette), not the laws it carries
    expect(page.locator(government_row[0])).to_contain_text(government_row[1])
    expect(page.locator("#by-topic")).not_to_contain_text("综合政务 （3")
    shot(page, "#by-topic", f"1-statutory-after-{device}.png")


def test_home_boxes_and_the_annual_reports_show_what_there_is(new_context: Any, live_server: Any, demo: None) -> None:
    for device, viewport in VIEWPORTS.items():
        check_boxes(new_context(viewport=viewport).new_page(), live_server.url, device)


def check_boxes(page: Page, url: str, device: str) -> None:
    page.goto(url + "/")
    inquiries = page.locator(".column-inquiries")
    expect(inquiries).not_to_contain_text("暂无信息")
    first = inquiries.locator(".item-list li a").first
    expect(first).to_have_attribute("href", re.compile(r"^/hudong/inquiries/#inquiry-\d+-title$"))
    anchor = "#" + str(first.get_attribute("href")).split("#")[1]
    foi = page.locator(".column-foi")
    expect(foi).to_contain_text(f"{timezone.localdate().year}年政府信息公开申请")
    expect(foi).to_contain_text("收到申请")
    expect(foi).not_to_contain_text("暂无信息")
    shot(page, ".column-foi", f"3-home-boxes-after-{device}.png")
    first.click()
    page.wait_for_url("**/hudong/inquiries/**")
    expect(page.locator(anchor)).to_be_visible()

    page.goto(url + "/xxgk/annual-reports/")
    last_year = timezone.localdate().year - 1
    report = page.get_by_role("link", name=f"康巴什区民政局{last_year}年政府信息公开工作年度报告")
    expect(report).to_be_visible()
    problems = blocking(run_axe(page))
    assert not problems, describe(problems)
    shot(page, "main", f"3-annual-reports-after-{device}.png")

"""The portal on a phone (390 px) and the annual report's tables on a desktop (1366 px), measured
with the pages' own boxes (issue 17, point 7 and point 16's Table 四):

- the menu folds behind a 菜单 button that opens it, with and without JavaScript;
- a page's content comes before the column's navigation, in reading order and on the screen;
- each 信息属性 label stays on one line; the policy library is one card per document within the
  phone's width, its dates whole;
- axe finds nothing serious, in the standard and the large-font mode;
- Table 四 of a published annual report is not cut off at 1366 px, on its public page and in the
  workbench, and sits in a focusable region named after its heading.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from gongkai.orgs.models import SiteProfile, Unit
from gongkai.policies import services as policies
from gongkai.portal.context import A11Y_COOKIE
from gongkai.publishing.workflow import drive, perform
from gongkai.reports import services as reports
from gongkai.reports.models import AnnualReport
from tests.browser.conftest import SCREENSHOTS, axe_in_mode, blocking, describe
from tests.builders import PASSWORD

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
TABLE_FOUR = "四、政府信息公开行政复议、行政诉讼情况"


@pytest.fixture
def published(
    site: SiteProfile, unit_a: Unit, editor_a: Any, reviewer_a: Any, signer_a: Any, office: Any
) -> dict[str, int]:
    """A published policy document (a long issuer and 文号) and a published annual report."""
    meta = {"issuer": "内蒙古自治区鄂尔多斯市康巴什区民政局", "level": "district", "effective_on": dt.date(2026, 11, 1)}
    document = policies.create_policy(
        editor_a,
        unit_a,
        meta,
        title="康巴什区城乡居民最低生活保障对象认定和动态管理实施办法",
        normative=False,
        formed_on=dt.date(2026, 9, 25),
        written_on=dt.date(2026, 9, 25),
        doc_number="康民发〔2026〕12号",
        genre="measures",
        topic="civil",
        body_html="<p>正文</p>",
    )
    drive(document.item.pk, editor_a, reviewer_a, signer_a)
    report = reports.create_report(editor_a, unit_a, 2025)
    report = reports.edit_sections(editor_a, report, report.version, overview="2025年，我局认真落实条例。")
    reports.submit(editor_a, report)
    report = reports.clear(office, AnnualReport.objects.get(pk=report.pk))
    assert report.item is not None
    perform(signer_a, report.item.pk, "sign")
    perform(signer_a, report.item.pk, "publish")
    return {"policy": document.item.pk, "report": report.item.pk, "report_id": report.pk}


def open_page(new_context: Any, viewport: dict[str, int], live_server: Any, mode: str = "standard") -> Page:
    context = new_context(viewport=viewport)
    if mode != "standard":
        context.add_cookies([{"name": A11Y_COOKIE, "value": mode, "url": live_server.url}])
    return context.new_page()


def shot(page: Page, name: str, target: Locator | None = None) -> None:
    """A viewport screenshot into docs/screenshots/ux/ when GONGKAI_SCREENSHOTS=1."""
    if os.environ.get("GONGKAI_SCREENSHOTS") == "1":
        if target is not None:
            target.scroll_into_view_if_needed()
        Path(SCREENSHOTS / "ux").mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "ux" / name))


def no_serious_problems(page: Page, mode: str) -> None:
    problems = blocking(axe_in_mode(page, mode))
    assert not problems, f"{page.url} ({mode}):\n{describe(problems)}"


def check_menu(page: Page) -> None:
    """The menu is a 菜单 button; its links are hidden until it is opened, then fit the phone."""
    nav = page.get_by_role("navigation", name="主导航")
    button = nav.locator("summary")
    expect(button).to_be_visible()
    expect(button).to_have_text("菜单")
    link = nav.get_by_role("link", name="政府信息公开", exact=True)
    expect(link).to_be_hidden()
    button.click()
    expect(link).to_be_visible()
    box = link.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    button.click()
    expect(link).to_be_hidden()


def check_content_first(page: Page) -> None:
    """The content precedes the column's navigation in the document and on the screen."""
    content, side = page.locator(".xxgk-content"), page.get_by_role("navigation", name="政府信息公开栏目")
    follows = side.evaluate("(nav, content) => !!(content.compareDocumentPosition(nav) & 4)", content.element_handle())
    assert follows, "the column's navigation comes before the content in the page"
    content_box, side_box = content.bounding_box(), side.bounding_box()
    assert content_box is not None and side_box is not None
    assert content_box["y"] + content_box["height"] <= side_box["y"] + 1, (content_box, side_box)


def check_labels_on_one_line(page: Page) -> None:
    """Each 信息属性 label's text is one line high (索引号 was stacked a character a line)."""
    heights = page.locator("table.item-meta").first.evaluate(
        """table => [...table.querySelectorAll('th[scope=row]')].map(th => {
            const range = document.createRange();
            range.selectNodeContents(th);
            const line = parseFloat(getComputedStyle(th).lineHeight);
            return [th.textContent.trim(), range.getBoundingClientRect().height, line];
        })"""
    )
    assert [label for label, _height, _line in heights][:1] == ["索引号"]
    tall = [(label, height, line) for label, height, line in heights if height > line * 1.3]
    assert not tall, f"labels on more than one line: {tall}"


def check_policy_cards(page: Page) -> None:
    """The library fits the phone: no sideways scroll, each date whole and inside the page, and a
    document's details stand under its title (a card, not a row of narrow columns)."""
    wrap = page.locator("table.policy-list").locator("xpath=..")
    sizes = wrap.evaluate("w => [w.scrollWidth, w.clientWidth, document.documentElement.scrollWidth]")
    assert sizes[0] <= sizes[1] and sizes[2] <= PHONE["width"], sizes
    row = page.locator("table.policy-list tbody tr").first
    title, date = row.get_by_role("rowheader"), row.locator("time")
    expect(date).to_have_text("2026-09-25")
    title_box, date_box, wrap_box = title.bounding_box(), date.bounding_box(), wrap.bounding_box()
    assert title_box is not None and date_box is not None and wrap_box is not None
    assert date_box["x"] >= wrap_box["x"] and date_box["x"] + date_box["width"] <= wrap_box["x"] + wrap_box["width"]
    one_line = date.evaluate(
        "t => { const r = document.createRange(); r.selectNodeContents(t); return r.getClientRects().length; }"
    )
    assert one_line == 1, "the date is broken over lines"
    assert date_box["y"] >= title_box["y"] + title_box["height"] - 1, "the date is beside the title, not under it"


@pytest.mark.parametrize("mode", ["standard", "large"])
def test_phone_layout(new_context: Any, live_server: Any, published: dict[str, int], mode: str) -> None:
    page = open_page(new_context, PHONE, live_server, mode)
    page.goto(live_server.url + "/")
    check_menu(page)
    no_serious_problems(page, mode)
    shot(page, f"7-home-after-phone{'-large' if mode == 'large' else ''}.png")

    page.goto(live_server.url + f"/xxgk/items/{published['policy']}/")
    check_content_first(page)
    check_labels_on_one_line(page)
    no_serious_problems(page, mode)
    shot(page, f"7-item-after-phone{'-large' if mode == 'large' else ''}.png", page.locator("table.item-meta").first)

    page.goto(live_server.url + "/xxgk/policies/")
    check_content_first(page)
    check_policy_cards(page)
    no_serious_problems(page, mode)
    shot(page, f"7-policies-after-phone{'-large' if mode == 'large' else ''}.png", page.locator(".policy-cards"))


def test_the_menu_opens_without_javascript(new_context: Any, live_server: Any, site: SiteProfile) -> None:
    context = new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/xxgk/policies/")
    check_menu(page)


def check_table_four(page: Page, panel: str) -> None:
    """Table 四 lies inside its panel (nothing cut off, no sideways scroll), in a focusable region
    named after its heading."""
    table, box = page.get_by_role("heading", name=TABLE_FOUR).locator("xpath=following::table[1]"), page.locator(panel)
    sizes = box.evaluate("p => [p.scrollWidth, p.clientWidth]")
    assert sizes[0] <= sizes[1], f"{panel} scrolls sideways: {sizes}"
    table_box, panel_box = table.bounding_box(), box.bounding_box()
    assert table_box is not None and panel_box is not None
    assert table_box["x"] + table_box["width"] <= panel_box["x"] + panel_box["width"], (table_box, panel_box)
    last = table.locator("thead tr").last.locator("th").last
    expect(last).to_have_text("总计")
    last_box = last.bounding_box()
    assert last_box is not None and last_box["x"] + last_box["width"] <= DESKTOP["width"]
    region = page.get_by_role("region", name=TABLE_FOUR)
    expect(region).to_have_attribute("tabindex", "0")
    expect(region.locator("table")).to_have_count(1)
    region_sizes = region.evaluate("r => [r.scrollWidth, r.clientWidth]")
    assert region_sizes[0] <= region_sizes[1], f"Table 四 is wider than its region: {region_sizes}"


def test_table_four_fits_a_desktop(new_context: Any, live_server: Any, published: dict[str, int]) -> None:
    page = open_page(new_context, DESKTOP, live_server)
    page.goto(live_server.url + f"/xxgk/items/{published['report']}/")
    nav = page.get_by_role("navigation", name="主导航")
    expect(nav.locator("summary")).to_be_hidden()
    expect(nav.get_by_role("link", name="政府信息公开", exact=True)).to_be_visible()
    check_table_four(page, ".xxgk-content")
    no_serious_problems(page, "standard")

    page.goto(live_server.url + "/workbench/login/")
    page.get_by_label("用户名").fill("office")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(live_server.url + "/workbench/")
    page.goto(live_server.url + f"/workbench/reports/{published['report_id']}/")
    check_table_four(page, ".workbench")
    no_serious_problems(page, "standard")
    shot(page, "16-table-four-after-desktop.png", page.get_by_role("heading", name=TABLE_FOUR))

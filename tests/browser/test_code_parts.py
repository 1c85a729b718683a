"""The 民法典 in Chromium (issue 17, point 4): searching its name gives one result, the whole Code,
which opens on a page of the whole with its eight books in order; a book's page lists the others.
On today's main before this change, the search listed the books (or one merged record with no
books of its own) and there was no page of the whole."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import blocking, describe, keep_screenshot, run_axe
from tests.policies.civil_code import BOOKS, WHOLE, import_civil_code

pytestmark = pytest.mark.browser


@pytest.fixture
def civil_code(demo_site: Any, tmp_path: Path) -> None:
    import_civil_code(tmp_path)


@pytest.mark.parametrize(("device", "width"), [("desktop", 1366), ("phone", 390)])
def test_the_civil_code_is_one_result_and_opens_on_the_whole(
    new_context: Any, live_server: Any, civil_code: None, device: str, width: int
) -> None:
    page: Page = new_context(viewport={"width": width, "height": 900}).new_page()
    page.goto(f"{live_server.url}/search/?q=民法典")
    results = page.locator(".search-results > li")
    expect(results.first).to_contain_text(WHOLE)
    expect(results.filter(has_text=f"{WHOLE}·")).to_have_count(0)
    expect(results.filter(has_text=WHOLE)).to_have_count(2)  # the Code and the interpretation citing it
    if device == "desktop":  # the same HTML on a phone
        problems = blocking(run_axe(page))
        assert not problems, describe(problems)
    keep_screenshot(page, f"ux/4-civil-code-search-after-{device}.png")
    results.first.get_by_role("link", name=WHOLE, exact=True).click()
    page.wait_for_url("**/xxgk/policies/code/**")
    expect(page.get_by_role("heading", level=1)).to_have_text(WHOLE)
    contents = page.get_by_role("navigation", name="目录").get_by_role("link")
    expect(contents).to_have_text([book for _id, book, _text in BOOKS])
    if device == "desktop":
        problems = blocking(run_axe(page))
        assert not problems, describe(problems)
    keep_screenshot(page, f"ux/4-civil-code-whole-after-{device}.png")
    contents.nth(2).click()
    page.wait_for_url("**#part-3")
    page.get_by_role("link", name=f"单独查看“{WHOLE}·合同编”").click()
    page.wait_for_url("**/xxgk/items/**")
    books = page.get_by_role("navigation", name="本法典共 8 编")
    expect(books.get_by_role("link")).to_have_count(8)  # seven books and the whole
    expect(books.locator("[aria-current=page]")).to_have_text("合同编")

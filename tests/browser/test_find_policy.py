"""A citizen finds a policy in Chromium — by its 文号 typed with other brackets and by a short
name — and sees its interpretation and validity on the document's page."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Page

from tests.browser.conftest import blocking, describe, run_axe

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db: Any) -> None:
    call_command("seed_demo", stdout=io.StringIO())
    call_command("reindex", stdout=io.StringIO())


def search(page: Page, live_server: Any, words: str) -> None:
    page.goto(live_server.url + "/")
    page.get_by_label("一网通查：检索政策文件、政府信息（可输入标题、关键词、文号或简称）").fill(words)
    page.get_by_role("button", name="检索").first.click()
    page.wait_for_url("**/search/**")


def test_citizen_finds_policy_by_doc_number_and_sees_interpretation(page: Page, live_server: Any, demo: None) -> None:
    search(page, live_server, "康民发[2026]12号")
    first = page.locator(".search-results li").first
    assert "康巴什区城乡居民最低生活保障实施办法" in first.inner_text()
    problems = blocking(run_axe(page))
    assert not problems, describe(problems)
    first.get_by_role("link").click()
    page.wait_for_url("**/xxgk/items/**")
    text = page.locator("main").inner_text()
    assert "有效" in text and "政策解读" in text
    assert "《康巴什区城乡居民最低生活保障实施办法》政策解读" in text


def test_citizen_finds_by_short_name(page: Page, live_server: Any, demo: None) -> None:
    search(page, live_server, "低保")  # a short name that the documents' titles spell out in full
    top = [page.locator(".search-results li").nth(i).inner_text() for i in range(3)]
    assert any("康巴什区城乡居民最低生活保障实施办法" in text for text in top), top

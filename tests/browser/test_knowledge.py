"""一号答 in Chromium: a citizen types a question into the knowledge base, finds the uniform answer,
reads it with the policy it cites, and finds it through the site search too; the pages are
axe-clean and fit a phone. With GONGKAI_SCREENSHOTS=1 also writes docs/screenshots/knowledge.png
(1280 wide, full page)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.test import RequestFactory
from playwright.sync_api import Page, expect

from gongkai.participation.knowledge import hot
from gongkai.participation.knowledge.demo import seed_knowledge
from tests.browser.conftest import blocking, describe, keep_screenshot, run_axe

pytestmark = pytest.mark.browser
QUESTION = "申请城乡低保需要准备哪些材料？"


def _accessible(page: Page, name: str) -> None:
    problems = blocking(run_axe(page))
    assert not problems, f"{name}:\n{describe(problems)}"


def test_citizen_finds_the_uniform_answer_by_search(transactional_db: Any, live_server: Any, new_context: Any) -> None:
    call_command("seed_demo", verbosity=0)
    assert seed_knowledge() or True  # seed_demo may already call it once wired
    for n, text in enumerate(("低保", "低保", "低保", "临时救助", "临时救助", "临时救助")):
        hot.record_search(text, RequestFactory().get("/", REMOTE_ADDR=f"10.3.0.{n}"))
    hot.flush(everything=True)

    page = new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(live_server.url + "/hudong/answers/")
    _accessible(page, "knowledge base")
    expect(page.get_by_role("link", name="低保", exact=True)).to_be_visible()  # a hot topic
    keep_screenshot(page, "knowledge.png")

    page.get_by_label("您想问什么？").fill("办低保需要什么材料")
    page.get_by_role("button", name="查找答复").click()
    page.wait_for_url("**/hudong/answers/?q=*")
    _accessible(page, "knowledge search")
    page.get_by_role("link", name=QUESTION).first.click()
    page.wait_for_url("**/hudong/answers/*/")
    expect(page.get_by_role("heading", name=QUESTION)).to_be_visible()
    expect(page.get_by_text("户口簿").first).to_be_visible()
    expect(page.get_by_role("link", name="康巴什区城乡居民最低生活保障实施办法")).to_be_visible()
    _accessible(page, "answer")

    phone = new_context(viewport={"width": 375, "height": 740}).new_page()
    phone.goto(live_server.url + "/search/?q=低保材料&kind=answer")
    phone.get_by_role("link", name=QUESTION).first.click()
    expect(phone.get_by_role("heading", name=QUESTION)).to_be_visible()
    phone.goto(live_server.url + "/hudong/answers/?q=临时救助")
    expect(phone.get_by_role("link", name="遇到突发困难可以申请临时救助吗？")).to_be_visible()
    assert phone.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    _accessible(phone, "knowledge search (phone)")

"""Issue 17, points 4–6 in Chromium: the famous name first (民法典 → the Civil Code; 低保 → the
district's own 办法 before higher-level regulations), a 文号 typed loosely, and results a person
can scan — one count, each result labelled with its kind and validity, the filters in one bar
with a visible 检索 button, and on a phone (390 px) the first result above the fold, in the
large-font mode too."""

from __future__ import annotations

import gzip
import io
import json
import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from tests.browser.conftest import blocking, describe, run_axe

pytestmark = pytest.mark.browser

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "ux"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
CODE = "中华人民共和国民法典"
CITING = "根据《中华人民共和国民法典》，民法典施行后的法律事实引起的民事纠纷案件，适用民法典的规定。"
SUBSISTENCE = "保障城市居民基本生活。最低生活保障标准按照当地维持城市居民基本生活所必需的费用确定。"


def _law(n: int, title: str, category: str, issuer: str, body: str) -> dict[str, Any]:
    return {
        "id": f"ux{n:010d}",
        "title": title,
        "category": category,
        "subcategory": "",
        "level": category,
        "issuer": issuer,
        "issued_on": "2020-05-28",
        "effective_on": "2021-01-01",
        "status": "有效",
        "doc_number": None,
        "body": f"# {title}\n\n{body}",
    }


def _corpus(path: Path) -> Path:
    """A few higher-level documents as the law corpus holds them: the Civil Code, judicial
    interpretations citing it over and over, and two regulations on 最低生活保障."""
    court = "最高人民法院"
    laws = [_law(1, CODE, "民法典", "全国人民代表大会", "第一条 为了保护民事主体的合法权益，制定本法。" * 30)]
    for n, name in enumerate(
        ["时间效力的若干规定", "物权编的解释（一）", "总则编若干问题的解释", "继承编的解释（一）"], 2
    ):
        laws.append(_law(n, f"最高人民法院关于适用《{CODE}》{name}", "司法解释", court, CITING * 12))
    laws.append(
        _law(8, "重庆市城乡居民最低生活保障条例", "地方性法规", "重庆市人民代表大会常务委员会", SUBSISTENCE * 25)
    )
    laws.append(_law(9, "城市居民最低生活保障条例", "行政法规", "国务院", SUBSISTENCE * 25))
    with gzip.open(path, "wt", encoding="utf-8") as out:
        out.writelines(json.dumps(law, ensure_ascii=False) + "\n" for law in laws)
    return path


@pytest.fixture
def site(transactional_db: Any, tmp_path: Path) -> None:
    call_command("seed_demo", stdout=io.StringIO())
    call_command("import_policies", str(_corpus(tmp_path / "laws.jsonl.gz")), stdout=io.StringIO())
    call_command("reindex", stdout=io.StringIO())


def _shot(page: Page, name: str) -> None:
    """A viewport screenshot into docs/screenshots/ux/, only when asked (GONGKAI_SCREENSHOTS=1)."""
    if os.environ.get("GONGKAI_SCREENSHOTS") == "1":
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / name))


def _search(page: Page, url: str, words: str) -> None:
    page.goto(f"{url}/search/?q={quote(words)}")


def test_famous_names_own_documents_and_loose_doc_numbers_on_desktop(
    new_context: Any, live_server: Any, site: None
) -> None:
    page = new_context(viewport=DESKTOP).new_page()
    _search(page, live_server.url, "民法典")
    first = page.locator(".search-results > li").first
    expect(first.locator(".search-result-title")).to_have_text(CODE)  # point 4: the code, not its interpretations
    expect(first.locator(".search-kind")).to_have_text("法律")  # point 6: labelled
    expect(first.locator(".search-validity")).to_have_text("有效")
    _shot(page, "4-civil-code-after-desktop.png")

    _search(page, live_server.url, "低保")
    titles = page.locator(".search-results > li .search-result-title").all_inner_texts()
    own = titles.index("康巴什区城乡居民最低生活保障实施办法")
    assert own < titles.index("重庆市城乡居民最低生活保障条例"), titles
    assert own < titles.index("城市居民最低生活保障条例"), titles
    kinds = dict(zip(titles, page.locator(".search-results > li .search-kind").all_inner_texts(), strict=True))
    assert kinds["康巴什区城乡居民最低生活保障实施办法"] == "本级规范性文件"
    assert kinds["重庆市城乡居民最低生活保障条例"] == "地方性法规" and kinds["城市居民最低生活保障条例"] == "行政法规"

    for typed in ("康民发2026 12号", "康民发（2026）12号", "康民发〔2026〕第12号"):  # point 5
        _search(page, live_server.url, typed)
        expect(page.locator(".search-results > li .search-result-title").first).to_have_text(
            "康巴什区城乡居民最低生活保障实施办法"
        )
    _shot(page, "5-docno-after-desktop.png")

    _search(page, live_server.url, "最低生活保障")  # point 6: one count, a bar with its button
    expect(page.get_by_role("status")).to_contain_text("找到")
    assert page.locator("main").inner_text().count("条结果") == 1  # the pager says no 共 N 条 beside it
    button = page.get_by_role("button", name="检索")
    expect(button).to_be_visible()
    bar = page.locator(".search-bar").bounding_box()
    filters = [page.locator(f"#search-{name}").bounding_box() for name in ("kind", "unit", "year", "validity")]
    assert bar and all(box and abs(box["y"] - filters[0]["y"]) < 2 for box in filters), filters  # type: ignore[index]
    assert page.locator(".search-results > li").first.bounding_box()["y"] < DESKTOP["height"] / 2  # type: ignore[index]
    problems = blocking(run_axe(page))
    assert not problems, describe(problems)
    _shot(page, "6-dibao-after-desktop.png")


def test_on_a_phone_the_first_result_is_above_the_fold(new_context: Any, live_server: Any, site: None) -> None:
    for mode in ("standard", "large"):
        context = new_context(viewport=PHONE)
        context.add_cookies([{"name": "gk_a11y", "value": mode, "url": live_server.url}])
        page = context.new_page()
        _search(page, live_server.url, "最低生活保障")
        first = page.locator(".search-results > li").first
        title = first.locator(".search-result-title").bounding_box()
        # before: the first result sat 828 px down (1,296 px in the large-font mode)
        assert title and title["y"] + title["height"] <= PHONE["height"], (mode, title)
        expect(first.locator(".search-kind")).to_be_in_viewport()
        expect(page.get_by_role("button", name="检索")).to_be_in_viewport()
        assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"), mode
        problems = blocking(run_axe(page))
        assert not problems, describe(problems)
        _shot(page, "6-dibao-after-phone.png" if mode == "standard" else "6-dibao-after-phone-large.png")
    _search(page, live_server.url, "民法典")
    _shot(page, "4-civil-code-after-phone.png")
    _search(page, live_server.url, "康民发2026 12号")
    _shot(page, "5-docno-after-phone.png")

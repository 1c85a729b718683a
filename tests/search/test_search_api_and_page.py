"""GET /api/v1/search per API.md and the public search page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from gongkai.orgs.models import Unit
from gongkai.publishing import services
from gongkai.publishing.models import Item


@pytest.fixture
def notice(editor_a: Any, unit_a: Unit, flow: Callable[[Item], Item], django_capture_on_commit_callbacks: Any) -> Item:
    with django_capture_on_commit_callbacks(execute=True):
        item = services.create_item(
            editor_a,
            unit_a,
            title="关于调整城乡居民最低生活保障标准的通知",
            doc_number="康民发〔2026〕8号",
            body_html="<p>经区人民政府同意，自2026年12月起提高城乡低保标准，<b>每人每月</b>增加50元。</p>",
            formed_on=dt.date(2026, 3, 2),
            genre="notice",
            topic="civil",
        )
        return flow(item)


def test_api_shape(client: Any, notice: Item) -> None:
    body = client.get("/api/v1/search", {"q": "最低生活保障"}).json()
    assert set(body) == {"total", "took_ms", "results"} and body["total"] >= 1
    first = body["results"][0]
    fields = {"id", "source_id", "kind", "title", "url", "snippet", "unit", "published_on", "score"}
    labels = {"kind_label", "validity", "validity_label"}  # what the page labels (issue 17, point 6)
    parts = {"parts"}  # a code's other parts (API.md, Search; issue 17, point 4)
    origin = {"origin"}  # a received item's provenance (API.md, Exchange; issue 19)
    assert set(first) == fields | {"matched_in", "attachment"} | labels | parts | origin  # where it matched (issue 24)
    assert first["parts"] == [] and first["origin"] is None
    assert (first["kind_label"], first["validity"], first["validity_label"]) == ("政府信息", "valid", "有效")
    assert first["matched_in"] == "title" and first["attachment"] is None
    assert first["id"] == notice.pk and first["source_id"] is None and first["kind"] == "item"
    assert first["url"].endswith(f"/xxgk/items/{notice.pk}/") and first["unit"] == "测试区民政局"


def test_api_doc_number_and_filters(client: Any, notice: Item, unit_b: Unit) -> None:
    assert client.get("/api/v1/search", {"q": "康民发[2026]8号"}).json()["results"][0]["id"] == notice.pk
    assert client.get("/api/v1/search", {"q": "低保", "unit_id": unit_b.pk}).json()["total"] == 0
    assert client.get("/api/v1/search", {"q": "低保", "year": 2026}).json()["total"] >= 1


@pytest.mark.parametrize(
    ("params", "field"),
    [({"q": "x", "page": 0}, "page"), ({"q": "x", "page_size": 500}, "page_size"), ({"q": "x", "year": "abc"}, "year")],
)
def test_api_bad_input(client: Any, db: Any, params: dict[str, Any], field: str) -> None:
    response = client.get("/api/v1/search", params)
    assert response.status_code == 422 and response.json()["field"] == field


def test_page_shows_highlighted_snippet_and_escapes(client: Any, notice: Item) -> None:
    page = client.get("/search/", {"q": "低保标准"}).content.decode()
    assert notice.title in page and "<mark>" in page
    assert "<b>" not in page.split("search-results")[1]  # body markup is never echoed into snippets
    hostile = client.get("/search/", {"q": "<script>alert(1)</script>"}).content.decode()
    assert "<script>alert(1)</script>" not in hostile and "没有找到相关信息" in hostile


def test_page_empty_state(client: Any, db: Any) -> None:
    assert "请输入检索词" in client.get("/search/").content.decode()


def test_the_page_gives_one_count_and_labels_each_result(client: Any, notice: Item) -> None:
    """Issue 17, point 6: one count (the pager no longer says 共 N 条 of its own), each result
    with its kind and validity, the 检索 button in the bar with the filters."""
    page = client.get("/search/", {"q": "最低生活保障"}).content.decode()
    assert page.count("条结果") == 1 and "共 " not in page
    results = page.split('class="search-results"')[1]
    assert '<span class="search-kind">政府信息</span>' in results
    assert '<span class="search-validity search-validity-valid">有效</span>' in results
    assert "css/search.css" in page and 'class="primary search-submit"' in page

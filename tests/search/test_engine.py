"""The search a citizen uses: topic words, title fragments, body phrases, 文号 in any bracket
style, short names; only public content; indexing follows publication after commit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from gongkai.orgs.models import Unit
from gongkai.publishing import services
from gongkai.publishing.models import Item
from gongkai.publishing.workflow import perform
from gongkai.search.documents import Filters
from gongkai.search.engine import search
from gongkai.search.hooks import reindex_all

TEXTS = [
    (
        "中华人民共和国政府信息公开条例",
        "国务院令第711号",
        "行政机关应当及时、准确地公开政府信息。第二十六条 属于主动公开范围的政府信息，"
        "应当自该政府信息形成或者变更之日起20个工作日内予以公开。",
    ),
    (
        "政府采购信息公开管理办法",
        "",
        "采购人应当公开政府采购信息，政府信息公开工作机构负责监督。政府信息公开应当及时。",
    ),
    (
        "中华人民共和国个人信息保护法",
        "",
        "为了保护个人信息权益，规范个人信息处理活动，促进个人信息合理利用，制定本法。",
    ),
    (
        "关于调整城乡居民最低生活保障标准的通知",
        "康民发〔2026〕8号",
        "经区人民政府同意，自2026年12月起提高城乡低保标准。",
    ),
]


@pytest.fixture
def published(
    editor_a: Any, unit_a: Unit, flow: Callable[[Item], Item], django_capture_on_commit_callbacks: Any
) -> list[Item]:
    items = []
    with django_capture_on_commit_callbacks(execute=True):
        for title, number, body in TEXTS:
            item = services.create_item(
                editor_a,
                unit_a,
                title=title,
                doc_number=number,
                body_html=f"<p>{body}</p>",
                formed_on=dt.date(2026, 3, 2),
                genre="rules",
                topic="general",
            )
            items.append(flow(item))
    return items


def titles(query: str, **filters: Any) -> list[str]:
    from gongkai.publishing.models import ItemRevision

    found = search(query, Filters(**filters))
    by_id = {r.item_id: r.title for r in ItemRevision.objects.all()}
    return [by_id[h.id] for h in found.hits]


def test_publishing_indexes_after_commit(published: list[Item]) -> None:
    assert titles("最低生活保障")[0] == "关于调整城乡居民最低生活保障标准的通知"


def test_title_fragment_comes_first(published: list[Item]) -> None:
    assert titles("政府信息公开")[0] == "中华人民共和国政府信息公开条例"


def test_body_phrase(published: list[Item]) -> None:
    assert titles("形成或者变更之日起20个工作日内")[0] == "中华人民共和国政府信息公开条例"


@pytest.mark.parametrize("typed", ["康民发〔2026〕8号", "康民发[2026]8号", "康民发（2026）8号", "康民发(２０２６)８号"])
def test_doc_number_in_any_bracket_style(published: list[Item], typed: str) -> None:
    assert titles(typed)[0] == "关于调整城乡居民最低生活保障标准的通知"


def test_order_number(published: list[Item]) -> None:
    assert titles("国务院令第711号")[0] == "中华人民共和国政府信息公开条例"


@pytest.mark.parametrize(
    ("short", "full"), [("信息公开条例", "中华人民共和国政府信息公开条例"), ("个保法", "中华人民共和国个人信息保护法")]
)
def test_short_names(published: list[Item], short: str, full: str) -> None:
    assert titles(short)[0] == full


def test_drafts_and_withdrawn_are_never_found(
    published: list[Item], editor_a: Any, unit_a: Unit, signer_a: Any, django_capture_on_commit_callbacks: Any
) -> None:
    services.create_item(
        editor_a, unit_a, title="尚未发布的草稿通知", formed_on=dt.date(2026, 3, 2), genre="notice", topic="general"
    )
    reindex_all()
    assert titles("草稿") == []
    with django_capture_on_commit_callbacks(execute=True):
        perform(signer_a, published[3].pk, "withdraw", reason="有误", reason_code="error")
    assert "关于调整城乡居民最低生活保障标准的通知" not in titles("最低生活保障")


def test_filters_and_paging(published: list[Item], unit_b: Unit) -> None:
    assert titles("信息", unit_id=unit_b.pk) == []
    first, second = search("信息", Filters(), 0, 1), search("信息", Filters(), 1, 1)
    assert first.total == second.total >= 3 and first.hits[0].id != second.hits[0].id


def test_empty_query(db: Any) -> None:
    assert search("   ").total == 0


def test_a_title_holding_a_short_names_full_name_is_lifted_like_one_holding_the_typed_text() -> None:
    from gongkai.search.backends.base import Hit
    from gongkai.search.engine import _order, _rerank

    policy = "康巴什区城乡居民最低生活保障实施办法"
    hits = [Hit(1, 50.0, "低保常见问题解答"), Hit(2, 20.0, policy), Hit(3, 40.0, "其他")]
    ranked = _order(_rerank(hits, "低保", ["最低生活保障"]))
    assert [h.id for h in ranked] == [1, 2, 3]  # both lifted above the unlifted third, BM25 orders them
    assert ranked[1].score == ranked[0].score - 30.0

"""What the public sees of information items: the item page, the 法定主动公开内容 column (by
domain, unit and topic), the historical plans, the home page blocks and the site-wide alert.

Items are made by the publishing services and workflow, as editors, reviewers and signers do.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client, RequestFactory
from django.utils import timezone

from gongkai.catalog.models import CatalogueEntry, Domain
from gongkai.orgs.models import Role, Unit
from gongkai.portal.context import alerts
from gongkai.publishing import attachments, services
from gongkai.publishing.models import Item, SiteAlert
from gongkai.publishing.workflow import drive, perform
from tests.publishing import conftest as publishing_fixtures
from tests.publishing.fixtures import builders

pytestmark = pytest.mark.django_db

# The fixtures of tests/publishing/conftest.py: `draft` and `flow` (submit, approve, sign, publish).
draft = publishing_fixtures.draft
flow = publishing_fixtures.flow

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 10, 9, 9, 0, tzinfo=SHANGHAI)
UNPUBLISHED = ["draft", "submitted", "approved", "signed"]

Make = Callable[..., Item]


def html_of(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return str(response.content.decode())


@pytest.fixture
def domain(db: Any) -> Domain:
    return Domain.objects.create(name="社会救助", code="social-assistance", kind=Domain.Kind.PILOT)


@pytest.fixture
def entry(domain: Domain) -> CatalogueEntry:
    return CatalogueEntry.objects.create(
        domain=domain,
        level=CatalogueEntry.Level.COUNTY,
        first_level="最低生活保障",
        second_level="保障标准",
        content_elements="城乡低保标准",
        basis="《社会救助暂行办法》",
        subject="区民政局",
        channels="政府网站",
    )


@pytest.fixture
def flow_b(make_person: Callable[..., Any], unit_b: Unit) -> Callable[[Item], Item]:
    reviewer = make_person("reviewer_b", Role.REVIEWER, unit_b)
    signer = make_person("signer_b", Role.SIGNER, unit_b)

    def run(item: Item) -> Item:
        return drive(item.pk, item.author, reviewer, signer)

    return run


@pytest.fixture
def make_public(
    editor_a: Any,
    editor_b: Any,
    unit_a: Unit,
    unit_b: Unit,
    flow: Callable[[Item], Item],
    flow_b: Callable[[Item], Item],
) -> Make:
    """Create and publish an item of unit A (or ``unit=unit_b``) at ``at`` (default NOW)."""

    def make(title: str, *, at: dt.datetime = NOW, unit: Unit | None = None, **data: Any) -> Item:
        fields = {
            "body_html": f"<p>{title}的正文</p>",
            "formed_on": dt.date(2026, 9, 25),
            "genre": "notice",
            "topic": "civil",
            **data,
        }
        in_b = unit is not None and unit.pk == unit_b.pk
        item = services.create_item(editor_b if in_b else editor_a, unit_b if in_b else unit_a, title=title, **fields)
        with time_machine.travel(at, tick=False):
            (flow_b if in_b else flow)(item)
        return Item.objects.get(pk=item.pk)

    return make


def advance(item: Item, state: str, reviewer: Any, signer: Any) -> Item:
    """Take a draft to ``state`` without publishing it."""
    if state == "draft":
        return item
    until = {"submitted": "submit", "approved": "approve", "signed": "sign"}[state]
    return drive(item.pk, item.author, reviewer, signer, until=until)


def revise(item: Item, editor: Any, **changes: Any) -> Item:
    perform(editor, item.pk, "revise")
    item.refresh_from_db()
    return services.update_item(editor, item, item.version, **changes)


# --- the item page -------------------------------------------------------------------------


def test_item_page_shows_every_metadata_field_and_the_published_text(
    client: Client, make_public: Make, entry: CatalogueEntry
) -> None:
    item = make_public(
        "关于调整城乡低保标准的通知",
        body_html="<p>自2026年10月1日起执行新标准。</p>",
        doc_number="测民发〔2026〕12号",
        written_on=dt.date(2026, 9, 20),
        genre="notice",
        topic="civil",
        catalogue_entry=entry,
    )
    html = html_of(client.get(f"/xxgk/items/{item.pk}/"))
    assert re.fullmatch(r"[0-9A-Z]{18}/2026-\d+", item.index_number)
    for value in [
        "索引号",
        item.index_number,
        "发布机构",
        "测试区民政局",
        "成文日期",
        "2026-09-20",
        "发布日期",
        "2026-10-09",
        "文号",
        "测民发〔2026〕12号",
        "主题分类",
        "民政、扶贫、救灾",
        "体裁",
        "通知",
        "有效性",
        "有效",
        "公开方式",
        "主动公开",
        "目录事项",
        "社会救助",
        "最低生活保障·保障标准",
        "关于调整城乡低保标准的通知",
        "<p>自2026年10月1日起执行新标准。</p>",
    ]:
        assert value in html, value
    assert html.count("<h1") == 1
    assert "更新记录" not in html  # one revision: no history table
    assert "<script" not in html
    assert not re.search(r"\sstyle\s*=", html)


def test_page_shows_the_published_text_not_a_revision_in_progress(
    client: Client, make_public: Make, editor_a: Any
) -> None:
    item = make_public("原标题", body_html="<p>原正文</p>")
    revise(item, editor_a, title="修改中的新标题", body_html="<p>修改中的正文</p>", doc_number="新文号")
    for url in [f"/xxgk/items/{item.pk}/", "/", f"/xxgk/statutory/unit/{item.unit_id}/"]:
        html = html_of(client.get(url))
        assert "原标题" in html, url
        assert "修改中" not in html, url
        assert "新文号" not in html, url


def test_a_republished_revision_shows_its_change_note_in_the_history(
    client: Client, make_public: Make, editor_a: Any, flow: Callable[[Item], Item]
) -> None:
    item = make_public("第一版标题")
    revise(item, editor_a, title="第二版标题", change_note="更正附件中的联系电话")
    with time_machine.travel(NOW + dt.timedelta(days=3), tick=False):
        flow(Item.objects.get(pk=item.pk))
    html = html_of(client.get(f"/xxgk/items/{item.pk}/"))
    assert "<h1>第二版标题</h1>" in html
    assert "<h1>第一版标题" not in html
    assert "更新记录" in html
    assert "第1版" in html and "第2版" in html
    assert "首次发布" in html
    assert "更正附件中的联系电话" in html
    assert "2026-10-09" in html  # first published on
    assert "2026-10-12" in html  # updated on


def test_attachments_of_the_published_revision_are_listed_and_downloadable(
    client: Client, draft: Item, editor_a: Any, flow: Callable[[Item], Item], settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    attachments.add_attachment(editor_a, draft, "实施细则.pdf", builders.PDF)
    flow(draft)
    later = revise(Item.objects.get(pk=draft.pk), editor_a, change_note="增加附件")
    extra = attachments.add_attachment(editor_a, later, "尚未发布的附件.pdf", builders.PDF)
    html = html_of(client.get(f"/xxgk/items/{draft.pk}/"))
    assert "实施细则.pdf" in html
    assert "PDF" in html
    assert "尚未发布的附件.pdf" not in html
    published = draft.attachments.get(name="实施细则.pdf")
    response = client.get(f"/xxgk/items/{draft.pk}/attachments/{published.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert client.get(f"/xxgk/items/{draft.pk}/attachments/{extra.pk}/").status_code == 404


@pytest.mark.parametrize("state", UNPUBLISHED)
def test_unpublished_items_are_on_no_public_page(
    client: Client, draft: Item, reviewer_a: Any, signer_a: Any, state: str
) -> None:
    item = advance(draft, state, reviewer_a, signer_a)
    assert item.state == state
    assert client.get(f"/xxgk/items/{item.pk}/").status_code == 404
    for url in [
        "/",
        "/xxgk/statutory/",
        f"/xxgk/statutory/unit/{item.unit_id}/",
        "/xxgk/statutory/topic/civil/",
        "/xxgk/plans/",
    ]:
        assert item.title not in html_of(client.get(url)), url


def test_unpublished_attachment_is_404(
    client: Client, draft: Item, editor_a: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    attachment = attachments.add_attachment(editor_a, draft, "草稿附件.pdf", builders.PDF)
    assert client.get(f"/xxgk/items/{draft.pk}/attachments/{attachment.pk}/").status_code == 404


def test_a_withdrawn_item_keeps_its_page_stating_the_reason(client: Client, make_public: Make, signer_a: Any) -> None:
    item = make_public("将被撤回的通知", body_html="<p>不再公开的正文</p>")
    with time_machine.travel(NOW + dt.timedelta(days=1), tick=False):
        perform(signer_a, item.pk, "withdraw", reason_code="superseded", reason="已由2026年第15号通知替代")
    html = html_of(client.get(f"/xxgk/items/{item.pk}/"))
    assert "将被撤回的通知" in html
    assert "本信息已撤回" in html
    assert "已被新信息替代" in html
    assert "已由2026年第15号通知替代" in html
    assert "2026-10-10" in html
    assert "不再公开的正文" not in html
    listing = html_of(client.get(f"/xxgk/statutory/unit/{item.unit_id}/"))
    assert "将被撤回的通知" in listing and "已撤回" in listing
    assert "将被撤回的通知" not in html_of(client.get("/"))  # not among the latest


def test_unknown_item_is_404(client: Client, db: Any) -> None:
    assert client.get("/xxgk/items/999999/").status_code == 404


# --- the column ----------------------------------------------------------------------------


def test_columns_filter_by_domain_unit_and_topic(
    client: Client, make_public: Make, entry: CatalogueEntry, unit_a: Unit, unit_b: Unit
) -> None:
    make_public("低保标准调整", catalogue_entry=entry, topic="civil")
    make_public("民政局机构职能", topic="organs")
    make_public("教育局招生简章", unit=unit_b, topic="science")
    expected = {
        "/xxgk/statutory/domain/social-assistance/": {"低保标准调整"},
        f"/xxgk/statutory/unit/{unit_a.pk}/": {"低保标准调整", "民政局机构职能"},
        f"/xxgk/statutory/unit/{unit_b.pk}/": {"教育局招生简章"},
        "/xxgk/statutory/topic/science/": {"教育局招生简章"},
        "/xxgk/statutory/topic/organs/": {"民政局机构职能"},
    }
    titles = {"低保标准调整", "民政局机构职能", "教育局招生简章"}
    for url, shown in expected.items():
        html = html_of(client.get(url))
        for title in titles:
            assert (title in html) == (title in shown), (url, title)


def test_column_is_paginated_newest_first(client: Client, make_public: Make, unit_a: Unit) -> None:
    for n in range(21):
        make_public(f"分页测试信息{n:02d}号", at=NOW + dt.timedelta(minutes=n))
    first = html_of(client.get(f"/xxgk/statutory/unit/{unit_a.pk}/"))
    assert "第 1 / 2 页" in first
    assert "共 21 条" in first
    assert first.index("分页测试信息20号") < first.index("分页测试信息01号")
    assert "分页测试信息00号" not in first
    assert 'href="?page=2"' in first
    second = html_of(client.get(f"/xxgk/statutory/unit/{unit_a.pk}/?page=2"))
    assert "第 2 / 2 页" in second
    assert "分页测试信息00号" in second
    assert "分页测试信息01号" not in second


def test_empty_columns_say_so(client: Client, unit_a: Unit, domain: Domain) -> None:
    for url in [
        f"/xxgk/statutory/unit/{unit_a.pk}/",
        "/xxgk/statutory/domain/social-assistance/",
        "/xxgk/statutory/topic/defence/",
        "/xxgk/plans/",
    ]:
        html = html_of(client.get(url))
        assert "empty-state" in html, url
        assert "第 1 / 1 页" not in html


@pytest.mark.parametrize(
    "url", ["/xxgk/statutory/domain/no-such/", "/xxgk/statutory/unit/999999/", "/xxgk/statutory/topic/no-such/"]
)
def test_unknown_column_is_404(client: Client, db: Any, url: str) -> None:
    assert client.get(url).status_code == 404


def test_statutory_page_links_every_way_in(client: Client, make_public: Make, entry: CatalogueEntry) -> None:
    item = make_public("国民经济和社会发展第十四个五年规划纲要", genre="plan", topic="economy", catalogue_entry=entry)
    html = html_of(client.get("/xxgk/statutory/"))
    assert 'href="/xxgk/statutory/domain/social-assistance/"' in html
    assert 'href="/xxgk/statutory/topic/economy/"' in html
    assert f'href="/xxgk/statutory/unit/{item.unit_id}/"' in html
    assert 'href="/xxgk/plans/"' in html
    assert f'href="/xxgk/items/{item.pk}/"' in html  # under Art. 20 (3): 规划
    assert "1条" in html


def test_plans_are_in_the_order_they_were_written(client: Client, make_public: Make, unit_b: Unit) -> None:
    make_public("第十四个五年规划纲要", genre="plan", written_on=dt.date(2021, 3, 1))
    make_public("2016年国民经济和社会发展计划", genre="programme", written_on=dt.date(2016, 2, 1), unit=unit_b)
    make_public("第十三个五年规划纲要", genre="plan", written_on=dt.date(2016, 1, 15))
    make_public("不是规划的通知", genre="notice", written_on=dt.date(2018, 1, 1))
    make_public("未标注成文日期的计划", genre="programme")
    html = html_of(client.get("/xxgk/plans/"))
    order = ["第十三个五年规划纲要", "2016年国民经济和社会发展计划", "第十四个五年规划纲要", "未标注成文日期的计划"]
    positions = [html.index(title) for title in order]
    assert positions == sorted(positions)
    assert "不是规划的通知" not in html
    assert html.index("2016年</h2>") < html.index("2021年</h2>") < html.index("成文日期未标注")
    assert "一张蓝图绘到底" in html


# --- home page -----------------------------------------------------------------------------


def test_home_lists_the_latest_published_items(client: Client, make_public: Make, draft: Item, editor_a: Any) -> None:
    make_public("较早的信息", at=NOW)
    make_public("最新的信息", at=NOW + dt.timedelta(hours=1))
    make_public("最新政策文件", at=NOW + dt.timedelta(hours=2), kind="policy")
    html = html_of(client.get("/"))
    latest = html[html.index('id="column-latest"') : html.index('id="column-policies"')]
    assert latest.index("最新政策文件") < latest.index("最新的信息") < latest.index("较早的信息")
    policies = html[html.index('id="column-policies"') : html.index('id="column-interpretations"')]
    assert "最新政策文件" in policies and "较早的信息" not in policies
    assert draft.title not in html


# --- the alert banner ----------------------------------------------------------------------


def test_active_alert_appears_on_every_page_until_it_ends(client: Client, make_public: Make) -> None:
    item = make_public("关于暴雪天气停课的紧急通知")
    SiteAlert.objects.create(item=item, text="暴雪红色预警：全区中小学停课", ends_at=NOW + dt.timedelta(hours=6))
    pages = ["/", "/xxgk/", "/xxgk/statutory/", f"/xxgk/items/{item.pk}/", "/xxgk/plans/", "/units/"]
    with time_machine.travel(NOW + dt.timedelta(hours=1), tick=False):
        for url in pages:
            html = html_of(client.get(url))
            assert "暴雪红色预警：全区中小学停课" in html, url
            assert f'<a href="/xxgk/items/{item.pk}/">暴雪红色预警' in html
        assert "暴雪红色预警" in client.get("/no-such-page/").content.decode()
    with time_machine.travel(NOW + dt.timedelta(hours=7), tick=False):
        for url in pages:
            assert "暴雪红色预警" not in html_of(client.get(url)), url


def test_inactive_alert_is_not_shown(client: Client, db: Any) -> None:
    SiteAlert.objects.create(text="已解除的预警", active=False)
    assert "已解除的预警" not in html_of(client.get("/"))


def test_alert_banner_costs_one_query(django_assert_num_queries: Any, make_public: Make) -> None:
    item = make_public("紧急通知")
    SiteAlert.objects.create(item=item, text="提示一")
    SiteAlert.objects.create(text="提示二", ends_at=timezone.now() + dt.timedelta(days=1))
    context = alerts(RequestFactory().get("/"))
    with django_assert_num_queries(1):
        shown = [
            (alert.text, alert.item.published_revision_id if alert.item else None) for alert in context["site_alerts"]
        ]
    assert {text for text, _ in shown} == {"提示一", "提示二"}


def test_article_20_categories_agree_everywhere(client: Any, editor_a: Any, unit_a: Any, flow: Any, db: Any) -> None:
    """A plan is 条例 Art. 20(3) on the statutory page, in its count and on the category page."""
    import datetime as dt

    from gongkai.catalog.services import seed_catalogue
    from gongkai.publishing import services

    seed_catalogue(None, entries=False)
    item = services.create_item(
        editor_a, unit_a, title="康巴什区国土空间总体规划", formed_on=dt.date(2026, 3, 2), genre="plan", topic="land"
    )
    flow(item)
    assert "康巴什区国土空间总体规划" in client.get("/xxgk/statutory/domain/art20-3/").content.decode()
    assert "共 1 条" in client.get("/xxgk/statutory/domain/art20-3/").content.decode()

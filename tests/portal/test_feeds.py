"""RSS and Atom feeds (site-wide, per unit, per catalogue domain, per topic) and sitemap.xml: public
items only, each linking its page; nothing unpublished, nothing about people."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

import feedparser
import pytest
import time_machine
from django.test import Client

from gongkai.catalog.models import CatalogueEntry, Domain
from gongkai.orgs.models import SiteProfile, Unit
from gongkai.portal.feeds import FEED_SIZE
from gongkai.publishing.models import Item
from gongkai.publishing.workflow import perform
from tests.portal import test_items_public as items_tests

pytestmark = pytest.mark.django_db

# Shared fixtures: the catalogue, the publishing flows of units A and B, and the item maker.
draft = items_tests.draft
flow = items_tests.flow
flow_b = items_tests.flow_b
domain = items_tests.domain
entry = items_tests.entry
make_public = items_tests.make_public
NOW = items_tests.NOW
Make = Callable[..., Item]

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def parse(client: Client, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert not feed.bozo, (url, feed.get("bozo_exception"))
    return feed


def titles(feed: Any) -> list[str]:
    return [entry.title for entry in feed.entries]


@pytest.fixture
def published(make_public: Make, entry: CatalogueEntry, unit_b: Unit) -> dict[str, Item]:
    return {
        "a_domain": make_public(
            "低保标准调整通知",
            catalogue_entry=entry,
            at=NOW,
            body_html="<p>新标准&nbsp;自10月起<strong>执行</strong>。</p>",
        ),
        "a_other": make_public("民政局机构职能", at=NOW + dt.timedelta(hours=1)),
        "b": make_public("教育局招生简章", unit=unit_b, at=NOW + dt.timedelta(hours=2)),
    }


FEEDS = ["/feeds/items/rss/", "/feeds/items/atom/"]


@pytest.mark.parametrize("url", FEEDS)
def test_site_feed_lists_published_items_newest_first(
    client: Client, site: SiteProfile, published: dict[str, Item], draft: Item, url: str
) -> None:
    feed = parse(client, url)
    assert titles(feed) == ["教育局招生简章", "民政局机构职能", "低保标准调整通知"]
    assert draft.title not in str(feed)
    entry = feed.entries[2]
    assert entry.link == f"http://testserver/xxgk/items/{published['a_domain'].pk}/"
    assert entry.summary == "新标准 自10月起执行。"  # plain text, no markup
    assert entry.published_parsed[:5] == (2026, 10, 9, 1, 0)  # 09:00 in Shanghai
    assert feed.feed.title == "测试区人民政府最新信息"


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_unit_and_domain_feeds_carry_only_their_items(
    client: Client, published: dict[str, Item], unit_a: Unit, unit_b: Unit, kind: str
) -> None:
    assert titles(parse(client, f"/feeds/units/{unit_a.pk}/{kind}/")) == ["民政局机构职能", "低保标准调整通知"]
    assert titles(parse(client, f"/feeds/units/{unit_b.pk}/{kind}/")) == ["教育局招生简章"]
    domain_feed = parse(client, f"/feeds/domains/social-assistance/{kind}/")
    assert titles(domain_feed) == ["低保标准调整通知"]
    assert "社会救助" in domain_feed.feed.title


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_topic_feeds_carry_the_published_revisions_topic(
    client: Client, make_public: Make, editor_a: Any, kind: str
) -> None:
    make_public("低保标准调整通知", at=NOW)  # topic civil (民政、扶贫、救灾)
    moving = make_public("城市供暖保障通知", topic="construction", at=NOW + dt.timedelta(hours=1))
    items_tests.revise(moving, editor_a, topic="civil")  # not public until the revision is
    civil = parse(client, f"/feeds/topics/civil/{kind}/")
    assert titles(civil) == ["低保标准调整通知"]
    assert civil.feed.title == "民政、扶贫、救灾主题最新信息"
    assert civil.feed.link == "http://testserver/xxgk/statutory/topic/civil/"
    assert titles(parse(client, f"/feeds/topics/construction/{kind}/")) == ["城市供暖保障通知"]
    assert titles(parse(client, f"/feeds/topics/finance/{kind}/")) == []


@pytest.mark.parametrize(
    "url", ["/feeds/units/999999/rss/", "/feeds/domains/no-such/atom/", "/feeds/topics/no-such/rss/"]
)
def test_feed_of_unknown_unit_or_domain_is_404(client: Client, db: Any, url: str) -> None:
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("url", FEEDS)
def test_feeds_show_the_published_revision_and_drop_withdrawn_items(
    client: Client, published: dict[str, Item], editor_a: Any, signer_a: Any, url: str
) -> None:
    items_tests.revise(published["a_other"], editor_a, title="修改中的标题")
    perform(signer_a, published["a_domain"].pk, "withdraw", reason_code="error", reason="发布有误")
    assert titles(parse(client, url)) == ["教育局招生简章", "民政局机构职能"]


def test_feeds_name_no_person(
    client: Client, published: dict[str, Item], editor_a: Any, reviewer_a: Any, signer_a: Any
) -> None:
    for url in FEEDS:
        body = client.get(url).content.decode()
        for person in [editor_a, reviewer_a, signer_a]:
            assert person.username not in body, (url, person.username)


def test_feed_holds_the_latest_fifty(client: Client, make_public: Make) -> None:
    for n in range(FEED_SIZE + 1):
        make_public(f"第{n:02d}条", at=NOW + dt.timedelta(minutes=n))
    feed = parse(client, "/feeds/items/rss/")
    assert len(feed.entries) == FEED_SIZE
    assert feed.entries[0].title == f"第{FEED_SIZE:02d}条"
    assert "第00条" not in titles(feed)


@pytest.mark.parametrize(
    ("page", "rss", "atom"),
    [
        ("/", "/feeds/items/rss/", "/feeds/items/atom/"),
        ("/xxgk/statutory/", "/feeds/items/rss/", "/feeds/items/atom/"),
        ("unit", "/feeds/units/{pk}/rss/", "/feeds/units/{pk}/atom/"),
        (
            "/xxgk/statutory/domain/social-assistance/",
            "/feeds/domains/social-assistance/rss/",
            "/feeds/domains/social-assistance/atom/",
        ),
        ("/xxgk/statutory/topic/civil/", "/feeds/topics/civil/rss/", "/feeds/topics/civil/atom/"),
    ],
)
def test_pages_link_their_feeds(client: Client, unit_a: Unit, domain: Domain, page: str, rss: str, atom: str) -> None:
    url = f"/xxgk/statutory/unit/{unit_a.pk}/" if page == "unit" else page
    rss, atom = rss.format(pk=unit_a.pk), atom.format(pk=unit_a.pk)
    html = client.get(url).content.decode()
    assert '<link rel="alternate" type="application/rss+xml"' in html
    assert f'href="{rss}"' in html
    assert f'href="{atom}"' in html
    head, body = html.split("</head>")
    assert rss in head and rss in body  # in the head and as a visible link


# --- sitemap.xml ---------------------------------------------------------------------------


def sitemap_urls(client: Client) -> dict[str, str | None]:
    """Every URL of every sitemap page the index at /sitemap.xml names, with its lastmod."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    index = ET.fromstring(response.content)  # noqa: S314 - our own response
    assert index.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    urls: dict[str, str | None] = {}
    for page in index.findall("sm:sitemap", SITEMAP_NS):
        location = page.findtext("sm:loc", namespaces=SITEMAP_NS) or ""
        response = client.get(location.removeprefix("http://testserver"))
        assert response.status_code == 200
        root = ET.fromstring(response.content)  # noqa: S314 - our own response
        for url in root.findall("sm:url", SITEMAP_NS):
            urls[url.findtext("sm:loc", namespaces=SITEMAP_NS) or ""] = url.findtext(
                "sm:lastmod", namespaces=SITEMAP_NS
            )
    return urls


def test_sitemap_lists_the_portal_pages_and_public_items_only(
    client: Client, make_public: Make, draft: Item, editor_a: Any, flow: Callable[[Item], Item], signer_a: Any
) -> None:
    item = make_public("已发布的信息", at=NOW)
    items_tests.revise(item, editor_a, change_note="更正错别字")
    with time_machine.travel(NOW + dt.timedelta(days=2), tick=False):
        flow(Item.objects.get(pk=item.pk))
    withdrawn = make_public("已撤回的信息", at=NOW)
    perform(signer_a, withdrawn.pk, "withdraw", reason_code="error", reason="发布有误")
    urls = sitemap_urls(client)
    for path in [
        "/",
        "/xxgk/",
        "/xxgk/guide/",
        "/xxgk/rules/",
        "/xxgk/statutory/",
        "/xxgk/plans/",
        "/xxgk/annual-reports/",
        "/units/",
    ]:
        assert f"http://testserver{path}" in urls, path
    assert (urls[f"http://testserver/xxgk/items/{item.pk}/"] or "").startswith("2026-10-11")  # latest revision
    assert f"http://testserver/xxgk/items/{withdrawn.pk}/" in urls  # its page stays, with the reason
    assert f"http://testserver/xxgk/items/{draft.pk}/" not in urls


def test_the_sitemap_index_names_every_page_of_items(
    client: Client, make_public: Make, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sitemap page holds ItemSitemap.limit URLs (5,000; 2 here): the index names each page,
    and together they list every public item once."""
    from gongkai.portal.sitemaps import ItemSitemap

    monkeypatch.setattr(ItemSitemap, "limit", 2)
    items = [make_public(f"信息{n}", at=NOW) for n in range(5)]
    index = client.get("/sitemap.xml").content.decode()
    assert "http://testserver/sitemap-items.xml?p=3" in index
    assert "p=4" not in index
    urls = sitemap_urls(client)
    assert all(f"http://testserver/xxgk/items/{item.pk}/" in urls for item in items)


@pytest.mark.parametrize("url", FEEDS)
def test_carried_documents_stay_out_of_the_feeds(
    client: Client, site: SiteProfile, published: dict[str, Item], url: str
) -> None:
    """A carried law is not the district's information and has no date of publication here
    (issue 17, point 1): the site's and its unit's feeds leave it out."""
    carried = published["a_domain"]
    Item.objects.filter(pk=carried.pk).update(carried=True)
    assert carried.title not in titles(parse(client, url))
    assert carried.title not in titles(parse(client, f"/feeds/units/{carried.unit_id}/rss/"))

"""The public side of the sites (issue 19) through the Django test client, one host per site:
the frame (name, logo, colour, 网站标识码 and registration numbers, the column navigation), the
column pages (/lm/<slug>/: breadcrumbs, sub-columns, newest first, paged, a retired one
redirects), a site's own home, and what every list shows on a site that is not the whole
library (statutory columns, feeds, sitemap); unlisted items in no list."""

from __future__ import annotations

import re
from typing import Any
from unittest import mock

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from gongkai import publiclinks
from gongkai.orgs.models import SiteProfile, Unit
from gongkai.portal import theme
from gongkai.publishing.models import Item
from gongkai.sites import current, placements, services
from gongkai.sites.models import Column, Site
from tests.portal import public_world
from tests.portal import test_items_public as items_public
from tests.publishing import conftest as publishing_fixtures

# Published items of unit A and B, made through the workflow (tests/portal/test_items_public.py).
draft, flow = publishing_fixtures.draft, publishing_fixtures.flow
flow_b, make_public = items_public.flow_b, items_public.make_public

pytestmark = pytest.mark.django_db

PORTAL_HOST, STREET_HOST = "www.example.cn", "street.example.cn"


@pytest.fixture
def portal(office: Any, site: SiteProfile) -> Site:
    return services.create_site(
        office, code="kbs", name="测试区人民政府", host=PORTAL_HOST, whole_library=True, is_default=True
    )


@pytest.fixture
def street(office: Any, unit_b: Unit) -> Site:
    return services.create_site(
        office,
        code="street",
        name="滨河街道政务公开",
        host=STREET_HOST,
        units=[unit_b],
        identifier="1506270001",
        icp_number="蒙ICP备00000001号",
        police_number="蒙公网安备15062702000001号",
        colour="#ffcc00",
    )


@pytest.fixture
def columns(office: Any, street: Site, unit_b: Unit) -> dict[str, Column]:
    """动态 (the street's unit's notices) with a sub-column 通知 and a column of picks only."""
    news = services.create_column(
        office, street, name="街道动态", slug="jddt", rules={"unit_ids": [unit_b.pk]}, on_home=True, home_count=2
    )
    notices = services.create_column(
        office, street, name="通知公告", slug="tzgg", parent_id=news.pk, rules={"unit_ids": [unit_b.pk]}
    )
    picked = services.create_column(office, street, name="上级文件", slug="sjwj", description="转载的上级文件")
    return {"news": news, "notices": notices, "picked": picked}


def get(host: str, path: str) -> Any:
    return Client(HTTP_HOST=host).get(path)


def html(host: str, path: str) -> str:
    response = get(host, path)
    assert response.status_code == 200, (path, response.status_code)
    return str(response.content.decode())


def titles(page: str) -> list[str]:
    return re.findall(r'<a href="/xxgk/items/\d+/">([^<]+)</a>', page)


# --- the frame ---------------------------------------------------------------------------------


def test_without_sites_the_frame_is_as_before(site: SiteProfile) -> None:
    page = html("testserver", "/")
    assert site.site_name in page
    assert "site-theme.css" not in page and "site-logo" not in page and "/lm/" not in page


def test_the_frame_shows_the_sites_identity_and_columns(street: Site, columns: dict[str, Column]) -> None:
    page = html(STREET_HOST, "/xxgk/")
    header = page.split("</header>")[0]
    assert "滨河街道政务公开" in header
    assert 'href="/site-theme.css?v=ffcc00"' in header
    # The top-level columns only, in the header navigation.
    assert '<a href="/lm/jddt/">街道动态</a>' in header and '<a href="/lm/sjwj/">上级文件</a>' in header
    assert "/lm/tzgg/" not in header
    footer = page.split('<footer class="site-footer">')[1]
    assert "网站标识码：1506270001" in footer
    assert "蒙ICP备00000001号" in footer and "蒙公网安备15062702000001号" in footer


def test_a_site_without_registrations_shows_the_platforms(portal: Site, site: SiteProfile) -> None:
    SiteProfile.objects.filter(pk=site.pk).update(site_code="1506270000", icp_number="蒙ICP备12345678号")
    footer = html(PORTAL_HOST, "/").split('<footer class="site-footer">')[1]
    assert "网站标识码：1506270000" in footer and "蒙ICP备12345678号" in footer


def test_the_theme_is_readable_whatever_the_colour(street: Site) -> None:
    css = html(STREET_HOST, "/site-theme.css")
    main = re.search(r"--red: (#[0-9a-f]{6})", css)
    assert main
    for colour in ["#ffcc00", "#ffffff", "#00ff00", "#b71c1c", "#123456", "#000000"]:
        made = theme.theme_of(colour)
        for shade in (made.main, made.dark):
            assert theme.contrast(theme.parse(shade), theme.WHITE) >= 7.0, (colour, shade)
            assert theme.contrast(theme.parse(shade), theme.PAPER) >= 7.0, (colour, shade)
    assert theme.theme_of("#123456").main == "#123456"  # dark enough: kept
    assert theme.parse(main.group(1)) == theme.readable(theme.parse("#ffcc00"))


def test_the_logo_is_served_only_as_an_image(street: Site, tmp_path: Any) -> None:
    from django.core.files.base import ContentFile

    assert get(STREET_HOST, "/site-logo").status_code == 404
    street.logo.save("logo.png", ContentFile(b"\x89PNG\r\n\x1a\n" + b"0" * 20), save=True)
    response = get(STREET_HOST, "/site-logo")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert 'class="site-logo" src="/site-logo?v=' in html(STREET_HOST, "/")
    street.logo.save("logo.svg", ContentFile(b"<svg/>"), save=True)
    assert get(STREET_HOST, "/site-logo").status_code == 404


def test_the_frame_adds_no_queries_for_the_site(street: Site, columns: dict[str, Column], office: Any) -> None:
    """After the first page, the frame (site profile, columns) comes from memory until something
    the public sees changes (a new page-cache generation)."""
    client = Client(HTTP_HOST=STREET_HOST)
    client.get("/xxgk/")
    with mock.patch.object(current, "TTL", float("inf")), CaptureQueriesContext(connection) as queries:
        assert client.get("/xxgk/").status_code == 200
    read = " ".join(q["sql"] for q in queries.captured_queries)
    assert "orgs_siteprofile" not in read and "sites_column" not in read and "sites_site" not in read
    services.update_column(office, columns["picked"], name="上级来文")
    assert "上级来文" in html(STREET_HOST, "/xxgk/")


# --- column pages ------------------------------------------------------------------------------


def test_a_column_page_lists_its_items_newest_first(
    street: Site, columns: dict[str, Column], make_public: Any, unit_b: Unit
) -> None:
    import datetime as dt

    older = make_public("街道旧通知", unit=unit_b, at=items_public.NOW - dt.timedelta(days=3))
    newer = make_public("街道新通知", unit=unit_b)
    make_public("部门的通知")  # unit A: not in the street's columns
    page = html(STREET_HOST, "/lm/tzgg/")
    assert "<h1>通知公告</h1>" in page
    assert titles(page) == ["街道新通知", "街道旧通知"]
    crumbs = page.split('class="breadcrumbs"')[1].split("</nav>")[0]
    assert '<a href="/">首页</a>' in crumbs and '<a href="/lm/jddt/">街道动态</a>' in crumbs
    assert '<span aria-current="page">通知公告</span>' in crumbs
    assert '<a href="/lm/tzgg/">通知公告</a>' in html(STREET_HOST, "/lm/jddt/")  # a sub-column
    assert "共 2 条" in page
    # The item page on the street names the columns it is in; on the portal it does not.
    item = html(STREET_HOST, f"/xxgk/items/{newer.pk}/")
    assert "本站栏目：" in item and '<a href="/lm/jddt/">街道动态</a>' in item
    assert older.pk and "本站栏目" not in html("testserver", f"/xxgk/items/{newer.pk}/")


def test_unknown_and_other_sites_columns_are_404(
    street: Site, portal: Site, columns: dict[str, Column], office: Any
) -> None:
    services.create_column(office, portal, name="要闻", slug="yw")
    assert get(STREET_HOST, "/lm/nothing/").status_code == 404
    assert get(STREET_HOST, "/lm/yw/").status_code == 404
    assert get(PORTAL_HOST, "/lm/yw/").status_code == 200
    assert get(PORTAL_HOST, "/lm/jddt/").status_code == 404


def test_a_retired_column_redirects(street: Site, columns: dict[str, Column], office: Any) -> None:
    services.update_column(office, columns["notices"], retired=True)
    response = get(STREET_HOST, "/lm/tzgg/?page=3")
    assert response.status_code == 301 and response["Location"] == "/lm/jddt/"
    services.update_column(office, columns["picked"], retired=True, redirect_to=columns["news"])
    assert get(STREET_HOST, "/lm/sjwj/")["Location"] == "/lm/jddt/"
    services.update_column(office, columns["news"], retired=True)
    response = get(STREET_HOST, "/lm/jddt/")
    assert response.status_code == 301 and response["Location"] == "/"
    assert "/lm/jddt/" not in html(STREET_HOST, "/").split("</header>")[0]


def _grow_into(column: Column, n: int, start: int) -> None:
    public_world.grow(n, start=start, pattern=["item"])
    Item.objects.filter(title__startswith="批量文件").update(unit=column.site.units.first())
    placements.rebuild_column(column)


def test_a_column_pages_queries_do_not_grow_with_its_items(
    street: Site, columns: dict[str, Column], office: Any
) -> None:
    def count(path: str) -> int:
        client = Client(HTTP_HOST=STREET_HOST)
        client.get(path)
        with mock.patch.object(current, "TTL", float("inf")), CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        return len(queries.captured_queries)

    _grow_into(columns["news"], 10, 0)
    small = {path: count(path) for path in ("/lm/jddt/", "/lm/jddt/?page=2", "/")}
    _grow_into(columns["news"], 1000, 10)
    large = {path: count(path) for path in ("/lm/jddt/", "/lm/jddt/?page=2", "/")}
    assert large == small
    page = html(STREET_HOST, "/lm/jddt/?page=2")
    assert len(titles(page)) == 20 and "超过 1000 条" in page


# --- a site's home -----------------------------------------------------------------------------


def test_a_sites_home_has_its_blocks_search_and_disclosure(
    street: Site, columns: dict[str, Column], make_public: Any, unit_b: Unit
) -> None:
    for n in range(3):
        make_public(f"街道信息{n}", unit=unit_b)
    page = html(STREET_HOST, "/")
    block = page.split('aria-labelledby="lm-jddt"')[1].split("</section>")[0]
    assert len(titles(block)) == 2  # home_count
    assert '<a class="more" href="/lm/jddt/">更多' in block
    assert 'action="/search/"' in page
    assert f'href="/xxgk/statutory/unit/{unit_b.pk}/"' in page and "政府信息公开" in page
    assert 'href="/xxgk/apply/"' in page
    assert "/xxgk/statutory/" in html("testserver", "/")  # the whole library keeps today's home


def test_the_portals_home_shows_its_own_home_columns(portal: Site, office: Any, make_public: Any) -> None:
    make_public("区政府要闻")
    services.create_column(office, portal, name="要闻", slug="yw", rules={"genres": ["notice"]}, on_home=True)
    page = html(PORTAL_HOST, "/")
    assert 'aria-labelledby="lm-yw"' in page and "区政府要闻" in page
    assert 'id="column-latest"' in page


# --- lists on a site ---------------------------------------------------------------------------


def test_lists_feeds_and_sitemap_are_the_sites(
    street: Site, portal: Site, columns: dict[str, Column], make_public: Any, unit_b: Unit
) -> None:
    own = make_public("街道通知一", unit=unit_b)
    other = make_public("部门通知一")
    hidden = make_public("补贴名单", unit=unit_b)
    Item.objects.filter(pk=hidden.pk).update(unlisted=True)
    # The 政府信息公开 column's lists.
    unit_page = html(STREET_HOST, f"/xxgk/statutory/unit/{unit_b.pk}/")
    assert titles(unit_page) == ["街道通知一"]
    assert titles(html(STREET_HOST, "/xxgk/statutory/topic/civil/")) == ["街道通知一"]
    assert set(titles(html(PORTAL_HOST, "/xxgk/statutory/topic/civil/"))) == {"街道通知一", "部门通知一"}
    # Feeds: the street's placements; the portal's everything listed.
    street_feed = html(STREET_HOST, "/feeds/items/rss/")
    assert "街道通知一" in street_feed and "部门通知一" not in street_feed and "补贴名单" not in street_feed
    assert "<title>滨河街道政务公开最新信息</title>" in street_feed
    portal_feed = html(PORTAL_HOST, "/feeds/items/atom/")
    assert "街道通知一" in portal_feed and "部门通知一" in portal_feed and "补贴名单" not in portal_feed
    assert "部门通知一" not in html(STREET_HOST, "/feeds/topics/civil/rss/")
    # Sitemaps: the street's columns and items; the portal's every listed item.
    index = html(STREET_HOST, "/sitemap.xml")
    assert "sitemap-columns.xml" in index
    assert "/lm/jddt/" in html(STREET_HOST, "/sitemap-columns.xml")
    street_items = html(STREET_HOST, "/sitemap-items.xml")
    assert f"/xxgk/items/{own.pk}/" in street_items and f"/xxgk/items/{other.pk}/" not in street_items
    portal_items = html(PORTAL_HOST, "/sitemap-items.xml")
    assert f"/xxgk/items/{other.pk}/" in portal_items and f"/xxgk/items/{hidden.pk}/" not in portal_items
    assert "sitemap-columns.xml" not in html(PORTAL_HOST, "/sitemap.xml")
    # Unlisted: in no list of the portal either.
    assert "补贴名单" not in html(PORTAL_HOST, f"/xxgk/statutory/unit/{unit_b.pk}/")
    assert "补贴名单" not in html(PORTAL_HOST, "/")


def test_the_public_links_name_a_sites_column(columns: dict[str, Column]) -> None:
    assert publiclinks.public_url("site_column", "jddt") == "/lm/jddt/"
    assert publiclinks.public_url("column", columns["news"]) == "/lm/jddt/"
    assert publiclinks.page_at("/lm/jddt/") == publiclinks.Page("site_column", {"slug": "jddt"})

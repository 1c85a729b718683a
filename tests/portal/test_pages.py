"""The public portal shell: pages, the 政府信息公开指南, the accessibility switch, 404, CSRF."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.contrib.staticfiles import finders
from django.test import Client

from gongkai.orgs.models import SiteProfile, Unit
from gongkai.portal.context import A11Y_COOKIE
from gongkai.portal.disclosure import ARTICLE_20, PARTS
from tests.builders import make_code

pytestmark = pytest.mark.django_db

FOUR_PARTS = ["政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开年报"]

PAGES = [
    ("/", ["政务公开", "政府信息公开", *FOUR_PARTS, "最新信息", "政策文件", "依申请公开", "政务咨询", "单位目录"]),
    ("/xxgk/", ["政府信息公开", *FOUR_PARTS]),
    ("/xxgk/guide/", ["政府信息公开指南", "信息分类与编排体系", "获取政府信息的方式", "依申请公开", "监督和救济"]),
    ("/xxgk/rules/", ["政府信息公开制度", "国务院令第711号", "国办函〔2020〕109号", "国办公开办函〔2021〕30号"]),
    ("/xxgk/statutory/", ["法定主动公开内容", "按类别查阅", "按单位查阅"]),
    ("/xxgk/annual-reports/", ["政府信息公开工作年度报告", "1月31日", "3月31日"]),
    ("/units/", ["单位目录"]),
]

SAME_SITE = {"Origin": "http://testserver"}


def text_of(response: Any) -> str:
    return response.content.decode()


@pytest.fixture
def portal(site: SiteProfile, unit_a: Unit, unit_b: Unit) -> SiteProfile:
    Unit.objects.create(
        name="测试区滨河街道办事处", kind=Unit.Kind.STREET, credit_code=make_code(51), parent=site.government
    )
    site.postcode = "017010"
    site.fax = "0477-7654321"
    site.email = "zwgk@test.example.gov.cn"
    site.website = "https://www.test.example.gov.cn/"
    site.save()
    return site


@pytest.mark.parametrize(("url", "headings"), PAGES)
def test_page_renders_with_its_headings(client: Client, portal: SiteProfile, url: str, headings: list[str]) -> None:
    response = client.get(url)
    assert response.status_code == 200
    html = text_of(response)
    for heading in headings:
        assert heading in html, heading
    assert '<html lang="zh-Hans">' in html
    assert html.count("<h1") == 1
    # Identity in header and footer.
    assert "测试区人民政府" in html
    assert "测试区政务公开办公室" in html


@pytest.mark.parametrize(("url", "headings"), PAGES)
def test_pages_work_without_a_site_profile(client: Client, db: Any, url: str, headings: list[str]) -> None:
    response = client.get(url)
    assert response.status_code == 200
    assert "政务公开平台" in text_of(response)


@pytest.mark.parametrize("url", [url for url, _ in PAGES] + ["/no-such-page/"])
def test_pages_have_no_inline_script_or_style(client: Client, portal: SiteProfile, url: str) -> None:
    response = client.get(url)
    html = text_of(response)
    assert "<script" not in html
    assert "<style" not in html
    assert not re.search(r"\sstyle\s*=", html)
    assert "style-src 'self'" in response.headers["Content-Security-Policy"]
    assert "/static/css/site.css" in html


def test_home_has_the_disclosure_entry_and_honest_empty_columns(client: Client, portal: SiteProfile) -> None:
    html = text_of(client.get("/"))
    for part in PARTS:
        assert f'href="{part.url}"' in html
    # five empty lists; 依申请公开 shows this year's figures, zero included (issue 17, point 3)
    assert html.count("暂无信息") >= 5
    assert "收到申请：<strong>0</strong> 件" in html
    assert 'href="/units/"' in html
    assert "本平台共收录 4 个单位" in html  # the government, two departments and a street


def test_xxgk_index_links_the_four_parts(client: Client, portal: SiteProfile) -> None:
    html = text_of(client.get("/xxgk/"))
    for path in ["/xxgk/guide/", "/xxgk/rules/", "/xxgk/statutory/", "/xxgk/annual-reports/"]:
        assert f'href="{path}"' in html


def test_guide_is_generated_from_the_site_profile(client: Client, portal: SiteProfile) -> None:
    html = text_of(client.get("/xxgk/guide/"))
    for value in [
        portal.office_name,
        portal.address,
        portal.postcode,
        portal.office_hours,
        portal.phone,
        portal.fax,
        portal.email,
        portal.website,
    ]:
        assert value in html, value
    assert "0477-1234567" in html
    assert "测试路1号" in html


def test_guide_states_the_statutory_periods_fees_and_remedies(client: Client, portal: SiteProfile) -> None:
    html = text_of(client.get("/xxgk/guide/"))
    assert "自收到申请之日起20个工作日内予以答复" in html  # Art. 33
    assert "延长的期限最长不超过20个工作日" in html  # Art. 33
    assert "7个工作日内一次性告知" in html  # Art. 30
    assert "数量、频次明显超过合理范围" in html  # Art. 42
    assert "国办函〔2020〕109号" in html
    assert "60日内" in html  # 行政复议法 Art. 20
    assert "6个月内" in html  # 行政诉讼法 Art. 46
    assert 'id="apply"' in html


def test_guide_lists_units_with_their_kind(client: Client, portal: SiteProfile) -> None:
    html = text_of(client.get("/xxgk/guide/"))
    assert "<td>测试区民政局</td><td>政府部门</td>" in html
    assert "<td>测试区滨河街道办事处</td><td>街道办事处</td>" in html
    inactive = Unit.objects.get(name="测试区教育局")
    inactive.active = False
    inactive.save()
    assert "测试区教育局" not in text_of(client.get("/xxgk/guide/"))


def test_guide_shows_its_update_date(client: Client, portal: SiteProfile) -> None:
    SiteProfile.objects.filter(pk=portal.pk).update(
        updated_at=datetime.datetime(2025, 3, 4, 20, 0, tzinfo=datetime.UTC)  # 2025-03-05 04:00 in Shanghai
    )
    html = text_of(client.get("/xxgk/guide/"))
    assert "指南更新日期" in html
    assert '<time datetime="2025-03-05">2025年3月5日</time>' in html


def test_guide_without_a_site_profile_says_so(client: Client, unit_a: Unit) -> None:
    html = text_of(client.get("/xxgk/guide/"))
    assert "本指南暂不完整" in html
    assert "尚未登记工作机构信息" in html
    assert "指南更新日期" not in html
    assert "测试区民政局" in html


def test_rules_list_the_governing_texts_and_an_empty_own_section(client: Client, portal: SiteProfile) -> None:
    html = text_of(client.get("/xxgk/rules/"))
    assert "《中华人民共和国政府信息公开条例》" in html
    assert "《政府信息公开信息处理费管理办法》" in html
    assert "国办公开办函〔2019〕61号" in html
    assert "本级政府信息公开工作制度" in html
    assert "暂无信息" in html
    assert '<a href="http' not in html  # the texts are listed, not linked to outside sites


def test_statutory_lists_the_fifteen_categories_and_the_units(client: Client, portal: SiteProfile) -> None:
    html = text_of(client.get("/xxgk/statutory/"))
    assert len(ARTICLE_20) == 15
    for category in ARTICLE_20:
        assert str(category.title) in html
    assert "机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名" in html
    assert "社会救助" in html  # Art. 21
    for name in ["测试区民政局", "测试区教育局", "测试区滨河街道办事处"]:
        assert name in html
    assert html.count("暂无信息") >= 15 + 7 + 4


@time_machine.travel(datetime.datetime(2025, 6, 1, 12, tzinfo=datetime.UTC), tick=False)
def test_annual_reports_show_the_due_dates(client: Client, portal: SiteProfile) -> None:
    html = text_of(client.get("/xxgk/annual-reports/"))
    assert "各部门2024年度报告：2025年1月31日前公布" in html
    assert "本级政府2024年度报告：2025年3月31日前公布" in html
    assert "第四十九条" in html
    assert "暂无信息" in html


def test_units_page_groups_units_by_kind(client: Client, portal: SiteProfile) -> None:
    html = text_of(client.get("/units/"))
    assert html.index("政府部门") < html.index("测试区民政局") < html.index("街道办事处") < html.index("测试区滨河街道")


def test_nav_marks_the_current_section(client: Client, portal: SiteProfile) -> None:
    html = text_of(client.get("/xxgk/rules/"))
    assert '<a href="/xxgk/" aria-current="page">' in html
    assert '<a href="/xxgk/rules/" aria-current="page">' in html
    assert '<a href="/" aria-current="page">' not in html


# ---- The accessibility switch ----


def test_large_mode_sets_the_cookie_and_returns_to_the_page(client: Client, portal: SiteProfile) -> None:
    response = client.post("/accessibility/", {"mode": "large", "next": "/xxgk/guide/?a=1"}, headers=SAME_SITE)
    assert response.status_code == 302
    assert response["Location"] == "/xxgk/guide/?a=1"
    cookie = response.cookies[A11Y_COOKIE]
    assert cookie.value == "large"
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) > 30 * 24 * 3600
    html = text_of(client.get("/xxgk/guide/"))
    assert '<body class="a11y-large">' in html
    assert 'value="large" aria-pressed="true"' in html
    assert 'value="standard" aria-pressed="false"' in html


def test_contrast_mode_sets_the_body_class(client: Client, portal: SiteProfile) -> None:
    client.post("/accessibility/", {"mode": "contrast", "next": "/"}, headers=SAME_SITE)
    assert '<body class="a11y-contrast">' in text_of(client.get("/"))


def test_large_contrast_cookie_gives_both_classes(client: Client, portal: SiteProfile) -> None:
    client.cookies[A11Y_COOKIE] = "large-contrast"
    assert '<body class="a11y-large a11y-contrast">' in text_of(client.get("/"))


def test_an_unknown_cookie_value_means_standard(client: Client, portal: SiteProfile) -> None:
    client.cookies[A11Y_COOKIE] = '"><script>'
    html = text_of(client.get("/"))
    assert '<body class="a11y-standard">' in html
    assert "<script" not in html


@pytest.mark.parametrize("mode", ["standard", "nonsense", ""])
def test_standard_or_unknown_mode_clears_the_cookie(client: Client, portal: SiteProfile, mode: str) -> None:
    client.cookies[A11Y_COOKIE] = "large"
    response = client.post("/accessibility/", {"mode": mode, "next": "/xxgk/"}, headers=SAME_SITE)
    assert response.status_code == 302
    assert response["Location"] == "/xxgk/"
    assert response.cookies[A11Y_COOKIE].value == ""
    assert response.cookies[A11Y_COOKIE]["max-age"] == 0
    assert '<body class="a11y-standard">' in text_of(client.get("/xxgk/"))


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "http://evil.example/xxgk/",
        "//evil.example/",
        "/\\evil.example/",
        "\\\\evil.example",
        "javascript:alert(1)",
        "http://testserver/xxgk/",  # absolute URLs are refused even to this host: paths only
        "xxgk/",
        "",
    ],
)
def test_the_switch_refuses_to_redirect_off_site(client: Client, portal: SiteProfile, target: str) -> None:
    response = client.post("/accessibility/", {"mode": "large", "next": target}, headers=SAME_SITE)
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_the_switch_without_next_goes_home(client: Client, portal: SiteProfile) -> None:
    response = client.post("/accessibility/", {"mode": "large"}, headers=SAME_SITE)
    assert response["Location"] == "/"


def test_the_switch_only_accepts_post(client: Client, portal: SiteProfile) -> None:
    assert client.get("/accessibility/?mode=large").status_code == 405


def test_the_form_returns_to_the_current_page(client: Client, portal: SiteProfile) -> None:
    html = text_of(client.get("/xxgk/statutory/?x=1"))
    assert '<input type="hidden" name="next" value="/xxgk/statutory/?x=1">' in html


def test_the_a11y_form_is_the_same_for_everyone_and_refuses_other_sites(portal: SiteProfile) -> None:
    """No per-visitor token in the form (every public page carries it and must stay cacheable,
    issue 18); a POST from another site, or one naming no site at all, is refused by its Origin
    or Referer instead, even with CSRF checks enforced."""
    client = Client(enforce_csrf_checks=True)
    html = text_of(client.get("/"))
    form = re.search(r'<form class="a11y-switch" method="post" action="/accessibility/">(.*?)</form>', html, re.S)
    assert form is not None
    assert "csrfmiddlewaretoken" not in form.group(1)
    assert "csrftoken" not in client.get("/").cookies
    for headers in ({}, {"Origin": "https://evil.example"}, {"Origin": "null"}, {"Referer": "https://evil.example/x"}):
        response = client.post("/accessibility/", {"mode": "large", "next": "/"}, headers=headers)
        assert response.status_code == 403, headers
        assert A11Y_COOKIE not in response.cookies
    for headers in (SAME_SITE, {"Referer": "http://testserver/xxgk/"}):
        response = client.post("/accessibility/", {"mode": "large", "next": "/"}, headers=headers)
        assert response.status_code == 302
        assert response.cookies[A11Y_COOKIE].value == "large"


# ---- Errors ----


def test_404_page_is_chinese(client: Client, portal: SiteProfile) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = text_of(response)
    assert "页面不存在" in html
    assert "返回首页" in html
    assert '<html lang="zh-Hans">' in html
    assert "Not Found" not in html


def test_404_page_without_a_site_profile(client: Client, db: Any) -> None:
    response = client.get("/xxgk/no-such-part/")
    assert response.status_code == 404
    assert "页面不存在" in text_of(response)


# ---- Stylesheet ----


def test_stylesheet_has_the_modes_and_the_mobile_layout() -> None:
    path = finders.find("css/site.css")
    assert path
    css = Path(path).read_text(encoding="utf-8")
    for selector in [
        "body.a11y-large",
        "body.a11y-contrast",
        ".skip-link",
        ":focus-visible",
        "@media (max-width: 640px)",
        ".empty-state",
        ".workbench",
        ".messages",
        "table",
    ]:
        assert selector in css, selector
    assert "@import" not in css
    assert "url(http" not in css  # no web fonts or images from a CDN
    large = re.search(r"body\.a11y-large \{[^}]*font-size: (\d+)px", css)
    assert large is not None
    assert int(large.group(1)) >= 20

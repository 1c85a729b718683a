"""Issue 19, Done when: a withdrawal at the district disappears from the city's site and search
after the next cycle — in Chromium, against two independent instances (bench/instances.py: each
its own data dir, gunicorn and office), paired through the API as two offices would.

The city's office maps the district's items to its column 下级动态 on the partner's page (交换伙伴,
the workbench); the district publishes an item and the cycle carries it up: it is on the city's
column page and in the city's search. The district withdraws it and presses 立即同步 on its own
partner page: the item leaves the city's column and search.

No database of the test process is used: the two instances are other processes.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from bench import exchangeload as load
from bench.instances import PASSWORD, Instance, cluster, pair
from tests.browser.conftest import AXE_PATH, SCREENSHOTS, blocking, describe, run_axe

pytestmark = pytest.mark.browser

# The city's site (its own host on its own instance) with a column fed only by hand-picked items:
# what the exchange puts there, and nothing else.
CITY_SITE = """
from django.contrib.auth import get_user_model
from gongkai.sites import services
office = get_user_model().objects.get(username="office")
site = services.create_site(office, code="city", name="鄂尔多斯市人民政府", host="127.0.0.1", is_default=True,
    whole_library=True, active=True)
services.create_column(office, site, name="下级动态", slug="xjdt", rules={}, on_home=True)
print(site.pk)
"""
TAG = "浏览器撤回"
TITLE = f"康巴什区民政局关于第4242号交换测试事项的通知（{TAG}）"


@pytest.fixture(scope="module")
def instances(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Instance, Instance]]:
    with cluster(tmp_path_factory.mktemp("exchange-browser")) as made:
        district = made.add("d", "康巴什区", "150603")
        city = made.add("city", "鄂尔多斯市", "150600")
        pair(district, city, "up")
        city.shell(CITY_SITE)
        yield district, city


def log_in(page: Page, instance: Instance) -> None:
    page.goto(instance.url("/workbench/login/"))
    page.get_by_label("用户名").fill("office")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(instance.url("/workbench/"))


def shot(page: Page, name: str) -> None:
    """The partner pages for docs/screenshots/exchange/, only with GONGKAI_SCREENSHOTS=1."""
    if os.environ.get("GONGKAI_SCREENSHOTS") == "1":
        folder = Path(SCREENSHOTS) / "exchange"
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / name), full_page=True)


def open_partner(page: Page, instance: Instance, name: str) -> None:
    page.goto(instance.url("/workbench/exchange/"))
    expect(page.get_by_role("heading", name="交换伙伴")).to_be_visible()
    page.get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", name=name)).to_be_visible()


def shown(page: Page, instance: Instance, path: str, text: str) -> bool:
    page.goto(instance.url(path))
    return text in page.content()


def accessible(page: Page) -> None:
    violations = blocking(run_axe(page))
    assert not violations, describe(violations)


def test_a_district_withdrawal_leaves_the_citys_site_and_search(
    browser: Browser, axe_source: bytes, instances: tuple[Instance, Instance]
) -> None:
    district, city = instances
    contexts = [browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}) for _ in range(2)]
    for context in contexts:
        context.route(
            f"**{AXE_PATH}", lambda route: route.fulfill(body=axe_source, content_type="application/javascript")
        )
    try:
        city_page, district_page = (context.new_page() for context in contexts)

        # The city's office: the district's items go to 下级动态.
        log_in(city_page, city)
        open_partner(city_page, city, "康巴什区")
        city_page.get_by_label("鄂尔多斯市人民政府 · 下级动态").check()
        city_page.get_by_role("button", name="保存交换内容").click()
        expect(city_page.get_by_text("交换内容和接收栏目已保存")).to_be_visible()
        accessible(city_page)
        shot(city_page, "partner.png")

        # Published once at the district, carried up by the cycle.
        spec = {"unit": district.unit_id, "tag": TAG, "start": 4242, "count": 1, "kind": "item"}
        (item_id,) = json.loads(district.shell(load.PUBLISH, json.dumps(spec)).splitlines()[-1])
        assert district.cycle()["accepted"] == 1
        assert shown(city_page, city, "/lm/xjdt/", TITLE)
        assert shown(city_page, city, "/search/?q=第4242号交换测试事项", TITLE)

        # Withdrawn at the district; its office presses 立即同步 on the city's partner page.
        district.shell(load.WITHDRAW, json.dumps({"ids": [item_id]}))
        log_in(district_page, district)
        open_partner(district_page, district, "鄂尔多斯市")
        district_page.get_by_role("button", name="立即同步").click()
        expect(district_page.get_by_text("同步完成")).to_be_visible()
        shot(district_page, "partner-synced.png")

        assert not shown(city_page, city, "/lm/xjdt/", TITLE)
        assert not shown(city_page, city, "/search/?q=第4242号交换测试事项", TITLE)
        district_page.goto(district.url("/workbench/exchange/"))
        expect(district_page.get_by_role("cell", name="已配对")).to_be_visible()
        accessible(district_page)
        shot(district_page, "partners-list.png")
        district_page.get_by_role("link", name="添加交换伙伴").click()
        accessible(district_page)
    finally:
        for context in contexts:
            context.close()

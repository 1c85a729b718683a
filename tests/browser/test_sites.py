"""Two sites on two host names over one library, in Chromium (issue 19, Done when): a department's
site (a.localhost) and a street's (b.localhost) with different columns; an item published once
by its unit appears in a column of each and in each site's search; after its signer withdraws it
in the workbench, it is gone from both sites' columns and search. The new pages are axe-clean
and fit a phone. With GONGKAI_SCREENSHOTS=1 writes docs/screenshots/site-home*.png and
site-column*.png (the street's home and a column page, desktop and phone).

Chromium resolves *.localhost to 127.0.0.1, so one live server answers both hosts; the sites'
hosts are allowed at run time (gongkai/sites/hosts.py)."""

from __future__ import annotations

import datetime as dt
import os
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from playwright.sync_api import Page, expect

from gongkai.orgs.models import Membership, SiteProfile, Unit
from gongkai.publishing import services as items
from gongkai.publishing.models import Item
from gongkai.publishing.workflow import drive
from gongkai.sites import services
from gongkai.sites.demo import STREET
from tests.browser.conftest import blocking, describe, keep_screenshot, run_axe
from tests.builders import PASSWORD

pytestmark = pytest.mark.browser

DEPARTMENT = "康巴什区民政局"
TITLE = "关于发放2026年冬季取暖补贴的通知"
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def site_hosts(live_server: Any, settings: Any) -> None:
    """The live server appended its own host to ALLOWED_HOSTS, which made it a plain list again:
    allow the sites' hosts at run time once more (as tests/conftest.py does for the suite)."""
    from gongkai.sites.hosts import SiteHosts

    settings.ALLOWED_HOSTS = SiteHosts(list.__iter__(settings.ALLOWED_HOSTS))


@pytest.fixture
def world(demo_site: SiteProfile, site_hosts: None) -> dict[str, Any]:
    """The two sites, their columns, the department's editor, reviewer and signer, the office."""
    unit = Unit.objects.get(name=DEPARTMENT)
    street = Unit.objects.filter(name=STREET).first() or Unit.objects.filter(kind=Unit.Kind.STREET).first()
    assert street is not None
    people = {}
    for role in ("editor", "reviewer", "signer", "office"):
        user = get_user_model().objects.create_user(username=role, password=PASSWORD)
        Membership.objects.create(user=user, unit=unit, role=role)
        people[role] = user
    office = people["office"]
    with transaction.atomic():
        a = services.create_site(office, code="mzj", name="康巴什区民政局网站", host="a.localhost", units=[unit])
        b = services.create_site(
            office, code="street", name=f"{street.name}政务公开", host="b.localhost", units=[street], colour="#1565c0"
        )
        services.create_column(office, a, name="工作动态", slug="gzdt", rules={"unit_ids": [unit.pk]}, on_home=True)
        services.create_column(office, a, name="部门文件", slug="bmwj", rules={"kinds": ["policy"]})
        services.create_column(office, b, name="惠民政策", slug="hmzc", rules={"topics": ["civil"]}, on_home=True)
        services.create_column(office, b, name="街道动态", slug="jddt", rules={"unit_ids": [street.pk]}, on_home=True)
    if os.environ.get("GONGKAI_SCREENSHOTS") == "1":
        street_news(office, street)  # the pictures show a street's site with something on it
    return {"unit": unit, "people": people}


def street_news(office: Any, street: Unit) -> None:
    """The street's own notices of the demo (gongkai/sites/demo.py), published on their day."""
    from django.utils import timezone

    from gongkai.publishing.workflow import publish_now
    from gongkai.sites.demo import STREET_ITEMS

    for title, genre, topic, day in STREET_ITEMS:
        item = items.create_item(
            office, street, title=title, genre=genre, topic=topic, formed_on=day, body_html=f"<p>{title}。</p>"
        )
        publish_now(item, office, dt.datetime.combine(day, dt.time(9, 30), timezone.get_current_timezone()))


def publish(world: dict[str, Any]) -> Item:
    people = world["people"]
    item = items.create_item(
        people["editor"],
        world["unit"],
        title=TITLE,
        body_html="<p>冬季取暖补贴按户发放，请符合条件的居民于12月底前申领。</p>",
        formed_on=dt.date(2026, 11, 20),
        genre="notice",
        topic="civil",
    )
    return drive(item.pk, people["editor"], people["reviewer"], people["signer"])


def on(live_server: Any, host: str, path: str) -> str:
    port = urlsplit(live_server.url).port
    return f"http://{host}:{port}{path}"


def check_axe(page: Page) -> None:
    problems = blocking(run_axe(page))
    assert not problems, describe(problems)


def fits(page: Page) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide on a {PHONE['width']}px phone"


def test_one_item_on_two_sites_and_withdrawn_from_both(
    new_context: Any, live_server: Any, world: dict[str, Any]
) -> None:
    item = publish(world)
    reader = new_context().new_page()
    # The department's site: its own name and columns; the item in 工作动态.
    reader.goto(on(live_server, "a.localhost", "/"))
    expect(reader.locator(".site-title")).to_have_text("康巴什区民政局网站")
    expect(reader.get_by_role("navigation", name="主导航").get_by_role("link", name="部门文件")).to_be_attached()
    reader.goto(on(live_server, "a.localhost", "/lm/gzdt/"))
    expect(reader.get_by_role("heading", level=1, name="工作动态")).to_be_visible()
    expect(reader.get_by_role("link", name=TITLE)).to_be_visible()
    check_axe(reader)
    # The street's site: other columns, the same item in 惠民政策, its page naming the column.
    reader.goto(on(live_server, "b.localhost", "/"))
    expect(reader.get_by_role("navigation", name="主导航").get_by_role("link", name="惠民政策")).to_be_attached()
    expect(reader.get_by_role("navigation", name="主导航").get_by_role("link", name="部门文件")).to_have_count(0)
    expect(reader.get_by_role("link", name=TITLE)).to_be_visible()
    check_axe(reader)
    keep_screenshot(reader, "site-home.png")
    reader.goto(on(live_server, "b.localhost", "/lm/jddt/"))
    expect(reader.get_by_role("heading", level=1, name="街道动态")).to_be_visible()
    keep_screenshot(reader, "site-column.png")
    reader.goto(on(live_server, "b.localhost", "/lm/hmzc/"))
    check_axe(reader)
    reader.get_by_role("link", name=TITLE).click()
    expect(reader.locator(".item-site-columns")).to_contain_text("惠民政策")
    for host in ("a.localhost", "b.localhost"):
        reader.goto(on(live_server, host, "/search/?q=取暖补贴"))
        expect(reader.get_by_role("link", name=TITLE)).to_be_visible()

    # On a phone: the street's home and column fit, the menu opens without JavaScript.
    phone = new_context(viewport=PHONE, is_mobile=True).new_page()
    for path, name in (("/", "site-home-phone.png"), ("/lm/jddt/", "site-column-phone.png")):
        phone.goto(on(live_server, "b.localhost", path))
        fits(phone)
        keep_screenshot(phone, name)
    phone.get_by_text("菜单").click()
    expect(phone.get_by_role("link", name="街道动态").first).to_be_visible()

    # The signer withdraws it in the workbench (on the department's host).
    signer = new_context().new_page()
    signer.goto(on(live_server, "a.localhost", "/workbench/login/"))
    signer.get_by_label("用户名").fill("signer")
    signer.get_by_label("密码").fill(PASSWORD)
    signer.get_by_role("button", name="登录").click()
    signer.wait_for_url("**/workbench/")
    signer.goto(on(live_server, "a.localhost", f"/workbench/items/{item.pk}/"))
    signer.get_by_label("撤回说明（将在公开页面显示）").fill("补贴标准调整，另行发布")
    with signer.expect_navigation():
        signer.get_by_role("button", name="撤回", exact=True).click()
    item.refresh_from_db()
    assert item.state == "withdrawn"

    for host, column in (("a.localhost", "/lm/gzdt/"), ("b.localhost", "/lm/hmzc/")):
        reader.goto(on(live_server, host, column))
        expect(reader.get_by_role("link", name=TITLE)).to_have_count(0)
        reader.goto(on(live_server, host, "/search/?q=取暖补贴"))
        expect(reader.get_by_role("link", name=TITLE)).to_have_count(0)

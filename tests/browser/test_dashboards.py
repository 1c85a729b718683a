"""The dashboards in a real browser: ECharts draws every chart under the site's real CSP with no
console error, axe-core finds nothing serious, and without JavaScript the tables are all there."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.contrib.auth import get_user_model
from playwright.sync_api import Page, expect

from gongkai.orgs.demo import DEMO_DEPARTMENT
from gongkai.orgs.models import Membership, Role, SiteProfile, Unit
from tests.browser.conftest import blocking, describe, run_axe
from tests.builders import PASSWORD
from tests.reports.test_dashboards import seed_unit_a

pytestmark = pytest.mark.browser

# The server's clock (time-machine patches the live server's thread too): the seeded year is 2026,
# and 2026 is the last year the bundled working-day calendar knows.
NOW = dt.datetime(2026, 12, 1, 2, tzinfo=dt.UTC)
PATH = "/workbench/dashboards/?year=2026"
CHARTS = 7


@pytest.fixture
def seeded(demo_site: SiteProfile) -> Iterator[None]:
    users = get_user_model().objects
    office = users.create_user(username="office", password=PASSWORD, first_name="王敏")
    Membership.objects.create(user=office, unit=Unit.objects.get(name="康巴什区人民政府办公室"), role=Role.OFFICE)
    unit = Unit.objects.get(name=DEMO_DEPARTMENT)
    staff = []
    for role in (Role.EDITOR, Role.REVIEWER, Role.SIGNER, Role.HANDLER):
        person = users.create_user(username=f"{role}_demo", password=PASSWORD)
        Membership.objects.create(user=person, unit=unit, role=role)
        staff.append(person)
    seed_unit_a(*staff, unit)
    with time_machine.travel(NOW, tick=True):
        yield


def log_in(page: Page, live_server: Any) -> None:
    page.goto(live_server.url + "/workbench/login/")
    page.get_by_label("用户名").fill("office")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(live_server.url + "/workbench/")


def test_the_charts_are_drawn_without_errors_and_the_page_is_accessible(
    page: Page, live_server: Any, seeded: None
) -> None:
    log_in(page, live_server)
    response = page.goto(live_server.url + PATH)
    assert response is not None and response.status == 200
    containers = page.locator("[data-chart]")
    assert containers.count() == CHARTS
    for index in range(CHARTS):
        container = containers.nth(index)
        container.locator("canvas, svg").first.wait_for(state="attached")
        assert container.is_visible() and container.get_attribute("role") == "img"
        box = container.bounding_box()
        assert box is not None and box["height"] > 100
    # The tooltip is drawn on the canvas: hovering must not trip the CSP with inline styles.
    first = containers.first.bounding_box()
    assert first is not None
    page.mouse.move(first["x"] + first["width"] / 2, first["y"] + first["height"] / 2)
    page.wait_for_timeout(300)
    problems = blocking(run_axe(page))
    assert not problems, describe(problems)
    assert page.errors == []  # type: ignore[attr-defined]


def test_on_a_phone_the_charts_fit(new_context: Any, live_server: Any, seeded: None) -> None:
    page = new_context(viewport={"width": 390, "height": 844}).new_page()
    log_in(page, live_server)
    page.goto(live_server.url + PATH)
    page.locator("[data-chart] canvas").first.wait_for(state="attached")
    width = page.evaluate("() => document.querySelector('[data-chart]').getBoundingClientRect().width")
    assert 0 < width <= 390
    problems = blocking(run_axe(page))
    assert not problems, describe(problems)


def test_without_javascript_the_tables_are_the_content(new_context: Any, live_server: Any, seeded: None) -> None:
    page = new_context(java_script_enabled=False).new_page()
    log_in(page, live_server)
    page.goto(live_server.url + PATH)
    assert page.locator("table.dashboard-table").count() == CHARTS
    expect(page.get_by_role("rowheader", name=DEMO_DEPARTMENT).first).to_be_visible()
    assert page.locator("[data-chart] canvas").count() == 0
    assert not page.locator("[data-chart]").first.is_visible()  # no empty image without a chart
    # The hidden part of the name is a block of its own (position: absolute), hence the space.
    expect(page.get_by_role("link", name=re.compile(r"^下载CSV\s*：主动公开及时率$"))).to_be_visible()

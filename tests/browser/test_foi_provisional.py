"""A December application in Chromium: its due date reaches into 2027, which the calendar does not
hold yet, so the tracking page shows it counted on weekends only and says so (RULINGS.md 2).

Pinned to 2026-12-10 (RULINGS.md 1): 12/11 … 12/31 are 15 working days of 2026's calendar, then
2027 is counted Monday to Friday: the reply is due 2027-01-07, provisionally.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from playwright.sync_api import Page, expect

from gongkai.foi import intake
from gongkai.foi.models import Request
from gongkai.orgs.models import SiteProfile, Unit
from tests.browser.conftest import blocking, describe, run_axe
from tests.foi.conftest import CITIZEN

pytestmark = pytest.mark.browser

DECEMBER_10 = dt.datetime(2026, 12, 10, 2, tzinfo=dt.UTC)  # 10:00 in Asia/Shanghai


@time_machine.travel(DECEMBER_10, tick=True)
def test_the_tracking_page_shows_a_provisional_due_date_as_such(
    page: Page, live_server: Any, demo_site: SiteProfile
) -> None:
    unit = Unit.objects.get(name="康巴什区民政局")
    registered = intake.register(None, intake.Application(**{**CITIZEN, "unit_id": unit.pk}))
    assert (registered.due_on, registered.due_provisional) == (dt.date(2027, 1, 7), True)

    page.goto(f"{live_server.url}/xxgk/apply/track/?code={registered.tracking_code}")
    result = page.locator(".foi-result")
    expect(result.locator('time[datetime="2027-01-07"]')).to_have_text("2027年1月7日")
    expect(result.locator(".foi-due-note")).to_contain_text("暂按双休日计算")
    problems = blocking(run_axe(page))
    assert not problems, describe(problems)
    assert Request.objects.get().due_provisional

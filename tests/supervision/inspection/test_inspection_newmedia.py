"""New-media accounts not updated in the 2 weeks before the monitoring point (newmedia.figures
decides): each is a veto finding of that account; the website's verdict and score are unchanged."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from gongkai.orgs.models import Unit
from gongkai.supervision.inspection import services
from gongkai.supervision.newmedia.models import Account, Platform
from tests.supervision.inspection.conftest import TODAY, at
from tests.supervision.inspection.test_inspection_services import every_column

pytestmark = pytest.mark.django_db


def _account(unit: Unit, name: str, last: dt.date | None, number: str) -> Account:
    return Account.objects.create(
        platform=Platform.objects.order_by("pk").first(), name=name, unit=unit, state="operating",
        filing_number=number, last_content_on=last, home_url=f"https://mp.example.cn/{number}",
    )  # fmt: skip


def test_stale_accounts_fail_themselves_not_the_site(office: Any, publish: Any, unit_a: Unit) -> None:
    every_column(publish)
    stale = _account(unit_a, "康巴什民政", TODAY - dt.timedelta(days=15), "NM-001")
    _account(unit_a, "康巴什民政服务", TODAY - dt.timedelta(days=3), "NM-002")
    with time_machine.travel(at(TODAY), tick=False):
        inspection = services.run_inspection(office, check_links=False)
    finding = inspection.findings.get(rule="newmedia_stale")
    assert finding.veto and finding.points == 0 and finding.unit == unit_a and finding.target == stale.name
    assert finding.url == stale.home_url and "2026-05-26" in finding.detail and stale.platform.name in finding.detail
    assert inspection.newmedia_passed is False
    assert inspection.passed and inspection.score == 100 and inspection.veto == []


def test_fresh_accounts_pass(office: Any, publish: Any, unit_a: Unit) -> None:
    every_column(publish)
    _account(unit_a, "康巴什民政", TODAY, "NM-003")
    with time_machine.travel(at(TODAY), tick=False):
        inspection = services.run_inspection(office, check_links=False)
    assert inspection.newmedia_passed is True and not inspection.findings.filter(rule="newmedia_stale").exists()

"""The stale flag on frozen dates, for the site inspection and dashboards, and the inbox."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from freezegun import freeze_time

from gongkai.orgs.models import Unit
from gongkai.supervision.newmedia import figures, reminders
from gongkai.supervision.newmedia import lifecycle as lc
from gongkai.supervision.newmedia.models import Account, NewMediaSettings

TODAY = dt.date(2026, 12, 2)


def _dated(account: Account, on: dt.date | None) -> Account:
    Account.objects.filter(pk=account.pk).update(last_content_on=on)
    return account


@pytest.fixture
def accounts(make_account: Callable[..., Account], unit_a: Unit, unit_b: Unit) -> dict[str, Account]:
    return {
        "fresh": _dated(make_account(unit_a, name="乙 新鲜"), dt.date(2026, 11, 18)),
        "old": _dated(make_account(unit_a, name="甲 过期"), dt.date(2026, 11, 17)),
        "unknown": _dated(make_account(unit_b, name="未知"), None),
        "rectifying": _dated(make_account(unit_b, lc.RECTIFICATION, name="整改"), dt.date(2026, 10, 1)),
        "closed": _dated(make_account(unit_a, lc.CLOSED, name="关停"), dt.date(2025, 1, 1)),
        "filed": _dated(make_account(unit_a, lc.FILED, name="备案"), None),
    }


@freeze_time("2026-12-02 10:00:00", tz_offset=8)
def test_stale_accounts_are_live_ones_outside_the_two_weeks_ordered_by_unit_then_name(
    accounts: dict[str, Account], django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(2):
        found = figures.stale_accounts(TODAY)
        names = [(a.unit.name, a.platform.name, a.name) for a in found]
    assert names == [
        ("测试区民政局", "微信公众号", "甲 过期"),
        ("测试区教育局", "微信公众号", "整改"),
        ("测试区教育局", "微信公众号", "未知"),
    ]


def test_the_threshold_is_the_offices_setting(accounts: dict[str, Account]) -> None:
    NewMediaSettings.objects.create(stale_after_days=30)
    assert {a.pk for a in figures.stale_accounts(TODAY)} == {accounts["unknown"].pk, accounts["rectifying"].pk}


def test_counts_by_unit(accounts: dict[str, Account], unit_a: Unit, unit_b: Unit) -> None:
    assert figures.counts_by_unit(TODAY) == {
        unit_a.pk: {"operating": 2, "rectification": 0, "stale": 1},
        unit_b.pk: {"operating": 2, "rectification": 1, "stale": 2},
    }


def test_a_day_later_the_fresh_one_is_stale_too(accounts: dict[str, Account]) -> None:
    later = {a.pk for a in figures.stale_accounts(TODAY + dt.timedelta(days=1))}
    assert accounts["fresh"].pk in later


def test_the_units_editor_sees_stale_accounts_and_rectification_orders(
    accounts: dict[str, Account], make_person: Callable[..., Any], unit_b: Unit
) -> None:
    editor = make_person("editor_of_b", "editor", unit_b)
    tasks = reminders.inbox_tasks(editor, TODAY)
    titles = sorted(t.title for t in tasks)
    assert titles == sorted(
        [
            "按要求整改政务新媒体并报告整改情况：微信公众号“整改”",
            "政务新媒体更新不及时，请及时更新：微信公众号“未知”",
            "政务新媒体更新不及时，请及时更新：微信公众号“整改”",
        ]
    )
    unknown = next(t for t in tasks if "未知" in t.title)
    assert unknown.due_on == TODAY and unknown.target == accounts["unknown"]
    assert reminders.inbox_tasks(make_person("reviewer_of_b", "reviewer", unit_b), TODAY) == []


def test_the_office_sees_applications_and_accounts_to_file(
    make_account: Callable[..., Account], unit_a: Unit, office: Any
) -> None:
    make_account(unit_a, lc.APPLICATION, name="待批")
    make_account(unit_a, lc.APPROVED, name="待备案")
    make_account(unit_a, lc.OPERATING, name="运营")
    titles = [t.title for t in reminders.inbox_tasks(office, TODAY)]
    assert titles == [
        "审批政务新媒体开设申请：微信公众号“待批”",
        "登记全国政务新媒体报送系统备案编号：微信公众号“待备案”",
    ]

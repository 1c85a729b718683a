"""Freshness (plain Python): 监测时间点前2周内无更新."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.supervision.newmedia import lifecycle as lc
from gongkai.supervision.newmedia.rules import is_stale, update_due_on, window_start

TODAY = dt.date(2026, 12, 2)


def test_content_exactly_two_weeks_ago_is_still_fresh() -> None:
    assert window_start(TODAY) == dt.date(2026, 11, 18)
    assert not is_stale(lc.OPERATING, dt.date(2026, 11, 18), TODAY)
    assert is_stale(lc.OPERATING, dt.date(2026, 11, 17), TODAY)


def test_an_unknown_date_is_stale() -> None:
    assert is_stale(lc.OPERATING, None, TODAY)
    assert is_stale(lc.RECTIFICATION, None, TODAY)


@pytest.mark.parametrize("state", [lc.APPLICATION, lc.APPROVED, lc.FILED, lc.CLOSED, lc.CANCELLED, lc.REJECTED])
def test_accounts_not_open_to_the_public_are_never_stale(state: str) -> None:
    assert not is_stale(state, None, TODAY)


def test_the_threshold_is_a_parameter() -> None:
    assert is_stale(lc.OPERATING, dt.date(2026, 11, 24), TODAY, days=7)
    assert not is_stale(lc.OPERATING, dt.date(2026, 11, 25), TODAY, days=7)


def test_update_due_on() -> None:
    assert update_due_on(dt.date(2026, 11, 1), TODAY) == dt.date(2026, 11, 15)
    assert update_due_on(None, TODAY) == TODAY

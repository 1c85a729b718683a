"""The demo accounts: one of each situation the registry knows, and seeding twice changes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from gongkai.orgs.demo import DEMO_DEPARTMENT
from gongkai.supervision.newmedia import figures
from gongkai.supervision.newmedia import lifecycle as lc
from gongkai.supervision.newmedia.demo import DEMO, seed_newmedia
from gongkai.supervision.newmedia.models import Account, AccountEvent

NOW = dt.datetime(2026, 12, 2, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@pytest.fixture
def demo_units(db: Any) -> None:
    from gongkai.orgs.models import Unit
    from tests.builders import make_code

    for n, name in enumerate(sorted({d.unit for d in DEMO}), start=10):
        Unit.objects.create(name=name, kind=Unit.Kind.DEPARTMENT, credit_code=make_code(n))


@time_machine.travel(NOW, tick=False)
def test_the_demo_covers_every_situation_and_is_idempotent(demo_units: None) -> None:
    assert seed_newmedia() == len(DEMO)
    states = list(Account.objects.values_list("state", flat=True))
    for state in (lc.OPERATING, lc.RECTIFICATION, lc.APPLICATION, lc.APPROVED, lc.CLOSED):
        assert state in states
    stale = figures.stale_accounts(dt.date(2026, 12, 2))
    assert [a.unit.name for a in stale] == [DEMO_DEPARTMENT]
    assert stale[0].last_content_on is not None and stale[0].last_content_on < dt.date(2026, 11, 18)
    events, accounts = AccountEvent.objects.count(), Account.objects.count()
    assert seed_newmedia() == 0
    assert (AccountEvent.objects.count(), Account.objects.count()) == (events, accounts)


@time_machine.travel(NOW, tick=False)
def test_every_demo_history_follows_the_lifecycle(demo_units: None) -> None:
    seed_newmedia()
    for account in Account.objects.all():
        steps = list(account.events.order_by("at", "pk"))
        assert steps[0].to_state == lc.APPLICATION and steps[-1].to_state == account.state
        for event in steps[1:]:
            assert lc.step(event.action, event.from_state).target == event.to_state


def test_without_demo_units_nothing_is_created(db: Any) -> None:
    assert seed_newmedia() == 0

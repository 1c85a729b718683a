"""New-media fixtures: accounts of unit A and unit B taken to a state through the services, by
the unit's editor and the office, as people would."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from gongkai.orgs.models import Unit
from gongkai.supervision.newmedia import lifecycle as lc
from gongkai.supervision.newmedia import services
from gongkai.supervision.newmedia.models import Account, Platform

# The steps from 申请开设 to each state: (action, who: "office" | "unit", reason)
PATHS: dict[str, list[tuple[str, str]]] = {
    lc.APPLICATION: [],
    lc.APPROVED: [(lc.APPROVE, "office")],
    lc.REJECTED: [(lc.REJECT, "office")],
    lc.FILED: [(lc.APPROVE, "office"), (lc.FILE, "office")],
    lc.OPERATING: [(lc.APPROVE, "office"), (lc.FILE, "office"), (lc.START, "unit")],
}
PATHS[lc.RECTIFICATION] = [*PATHS[lc.OPERATING], (lc.ORDER_RECTIFICATION, "office")]
PATHS[lc.CLOSED] = [*PATHS[lc.OPERATING], (lc.CLOSE, "office")]
PATHS[lc.CANCELLED] = [*PATHS[lc.OPERATING], (lc.CANCEL, "office")]

_counter = {"n": 0}


def platform(code: str = "wechat") -> Platform:
    return Platform.objects.get(code=code)


def build_account(
    writer: Any,
    office: Any,
    unit: Unit,
    state: str = lc.OPERATING,
    *,
    name: str = "",
    code: str = "wechat",
    **extra: Any,
) -> Account:
    """An account of ``unit`` in ``state``: applied for by ``writer`` (an editor of the unit),
    taken there by the writer and the office through the services."""
    _counter["n"] += 1
    n = _counter["n"]
    application = services.Application(
        unit_id=unit.pk, platform_id=platform(code).pk, name=name or f"{unit.name}发布{n}",
        purpose="发布政务信息", account_id=f"acct{n}", **extra,
    )  # fmt: skip
    account = services.apply(writer, application)
    for action, who in PATHS[state]:
        actor = office if who == "office" else writer
        services.transition(actor, account.pk, action, reason="理由", filing_number=f"BA-{n:05d}")
    return Account.objects.select_related("unit", "platform").get(pk=account.pk)


@pytest.fixture
def make_account(office: Any, make_person: Callable[..., Any]) -> Callable[..., Account]:
    """An account of ``unit`` in ``state``, applied for by a writer of the unit."""
    writers: dict[int, Any] = {}

    def make(unit: Unit, state: str = lc.OPERATING, **options: Any) -> Account:
        if unit.pk not in writers:
            writers[unit.pk] = make_person(f"writer_{unit.pk}", "editor", unit)
        return build_account(writers[unit.pk], office, unit, state, **options)

    return make

"""The monthly 按件 count is each organ's own (国办函〔2020〕109号 Art. 4; 条例 Art. 42).

A fee is the act of the organ the application is made to: 张三丰 writes ten letters to unit A in
February 2026 — the last received on Friday 13th, the day before the Spring Festival make-up
Saturday — and an eleventh to unit B on that Saturday (2026-02-14, a working day). Unit B may
charge only for applications made to unit B; unit A's eleventh is still the eleventh.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from gongkai.foi import handling, intake
from gongkai.foi.models import Request
from gongkai.orgs.models import Role, Unit

pytestmark = pytest.mark.usefixtures("frozen", "site")

# Ten working days of February 2026 before the Spring Festival (holidays 2/15–23).
TO_UNIT_A = [dt.date(2026, 2, day) for day in (2, 3, 4, 5, 6, 9, 10, 11, 12, 13)]
MAKE_UP_SATURDAY = dt.date(2026, 2, 14)
AFTER_THE_HOLIDAY = dt.date(2026, 2, 24)


@pytest.fixture
def handler_b(make_person: Callable[..., Any], unit_b: Unit) -> Any:
    return make_person("handler_b", Role.HANDLER, unit_b)


def _letter(handler: Any, citizen_app: Callable[..., intake.Application], unit: Unit, on: dt.date) -> Request:
    return intake.register(handler, citizen_app(unit_id=unit.pk, channel="letter", received_on=on))


@pytest.fixture
def ten_to_unit_a(handler_a: Any, unit_a: Unit, citizen_app: Callable[..., intake.Application]) -> list[Request]:
    return [_letter(handler_a, citizen_app, unit_a, on) for on in TO_UNIT_A]


def test_another_organ_counts_only_the_applications_made_to_it(
    ten_to_unit_a: list[Request], handler_b: Any, unit_b: Unit, citizen_app: Callable[..., intake.Application]
) -> None:
    to_b = _letter(handler_b, citizen_app, unit_b, MAKE_UP_SATURDAY)
    noticed = handling.record_event(handler_b, to_b.pk, "fee_notified", AFTER_THE_HOLIDAY, method="per_piece")
    # The first application to unit B this month: free (1st–10th), so no notice and no pause.
    assert (noticed.fee_yuan, noticed.state) == (0, "registered")
    assert noticed.events.get(kind="fee_notified").data["position"] == 1
    assert not noticed.letters.exists()


def test_the_same_organ_still_counts_the_month(
    ten_to_unit_a: list[Request],
    handler_a: Any,
    handler_b: Any,
    unit_a: Unit,
    unit_b: Unit,
    citizen_app: Callable[..., intake.Application],
) -> None:
    _letter(handler_b, citizen_app, unit_b, MAKE_UP_SATURDAY)  # to another organ: not counted by A
    eleventh = _letter(handler_a, citizen_app, unit_a, MAKE_UP_SATURDAY)
    noticed = handling.record_event(handler_a, eleventh.pk, "fee_notified", AFTER_THE_HOLIDAY, method="per_piece")
    assert (noticed.fee_yuan, noticed.state) == (100, "awaiting_fee")  # 11th–30th: 100 yuan each
    assert noticed.events.get(kind="fee_notified").data["position"] == 11

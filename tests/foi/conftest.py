"""Applications for the FOI tests: a citizen (张三) applying to unit A, handled by handler_a."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import time_machine

from gongkai.foi import idcard, intake
from gongkai.foi.models import Request
from gongkai.orgs.models import SiteProfile, Unit

# 2026-12-01 09:00 in Asia/Shanghai.
NOW = dt.datetime(2026, 12, 1, 1, 0, tzinfo=dt.UTC)
CITIZEN_ID = idcard.make("15060219800101123")
CITIZEN = {
    "applicant_type": "natural_person",
    "name": "张三丰",
    "id_number": CITIZEN_ID,
    "phone": "13912345678",
    "address": "康巴什区青春山街道某小区8号楼",
    "email": "zhangsanfeng@example.com",
    "description": "2026年城乡居民最低生活保障标准调整的通知及测算依据",
    "doc_number": "康民发〔2026〕12号",
    "form": "electronic",
    "delivery": "email",
}


@pytest.fixture
def frozen() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def citizen_app(unit_a: Unit) -> Callable[..., intake.Application]:
    def make(**changes: Any) -> intake.Application:
        return intake.Application(**{**CITIZEN, "unit_id": unit_a.pk, **changes})

    return make


@pytest.fixture
def letter_request(
    frozen: None, site: SiteProfile, handler_a: Any, citizen_app: Callable[..., intake.Application]
) -> Request:
    """A letter received on 2026-09-25 (中秋), registered by the handler: due 2026-10-29."""
    return intake.register(handler_a, citizen_app(channel="letter", received_on=dt.date(2026, 9, 25)))

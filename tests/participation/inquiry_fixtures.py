"""Fixtures and helpers of the inquiry tests (imported explicitly by each test module)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from gongkai.orgs.models import Unit
from gongkai.participation.inquiries import services
from gongkai.participation.models import Inquiry

# A Wednesday in 2026, before National Day: +5 working days crosses Oct 1–7 and the make-up Saturday.
NOW = dt.datetime(2026, 9, 30, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
ASKER = {"name": "郝美玲", "phone": "13904770123"}
# A question as the public API takes it (API.md "Inquiries"), without the unit.
ASK = {**ASKER, "subject": "社保卡补办", "body": "社保卡丢了怎么补办？", "public": True}


def question(unit: Unit, **changes: Any) -> services.Question:
    values: dict[str, Any] = {
        "unit_id": unit.pk,
        **ASKER,
        "subject": "残疾人两项补贴如何申请",
        "body": "请问残疾人两项补贴需要什么材料？我的电话13904770123，可以联系我。",
        "public": True,
        **changes,
    }
    return services.Question(**values)


def ask_at(unit: Unit, when: dt.datetime = NOW, **changes: Any) -> Inquiry:
    with time_machine.travel(when, tick=False):
        return services.ask(question(unit, **changes))


@pytest.fixture
def frozen() -> Any:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def local(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))

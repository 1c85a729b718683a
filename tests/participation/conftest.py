"""Consultation fixtures: a published draft of unit A open from 2 to 31 March 2026, and the
people of unit A who take it through the pipeline. Times are frozen on real 2026 dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from gongkai.orgs.models import Role, Unit
from gongkai.participation.consultations import demo, services
from gongkai.participation.models import Consultation

SH = ZoneInfo("Asia/Shanghai")
OPENS, CLOSES = dt.date(2026, 3, 2), dt.date(2026, 3, 31)
DURING = dt.datetime(2026, 3, 10, 10, 0, tzinfo=SH)
BEFORE = dt.datetime(2026, 2, 20, 10, 0, tzinfo=SH)
AFTER = dt.datetime(2026, 4, 2, 10, 0, tzinfo=SH)
CITIZEN = {"name": "张三丰", "phone": "13912345678", "body": "建议第三条增加听证程序。"}


@pytest.fixture
def pipeline(editor_a: Any, reviewer_a: Any, signer_a: Any) -> dict[str, Any]:
    return {Role.EDITOR: editor_a, Role.REVIEWER: reviewer_a, Role.SIGNER: signer_a}


def build_consultation(
    unit: Unit,
    pipeline: dict[str, Any],
    *,
    title: str = "测试区养犬管理办法（征求意见稿）",
    body_html: str = "<p>第一条 为规范养犬行为，制定本办法。</p>",
) -> Consultation:
    """A draft of ``unit`` open from OPENS to CLOSES, written by the pipeline's editor and taken
    through review, sign-off and publication by its people (on BEFORE)."""
    with time_machine.travel(BEFORE, tick=False):
        found = services.create_consultation(
            pipeline[Role.EDITOR], unit, title=title, body_html=body_html, opens_on=OPENS, closes_on=CLOSES
        )
        demo.publish_draft(found, pipeline)
    return Consultation.objects.get(pk=found.pk)


@pytest.fixture
def consultation(unit_a: Unit, pipeline: dict[str, Any], site: Any) -> Iterator[Consultation]:
    yield build_consultation(unit_a, pipeline)

"""The home page's boxes (issue 17, points 1 and 3): the latest lists show the platform's own
publications first and a carried law by its own date (an undated one without a date, never the
import day); 政务咨询 lists answered inquiries; 依申请公开 shows this year's figures. The page's
query count does not grow with what it lists."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gongkai.foi import intake
from gongkai.orgs.models import Unit
from gongkai.participation.inquiries import services as inquiries
from gongkai.policies import services as policies
from gongkai.publishing.models import Item
from tests.foi.conftest import CITIZEN
from tests.policies.carried_fixtures import BEIJING, SHANGHAI, import_laws
from tests.publishing import conftest as publishing_fixtures

pytestmark = pytest.mark.django_db
flow = publishing_fixtures.flow


def box(page: str, slug: str) -> str:
    start = page.index(f'id="column-{slug}"')
    return page[start : page.index("</section>", start)]


def lines(html: str) -> list[str]:
    return [" ".join(re.sub(r"<[^>]+>", " ", li).split()) for li in re.findall(r"<li>(.*?)</li>", html)]


def own_policy(editor: Any, unit: Unit, flow: Callable[[Item], Item]) -> Item:
    meta = {"issuer": unit.name, "level": "district", "effective_on": dt.date(2026, 11, 1)}
    document = policies.create_policy(
        editor,
        unit,
        meta,
        title="测试区低保实施办法",
        normative=False,
        formed_on=dt.date(2026, 9, 25),
        genre="measures",
    )
    return flow(document.item)


def test_latest_lists_show_the_districts_own_first_and_carried_laws_by_their_own_date(
    site: Any, unit_a: Unit, editor_a: Any, flow: Callable[[Item], Item], tmp_path: Path
) -> None:
    own_policy(editor_a, unit_a, flow)
    import_laws(tmp_path)  # after the district's own: the undated one was put online last
    page = Client().get("/").content.decode()
    today = timezone.localdate().isoformat()
    latest, policy_box = lines(box(page, "latest")), lines(box(page, "policies"))
    assert latest[0] == f"测试区低保实施办法 {today}"
    assert policy_box == [f"测试区低保实施办法 {today}", f"{BEIJING} 2026-09-01", SHANGHAI]
    assert today not in box(page, "policies").split(SHANGHAI)[1]  # no import day on the undated law


def test_inquiries_and_applications_boxes_show_what_there_is(site: Any, unit_a: Unit, editor_a: Any) -> None:
    question = inquiries.Question(
        unit_id=unit_a.pk,
        name="郝美玲",
        phone="13904770123",
        subject="社保卡如何补办",
        body="社保卡丢了怎么补办？",
        public=True,
    )
    inquiry = inquiries.ask(question)
    inquiries.answer(editor_a, inquiry.pk, "<p>请携带身份证到窗口补办。</p>")
    intake.register(None, intake.Application(**{**CITIZEN, "unit_id": unit_a.pk, "channel": "online"}))
    page = Client().get("/").content.decode()
    assert lines(box(page, "inquiries")) == [f"社保卡如何补办 {timezone.localdate().isoformat()}"]
    assert f'href="/hudong/inquiries/#inquiry-{inquiry.pk}-title"' in box(page, "inquiries")
    foi = box(page, "foi")
    assert f"{timezone.localdate().year}年政府信息公开申请" in foi
    assert lines(foi) == ["收到申请： 1 件", "已答复： 0 件"]
    assert "暂无信息" not in foi and "暂无信息" not in box(page, "inquiries")


def answered(unit: Unit, editor: Any, subject: str) -> None:
    question = inquiries.Question(
        unit_id=unit.pk, name="郝美玲", phone="13904770123", subject=subject, body="请问？", public=True
    )
    inquiries.answer(editor, inquiries.ask(question).pk, "<p>答复</p>")


def test_the_home_page_query_count_does_not_grow_with_its_lists(
    site: Any, unit_a: Unit, editor_a: Any, flow: Callable[[Item], Item], tmp_path: Path
) -> None:
    import_laws(tmp_path)
    answered(unit_a, editor_a, "问题0")
    Client().get("/")  # fills the cache of the office's published contacts (masking)
    with CaptureQueriesContext(connection) as few:
        Client().get("/")
    own_policy(editor_a, unit_a, flow)
    for n in range(1, 4):
        answered(unit_a, editor_a, f"问题{n}")
    Client().get("/")  # the page frame (site profile, columns) is read once per change the public sees
    with CaptureQueriesContext(connection) as more:
        Client().get("/")
    assert len(more.captured_queries) == len(few.captured_queries)

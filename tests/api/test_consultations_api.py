"""API.md "Consultations": another system opens a consultation through ``POST /items`` with
``"kind": "consultation"`` and its period, takes it through the item actions and the public sees
it (issue 16, point 12). Times are frozen on real 2026 dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from gongkai.audit.models import AuditEntry
from gongkai.orgs.models import Unit
from gongkai.participation.models import Consultation
from gongkai.publishing.models import Item
from tests.conftest import ApiClient

SH = ZoneInfo("Asia/Shanghai")
WRITTEN = dt.datetime(2026, 2, 20, 10, 0, tzinfo=SH)  # the Friday after the Spring Festival holiday
DURING = dt.datetime(2026, 3, 10, 10, 0, tzinfo=SH)
DRAFT = {
    "title": "测试区养犬管理办法（征求意见稿）",
    "body_html": "<p>第一条 为规范养犬行为，制定本办法。</p>",
    "formed_on": "2026-02-20",
    "genre": "意见",  # labels, as another system may hold them (API.md "Conventions")
    "topic": "城乡建设、环境保护",
    "kind": "consultation",
    "opens_on": "2026-03-02",
    "closes_on": "2026-03-31",
}


@pytest.fixture
def clients(editor_a: Any, reviewer_a: Any, signer_a: Any, api_as: Callable[[Any], ApiClient]) -> dict[str, ApiClient]:
    return {"editor": api_as(editor_a), "reviewer": api_as(reviewer_a), "signer": api_as(signer_a)}


@time_machine.travel(WRITTEN, tick=False)
def test_a_consultation_opened_through_the_api_is_public_once_published(
    clients: dict[str, ApiClient], unit_a: Unit, api_as: Callable[[Any], ApiClient]
) -> None:
    created = clients["editor"].post("/items", {**DRAFT, "unit_id": unit_a.pk})
    assert created.status_code == 201, created.content
    item = created.json()
    assert (item["kind"], item["state"], item["genre"], item["topic"]) == (
        "consultation",
        "draft",
        "opinion",
        "construction",
    )
    assert (item["opens_on"], item["closes_on"], item["formed_on"]) == ("2026-03-02", "2026-03-31", "2026-02-20")
    assert item["publish_due_on"] is not None
    found = Consultation.objects.get(pk=item["id"])
    assert (found.opens_on, found.closes_on, found.historical) == (dt.date(2026, 3, 2), dt.date(2026, 3, 31), False)
    assert AuditEntry.objects.filter(action="consultation.created", object_id=str(found.pk)).exists()
    assert clients["editor"].get(f"/items/{item['id']}").json()["opens_on"] == "2026-03-02"
    public = api_as(None)
    assert public.get(f"/public/consultations/{item['id']}").status_code == 404  # a draft is not public

    path = f"/items/{item['id']}/actions"
    for who, action in [("editor", "submit"), ("reviewer", "approve"), ("signer", "sign"), ("signer", "publish")]:
        answer = clients[who].post(path, {"action": action})
        assert answer.status_code == 200, (action, answer.content)
    assert answer.json()["state"] == "published"

    shown = public.get(f"/public/consultations/{item['id']}").json()
    assert shown == {
        "id": item["id"], "title": DRAFT["title"], "state": "upcoming", "opens_on": "2026-03-02",
        "closes_on": "2026-03-31", "comment_count": 0, "adoption_report": None,
    }  # fmt: skip
    with time_machine.travel(DURING, tick=False):
        assert public.get(f"/public/consultations/{item['id']}").json()["state"] == "open"
        comment = public.post(
            f"/public/consultations/{item['id']}/comments", {"name": "张三", "body": "建议增加听证。"}
        )
        assert comment.status_code == 201, comment.content
        assert public.get(f"/public/consultations/{item['id']}").json()["comment_count"] == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"opens_on": None}, "opens_on"),
        ({"closes_on": None}, "closes_on"),
        ({"opens_on": None, "closes_on": None}, "opens_on"),
        ({"closes_on": "2026-03-01"}, "closes_on"),  # before it opens
        ({"closes_on": "2026-03-20"}, "closes_on"),  # shorter than the office's 30 days
        ({"closes_on": "2026-02-19"}, "closes_on"),  # already past
        ({"opens_on": "2026-3-2"}, "opens_on"),
    ],
)
@time_machine.travel(WRITTEN, tick=False)
def test_a_consultation_without_its_period_is_refused_naming_the_field(
    clients: dict[str, ApiClient], unit_a: Unit, change: dict[str, Any], field: str
) -> None:
    payload = {**DRAFT, "unit_id": unit_a.pk, **change}
    payload = {key: value for key, value in payload.items() if value is not None}
    answer = clients["editor"].post("/items", payload)
    assert answer.status_code == 422, answer.content
    assert answer.json()["field"] == field and set(answer.json()) == {"detail", "field"}
    assert not Item.objects.exists() and not Consultation.objects.exists()


@time_machine.travel(WRITTEN, tick=False)
def test_only_a_consultation_has_a_period(clients: dict[str, ApiClient], unit_a: Unit) -> None:
    for kind in ("item", "policy"):
        answer = clients["editor"].post("/items", {**DRAFT, "unit_id": unit_a.pk, "kind": kind})
        assert answer.status_code == 422 and answer.json()["field"] == "opens_on", answer.content
    plain = {key: value for key, value in DRAFT.items() if key not in {"opens_on", "closes_on"}}
    answer = clients["editor"].post("/items", {**plain, "unit_id": unit_a.pk, "kind": "policy"})
    assert answer.status_code == 201 and answer.json()["opens_on"] is None
    assert not Consultation.objects.exists()


@time_machine.travel(WRITTEN, tick=False)
def test_only_an_editor_of_the_unit_opens_a_consultation(
    api_as: Callable[[Any], ApiClient], reviewer_a: Any, editor_b: Any, unit_a: Unit
) -> None:
    for person in (reviewer_a, editor_b):
        answer = api_as(person).post("/items", {**DRAFT, "unit_id": unit_a.pk})
        assert answer.status_code == 403, answer.content
    assert not Consultation.objects.exists()

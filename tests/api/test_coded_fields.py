"""API.md "Conventions": a coded field takes the code or its national Chinese label, the OpenAPI
schema lists the allowed values (codes in ``enum``, labels beside them) and a refusal names them
(issue 16, point 13). Another system holding only the labels (财政、金融、审计) can use the API."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from gongkai.api.api import api
from gongkai.orgs.models import Unit
from gongkai.participation.models import AdoptionDecision
from gongkai.publishing import vocab
from gongkai.publishing.models import Item
from gongkai.publishing.workflow import ACTION_LABELS, drive
from gongkai.supervision.ledger import status as ledger_status
from gongkai.supervision.newmedia.models import Account
from tests.conftest import ApiClient

NOW = dt.datetime(2026, 10, 9, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # the day after the National Day week
NEW = {"title": "关于做好2026年冬季供暖保障工作的通知", "body_html": "<p>各街道：</p>", "formed_on": "2026-09-25"}


def labels(choices: Any) -> list[str]:
    return [str(label) for _code, label in choices]


def codes(choices: Any) -> list[str]:
    return [str(code) for code, _label in choices]


# Every coded field of the routers for items, units, consultations, tasks and new media:
# (operation, where, field) → its vocabulary, as the domain holds it.
TASK_STATUSES = [("open", "未完成"), *ledger_status.LABELS.items()]
CODED: list[tuple[str, str, str, Any]] = [
    ("POST /items", "body", "genre", vocab.GENRES),
    ("POST /items", "body", "topic", vocab.TOPICS),
    ("POST /items", "body", "validity", vocab.VALIDITY),
    ("POST /items", "body", "kind", [("item", "政府信息"), ("policy", "政策文件"), ("consultation", "征求意见")]),
    ("PATCH /items/{item_id}", "body", "genre", vocab.GENRES),
    ("PATCH /items/{item_id}", "body", "topic", vocab.TOPICS),
    ("PATCH /items/{item_id}", "body", "validity", vocab.VALIDITY),
    ("POST /items/{item_id}/actions", "body", "action", ACTION_LABELS.items()),
    ("POST /items/{item_id}/actions", "body", "reason_code", vocab.WITHDRAW_REASONS),
    ("POST /units", "body", "kind", Unit.Kind.choices),
    ("POST /consultations/{consultation_id}/adoption", "body", "decisions.decision", AdoptionDecision.Decision.choices),
    ("GET /tasks", "query", "status", TASK_STATUSES),
    ("GET /newmedia/accounts", "query", "state", Account.State.choices),
]


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def _coded_schema(schema: dict[str, Any], operation: str, where: str, field: str) -> dict[str, Any]:
    method, path = operation.split(" ", 1)
    found = schema["paths"]["/api/v1" + path][method.lower()]
    if where == "query":
        node = next(p["schema"] for p in found["parameters"] if p["name"] == field)
    else:
        node = _resolve(schema, found["requestBody"]["content"]["application/json"]["schema"])
        for name in field.split("."):
            node = _resolve(schema, node["properties"][name])
            node = _resolve(schema, node.get("items", node))
    options = [_resolve(schema, o) for o in node.get("anyOf", [node])]
    return next(o for o in options if "enum" in o)


@pytest.mark.parametrize(("operation", "where", "field", "choices"), CODED, ids=[f"{c[0]} {c[2]}" for c in CODED])
def test_the_schema_lists_the_codes_and_their_labels(operation: str, where: str, field: str, choices: Any) -> None:
    coded = _coded_schema(api.get_openapi_schema(), operation, where, field)
    assert coded["enum"] == codes(choices)
    assert coded["x-enum-descriptions"] == labels(choices)
    for code, label in zip(codes(choices), labels(choices), strict=True):
        assert f"{code}（{label}）" in coded["description"]


def test_genre_and_topic_take_the_code_or_the_chinese_label(
    editor_a: Any, unit_a: Unit, api_as: Callable[[Any], ApiClient]
) -> None:
    client = api_as(editor_a)
    by_label = client.post("/items", {**NEW, "unit_id": unit_a.pk, "genre": "通知", "topic": "财政、金融、审计"})
    by_code = client.post("/items", {**NEW, "unit_id": unit_a.pk, "genre": "notice", "topic": "finance"})
    for answer in (by_label, by_code):
        assert answer.status_code == 201, answer.content
        assert (answer.json()["genre"], answer.json()["topic"]) == ("notice", "finance")
    stored = Item.objects.get(pk=by_label.json()["id"])
    assert (stored.genre, stored.topic, stored.validity) == ("notice", "finance", "valid")
    # spaces around a label and a code's case do not matter; the kind and validity by label too
    loose = client.post(
        "/items",
        {**NEW, "unit_id": unit_a.pk, "genre": " 公告 ", "topic": "FINANCE", "kind": "政策文件", "validity": "有效"},
    )
    assert loose.status_code == 201, loose.content
    assert [loose.json()[k] for k in ("genre", "topic", "kind", "validity")] == [
        "announcement",
        "finance",
        "policy",
        "valid",
    ]
    patched = client.client.patch(
        f"/api/v1/items/{by_code.json()['id']}",
        {"version": by_code.json()["version"], "topic": "科技、教育", "genre": "规划"},
        content_type="application/json",
        headers=client.headers,
    )
    assert patched.status_code == 200, patched.content
    assert (patched.json()["topic"], patched.json()["genre"]) == ("science", "plan")


@pytest.mark.parametrize(
    ("field", "value", "choices"),
    [
        ("genre", "诗歌", vocab.GENRES),
        ("topic", "财政", vocab.TOPICS),  # part of a label is not the label
        ("topic", 7, vocab.TOPICS),
        ("kind", "gazette", [("item", "政府信息"), ("policy", "政策文件"), ("consultation", "征求意见")]),
        ("validity", "valid ", None),  # accepted: stripped
    ],
)
def test_a_refusal_names_the_field_and_every_allowed_value(
    editor_a: Any, unit_a: Unit, api_as: Callable[[Any], ApiClient], field: str, value: Any, choices: Any
) -> None:
    payload = {**NEW, "unit_id": unit_a.pk, "genre": "notice", "topic": "finance", field: value}
    answer = api_as(editor_a).post("/items", payload)
    if choices is None:
        assert answer.status_code == 201, answer.content
        return
    assert answer.status_code == 422 and set(answer.json()) == {"detail", "field"}
    assert answer.json()["field"] == field
    detail = answer.json()["detail"]
    assert f"“{field}”" in detail and f"收到“{value}”" in detail
    for code, label in zip(codes(choices), labels(choices), strict=True):
        assert f"{code}（{label}）" in detail
    assert not Item.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_a_withdrawal_reason_by_its_label(
    editor_a: Any, reviewer_a: Any, signer_a: Any, unit_a: Unit, api_as: Callable[[Any], ApiClient]
) -> None:
    created = api_as(editor_a).post("/items", {**NEW, "unit_id": unit_a.pk, "genre": "notice", "topic": "finance"})
    drive(created.json()["id"], editor_a, reviewer_a, signer_a)
    path = f"/items/{created.json()['id']}/actions"
    signer = api_as(signer_a)
    refused = signer.post(path, {"action": "withdraw", "reason": "重复", "reason_code": "repeat"})
    assert refused.status_code == 422 and refused.json()["field"] == "reason_code"
    assert "duplicate（重复发布）" in refused.json()["detail"]
    done = signer.post(path, {"action": "撤回", "reason": "与第12号重复", "reason_code": "重复发布"})
    assert done.status_code == 200, done.content
    assert Item.objects.get(pk=created.json()["id"]).withdraw_reason_code == "duplicate"


def test_a_unit_kind_by_its_label(office: Any, government: Unit, api_as: Callable[[Any], ApiClient]) -> None:
    payload = {
        "name": "测试区统计局",
        "kind": "政府部门",
        "credit_code": "91350100M000100Y43",
        "parent_id": government.pk,
    }
    answer = api_as(office).post("/units", payload)
    assert answer.status_code == 201, answer.content
    assert answer.json()["kind"] == "department"
    refused = api_as(office).post("/units", {**payload, "kind": "部门"})
    assert refused.status_code == 422 and refused.json()["field"] == "kind"
    assert "street（街道办事处）" in refused.json()["detail"]


def test_list_filters_take_the_label(office: Any, api_as: Callable[[Any], ApiClient]) -> None:
    client = api_as(office)
    assert client.get("/tasks", status="已逾期").status_code == 200
    assert client.get("/tasks", status="未完成").status_code == 200
    refused = client.get("/tasks", status="逾期")
    assert refused.status_code == 422 and refused.json()["field"] == "status"
    assert "overdue（已逾期）" in refused.json()["detail"] and "open（未完成）" in refused.json()["detail"]
    assert client.get("/newmedia/accounts", state="运营中").status_code == 200
    refused = client.get("/newmedia/accounts", state="营业")
    assert refused.status_code == 422 and "operating（运营中）" in refused.json()["detail"]

"""API.md "Information items": the flow as another system would drive it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import time_machine

from gongkai.orgs.models import Unit
from tests.conftest import ApiClient

NEW = {
    "title": "关于做好2026年冬季供暖保障工作的通知",
    "body_html": "<p>各街道：</p><script>x</script>",
    "formed_on": "2026-09-25",
    "genre": "notice",
    "topic": "construction",
}


def test_api_flow(
    editor_a: Any, reviewer_a: Any, signer_a: Any, unit_a: Unit, api_as: Callable[[Any], ApiClient]
) -> None:
    editor, reviewer, signer = api_as(editor_a), api_as(reviewer_a), api_as(signer_a)
    created = editor.post("/items", {**NEW, "unit_id": unit_a.pk})
    assert created.status_code == 201, created.content
    item = created.json()
    assert item["state"] == "draft" and item["publish_due_on"] == "2026-10-29"
    assert "<script>" not in item["body_html"] and item["index_number"] is None
    path = f"/items/{item['id']}/actions"
    assert editor.post(path, {"action": "approve"}).status_code == 403  # an editor cannot approve
    assert editor.post(path, {"action": "submit"}).json()["state"] == "submitted"
    assert editor.post(path, {"action": "submit"}).status_code == 409  # not twice
    assert reviewer.post(path, {"action": "approve"}).json()["state"] == "approved"
    assert signer.post(path, {"action": "sign"}).json()["state"] == "signed"
    with time_machine.travel(dt.datetime(2026, 10, 9, 2, tzinfo=dt.UTC), tick=False):
        published = signer.post(path, {"action": "publish"}).json()
    assert published["state"] == "published" and published["published_on"] == "2026-10-09"
    assert published["index_number"] == f"{unit_a.credit_code}/2026-00001"
    assert published["url"].endswith(f"/xxgk/items/{item['id']}/") and published["overdue"] is False
    got = editor.get(f"/items/{item['id']}").json()
    assert got["state"] == "published" and got["index_number"] == published["index_number"]
    public = api_as(None).get("/public/items", unit_id=unit_a.pk).json()
    assert public["total"] == 1 and public["results"][0]["title"] == NEW["title"]
    assert "body_html" not in public["results"][0] and "version" not in public["results"][0]
    withdrawn = signer.post(path, {"action": "withdraw"})
    assert withdrawn.status_code == 422 and withdrawn.json()["field"] == "reason"
    done = signer.post(path, {"action": "withdraw", "reason": "已被新通知替代", "reason_code": "superseded"}).json()
    assert done["state"] == "withdrawn"


def test_other_units_items_are_404(
    editor_a: Any, editor_b: Any, unit_a: Unit, api_as: Callable[[Any], ApiClient]
) -> None:
    item = api_as(editor_a).post("/items", {**NEW, "unit_id": unit_a.pk}).json()
    other = api_as(editor_b)
    assert other.get(f"/items/{item['id']}").status_code == 404
    assert other.post(f"/items/{item['id']}/actions", {"action": "submit"}).status_code == 404
    assert other.post("/items", {**NEW, "unit_id": unit_a.pk}).status_code == 403


def test_public_items_never_show_drafts(editor_a: Any, unit_a: Unit, api_as: Callable[[Any], ApiClient]) -> None:
    api_as(editor_a).post("/items", {**NEW, "unit_id": unit_a.pk})
    assert api_as(None).get("/public/items").json() == {"total": 0, "page": 1, "page_size": 20, "results": []}


def test_bad_input_names_the_field(editor_a: Any, unit_a: Unit, api_as: Callable[[Any], ApiClient]) -> None:
    client = api_as(editor_a)
    for payload, field in [
        ({**NEW, "unit_id": unit_a.pk, "formed_on": "2026-02-30"}, "formed_on"),
        ({**NEW, "unit_id": unit_a.pk, "genre": "poem"}, "genre"),
        ({**NEW, "unit_id": unit_a.pk, "title": ""}, "title"),
        ({**NEW, "unit_id": 999999}, "unit_id"),
        ({**NEW, "unit_id": unit_a.pk, "catalogue_entry_id": 999999}, "catalogue_entry_id"),
    ]:
        response = client.post("/items", payload)
        assert response.status_code == 422, (payload, response.content)
        assert response.json()["field"] == field


def test_calendar_missing_shows_in_the_item(editor_a: Any, unit_a: Unit, api_as: Callable[[Any], ApiClient]) -> None:
    item = api_as(editor_a).post("/items", {**NEW, "unit_id": unit_a.pk, "formed_on": "2026-12-21"}).json()
    assert item["publish_due_on"] is None and "2027" in item["due_problem"]


def test_patch_with_stale_version_is_409(editor_a: Any, unit_a: Unit, api_as: Callable[[Any], ApiClient]) -> None:
    client = api_as(editor_a)
    item = client.post("/items", {**NEW, "unit_id": unit_a.pk}).json()
    url = f"/api/v1/items/{item['id']}"
    first = client.client.patch(
        url, {"version": item["version"], "title": "甲"}, content_type="application/json", headers=client.headers
    )
    assert first.status_code == 200 and first.json()["version"] == item["version"] + 1
    second = client.client.patch(
        url, {"version": item["version"], "title": "乙"}, content_type="application/json", headers=client.headers
    )
    assert second.status_code == 409 and "他人修改" in second.json()["detail"]

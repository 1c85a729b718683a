"""API.md "Inspection": POST /api/v1/inspections runs now and answers id, passed, score, veto and
findings (broken links with rule broken_link and the item's url); the report and the history."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine

from tests.conftest import ApiClient
from tests.supervision.inspection.conftest import TODAY, Publish, at

pytestmark = pytest.mark.django_db


def test_running_an_inspection_answers_the_contract(
    api_as: Any, office: Any, publish: Publish, dead_url: str, settings: Any
) -> None:
    settings.ALLOWED_HOSTS = ["testserver"]
    item = publish("附链接的通知", genre="news", body=f'<p><a href="{dead_url}">原文</a></p>')
    client: ApiClient = api_as(office)
    with time_machine.travel(at(TODAY), tick=False):
        response = client.post("/inspections", {})
    assert response.status_code == 200, response.content
    body = response.json()
    assert {"id", "passed", "score", "veto", "findings"} <= set(body)
    assert isinstance(body["passed"], bool) and isinstance(body["score"], int)
    assert all(set(v) == {"rule", "detail"} for v in body["veto"])
    assert all({"rule", "url", "detail", "points"} <= set(f) for f in body["findings"])
    [broken] = [f for f in body["findings"] if f["rule"] == "broken_link"]
    assert broken["url"] == f"/xxgk/items/{item.pk}/" and broken["target"] == dead_url and broken["points"] == 1
    assert "连接被拒绝" in broken["detail"]
    # 政策文件 has no item: an empty column, deducted
    assert any(f["rule"] == "empty_column" and "政策文件" in f["detail"] for f in body["findings"])
    assert body["score"] == 100 - sum(f["points"] for f in body["findings"])


def test_a_veto_is_reported_with_its_rule_and_detail(api_as: Any, office: Any) -> None:
    with time_machine.travel(at(TODAY), tick=False):
        body = api_as(office).post("/inspections", {}).json()
    assert body["passed"] is False
    rules = {v["rule"] for v in body["veto"]}
    assert "home_not_updated" in rules and "empty_column" in rules
    assert all(v["detail"] for v in body["veto"])


def test_the_report_and_the_history(api_as: Any, office: Any) -> None:
    client: ApiClient = api_as(office)
    created = client.post("/inspections?check_links=false", {}).json()
    report = client.get(f"/inspections/{created['id']}")
    assert report.status_code == 200 and report.json()["findings"] == created["findings"]
    assert report.json()["links"] == "skipped"
    history = client.get("/inspections").json()
    assert history["total"] == 1 and history["results"][0]["id"] == created["id"]


@pytest.mark.parametrize("path", ["/inspections/999999", "/inspections/99999999999999999999", "/inspections/0"])
def test_unknown_or_bad_ids_are_errors_in_shape(api_as: Any, office: Any, path: str) -> None:
    response = api_as(office).get(path)
    assert response.status_code in {404, 422}
    assert set(response.json()) == {"detail", "field"}


def test_staff_other_than_the_office_are_refused(api_as: Any, editor_a: Any) -> None:
    response = api_as(editor_a).post("/inspections", {})
    assert response.status_code == 403 and "公开办" in response.json()["detail"]


def test_without_a_token_the_answer_is_401(api_as: Any) -> None:
    response = api_as(None).post("/inspections", {})
    assert response.status_code == 401 and set(response.json()) == {"detail", "field"}


def test_a_second_run_while_one_runs_is_409(api_as: Any, office: Any) -> None:
    from django.utils import timezone

    from gongkai.supervision.inspection.models import Inspection

    Inspection.objects.create(started_at=timezone.now(), monitored_on=TODAY)
    response = api_as(office).post("/inspections", {})
    assert response.status_code == 409 and response.json()["field"] == "state"


def test_a_failed_run_is_409_not_500(api_as: Any, office: Any, monkeypatch: Any) -> None:
    def broken(*args: Any) -> Any:
        raise RuntimeError("坏了")

    monkeypatch.setattr("gongkai.supervision.inspection.data.latest_home_on", broken)
    response = api_as(office).post("/inspections", {})
    assert response.status_code == 409 and set(response.json()) == {"detail", "field"}

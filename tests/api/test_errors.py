"""Every answer under /api/v1 has the error shape, even for a method the path does not take."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client


def test_wrong_method_is_405_in_the_error_shape(client: Client, db: Any) -> None:
    # Another government's script deletes a unit: the API has no such operation.
    response = client.delete("/api/v1/units")

    assert response.status_code == 405
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "此接口不支持DELETE请求（可用：GET, POST）", "field": None}
    assert response["Allow"] == "GET, POST"


def test_wrong_method_on_a_path_with_parameters(client: Client, db: Any) -> None:
    response = client.put("/api/v1/public/items", {}, content_type="application/json")

    assert response.status_code == 405
    assert set(response.json()) == {"detail", "field"}
    assert "PUT" in response.json()["detail"]


def test_a_method_the_path_takes_still_answers_normally(client: Client, db: Any) -> None:
    assert client.get("/api/v1/units").status_code == 200
    assert client.post("/api/v1/units", {}, content_type="application/json").status_code == 401


def test_every_path_under_api_answers_json_for_every_method_even_with_a_token_and_csrf_on(db: Any) -> None:
    # A partner's script with a bearer token and no CSRF cookie: before, a POST to an unknown path
    # met Django's HTML CSRF page (403).
    client = Client(enforce_csrf_checks=True, headers={"Authorization": "Bearer not-a-real-token"})
    for path in ("/api/v1/no-such-thing", "/api/v1/units/1/nothing", "/api/v2/items", "/api/", "/api"):
        for method in ("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"):
            response = client.generic(method, path, "{}", content_type="application/json")
            assert response.status_code == 404, (method, path)
            assert response["Content-Type"].startswith("application/json")
            if method != "HEAD":
                assert response.json() == {"detail": "接口不存在", "field": None}


def test_a_server_error_under_api_is_json_and_elsewhere_the_page() -> None:
    from django.test import RequestFactory

    from gongkai import urls

    api = urls.handler500(RequestFactory().get("/api/v1/items"))
    assert api.status_code == 500
    assert json.loads(api.content) == {"detail": "服务器内部错误，请稍后重试", "field": None}
    page = urls.handler500(RequestFactory().get("/xxgk/"))
    assert page.status_code == 500 and page["Content-Type"].startswith("text/html")
    bad = urls.handler400(RequestFactory().get("/api/v1/items"), Exception("bad"))
    assert bad.status_code == 400 and json.loads(bad.content)["field"] is None


@pytest.mark.parametrize("action", ["%", "%s", "%(x)s", "100%", "{x}"])
def test_what_a_user_typed_into_a_refusal_is_never_formatted_again(
    db: Any, editor_a: Any, unit_a: Any, api_as: Any, action: str
) -> None:
    """The security probe's 500: ``{"action": "%"}`` was %-formatted a second time by the error
    handler. A 422 naming the field, with the action as typed (and the actions allowed: API.md
    "Conventions", coded fields)."""
    client = api_as(editor_a)
    created = client.post(
        "/items",
        {"unit_id": unit_a.pk, "title": "通知", "body_html": "<p>正文</p>", "formed_on": "2026-11-02",
         "genre": "notice", "topic": "general"},
    )  # fmt: skip
    assert created.status_code == 201
    response = client.post(f"/items/{created.json()['id']}/actions", {"action": action})
    assert response.status_code == 422
    answer = response.json()
    assert answer["field"] == "action" and f"（收到“{action}”）" in answer["detail"], answer
    assert "submit（提交审核）" in answer["detail"]

"""Every answer under /api/v1 has the error shape, even for a method the path does not take."""

from __future__ import annotations

from typing import Any

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

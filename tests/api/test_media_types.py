"""The API reads JSON bodies only, and multipart/form-data where a file is uploaded; a body of any
other type is refused with 415 before anything is saved (issue 15, point 2: an auto-submitted form
on another website posted text/plain JSON and created an inquiry). No permissive CORS header is
ever sent."""

from __future__ import annotations

import json
from typing import Any

import pytest
import time_machine
from django.test import Client
from ninja.params.models import FileModel

from gongkai.api import errors
from gongkai.api.api import api
from gongkai.participation.models import Inquiry
from tests.participation.inquiry_fixtures import ASK, NOW

EVIL = "https://evil.example"


@pytest.mark.parametrize(
    "content_type",
    ["text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"],
)
def test_a_cross_site_form_cannot_ask_a_question(db: Any, unit_a: Any, content_type: str) -> None:
    """What an HTML form on another origin can send without a preflight: all refused, nothing saved."""
    payload = json.dumps({**ASK, "unit_id": unit_a.pk})
    with time_machine.travel(NOW, tick=False):
        response = Client().post(
            "/api/v1/public/inquiries", payload, content_type=content_type, headers={"Origin": EVIL}
        )
    assert response.status_code == 415
    assert set(response.json()) == {"detail", "field"} and "application/json" in response.json()["detail"]
    assert "Access-Control-Allow-Origin" not in response
    assert not Inquiry.objects.exists()


def test_json_is_read_as_before(db: Any, unit_a: Any) -> None:
    payload = json.dumps({**ASK, "unit_id": unit_a.pk})
    with time_machine.travel(NOW, tick=False):
        response = Client().post(
            "/api/v1/public/inquiries",
            payload,
            content_type="application/json; charset=utf-8",
            headers={"Origin": EVIL},
        )
    assert response.status_code == 201, response.content
    assert "Access-Control-Allow-Origin" not in response


def test_a_post_without_a_body_is_not_asked_for_a_type(db: Any) -> None:
    """Nothing to read, nothing to refuse: the answer is the operation's own (here: no token)."""
    assert Client().generic("POST", "/api/v1/items/1/actions").status_code == 401


def test_a_preflight_is_not_answered_with_permission(db: Any) -> None:
    response = Client().options(
        "/api/v1/public/inquiries",
        headers={
            "Origin": EVIL,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert "Access-Control-Allow-Origin" not in response and "Access-Control-Allow-Methods" not in response


def test_the_multipart_routes_are_the_operations_that_take_a_file() -> None:
    """MULTIPART_ROUTES (gongkai/api/errors.py) is exactly where an operation has a File parameter."""
    taking_files = {
        path.strip("/")
        for _prefix, router in api._routers
        for path, view in router.path_operations.items()
        for operation in view.operations
        if any(issubclass(model, FileModel) for model in operation.models)
    }
    assert taking_files == errors.MULTIPART_ROUTES

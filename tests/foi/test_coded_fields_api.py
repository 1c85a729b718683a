"""The application API's coded fields take the code or its Chinese label, and the schema lists
the codes (issue 16, point 13): applicant_type, form, delivery, channel, an event's kind,
method and outcome."""

from __future__ import annotations

from typing import Any

import pytest

from gongkai.api.api import api
from gongkai.foi.models import Request
from tests.foi.conftest import CITIZEN

pytestmark = pytest.mark.usefixtures("frozen", "site")


def test_an_application_in_labels_is_stored_in_codes(api_as: Any, unit_a: Any) -> None:
    labels = {**CITIZEN, "applicant_type": "自然人", "form": "电子", "delivery": "电子邮件", "unit_id": unit_a.pk}
    response = api_as(None).post("/requests", labels)
    assert response.status_code == 201, response.content
    stored = Request.objects.get(pk=response.json()["id"])
    assert (stored.applicant_type, stored.form, stored.delivery) == ("natural_person", "electronic", "email")


def test_an_unknown_value_is_refused_naming_the_allowed_ones(api_as: Any, unit_a: Any) -> None:
    response = api_as(None).post("/requests", {**CITIZEN, "form": "传真件", "unit_id": unit_a.pk})
    assert response.status_code == 422 and response.json()["field"] == "form"
    assert "electronic（电子）" in response.json()["detail"]


def test_an_event_kind_by_its_label(api_as: Any, handler_a: Any, letter_request: Request) -> None:
    body = {"kind": "批准延期答复", "on": "2026-10-20", "working_days": 10, "reason": "需调阅档案", "approver": "王敏"}
    response = api_as(handler_a).post(f"/requests/{letter_request.pk}/events", body)
    assert response.status_code == 200, response.content
    assert letter_request.events.get().kind == "extension_approved"


def test_the_schema_lists_the_codes() -> None:
    schemas = api.get_openapi_schema()["components"]["schemas"]
    assert "natural_person" in schemas["RequestIn"]["properties"]["applicant_type"]["enum"]
    assert "extension_approved" in schemas["EventIn"]["properties"]["kind"]["enum"]


@pytest.mark.django_db
def test_search_filters_take_a_label_too(client: Any) -> None:
    assert client.get("/api/v1/search", {"q": "通知", "kind": "政策文件"}).status_code == 200
    refused = client.get("/api/v1/search", {"q": "通知", "validity": "永久"})
    assert refused.status_code == 422 and refused.json()["field"] == "validity"

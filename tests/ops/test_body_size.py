"""A request body larger than MAX_REQUEST_BYTES is refused with 413 before anything reads it
(issue 15, point 6): in the API's error shape under /api/, as a plain Chinese message elsewhere."""

from __future__ import annotations

from typing import Any

from django.test import Client, override_settings

from gongkai.participation.models import Inquiry


@override_settings(MAX_REQUEST_BYTES=1000)
def test_the_api_refuses_a_body_over_the_limit_in_its_shape(db: Any) -> None:
    response = Client().post("/api/v1/public/inquiries", "x" * 2000, content_type="application/json")
    assert response.status_code == 413
    assert response.json()["field"] is None and "上限" in response.json()["detail"]
    assert not Inquiry.objects.exists()


@override_settings(MAX_REQUEST_BYTES=1000)
def test_a_form_over_the_limit_is_refused_before_it_is_read(db: Any) -> None:
    response = Client().post("/xxgk/apply/", {"name": "王淑芬", "description": "y" * 3000})
    assert response.status_code == 413
    assert response["Content-Type"].startswith("text/plain") and "提交的内容过大" in response.content.decode()


@override_settings(MAX_REQUEST_BYTES=1000)
def test_a_body_within_the_limit_goes_on(db: Any) -> None:
    response = Client().post("/api/v1/public/inquiries", "{}", content_type="application/json")
    assert response.status_code == 422  # read, and answered by the operation


def test_the_default_limit_is_above_the_largest_upload() -> None:
    from django.conf import settings

    from gongkai.publishing.attachments import MAX_ATTACHMENT_BYTES

    assert settings.MAX_REQUEST_BYTES > MAX_ATTACHMENT_BYTES


@override_settings(MAX_REQUEST_BYTES=1000)
def test_a_refusal_carries_the_security_headers(db: Any) -> None:
    response = Client().post("/xxgk/apply/", {"description": "y" * 3000})
    assert response.status_code == 413 and "Content-Security-Policy" in response

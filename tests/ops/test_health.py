"""What the load balancer and the monitoring see: /healthz, the security headers, the request log."""

from __future__ import annotations

import json
import logging
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client

from gongkai.logs import JsonFormatter

pytestmark = pytest.mark.django_db


def test_healthz_says_ok_when_the_database_answers(client: Client) -> None:
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_says_unavailable_when_the_database_is_down(client: Client, caplog: pytest.LogCaptureFixture) -> None:
    outage = OperationalError("could not connect to server: Connection refused")
    with mock.patch("django.db.connection.cursor", side_effect=outage):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}
    assert b"Connection refused" not in response.content  # the reason goes to the log only
    assert any(r.name == "gongkai.ops" and r.exc_info for r in caplog.records)


def test_pages_carry_the_security_headers(client: Client) -> None:
    response = client.get("/healthz")

    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response["Permissions-Policy"]


def test_request_log_line_has_method_path_status_and_no_query_string(
    client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="gongkai.request"):
        response = client.get("/healthz?name=张三&id_number=110101199003077777", HTTP_X_REQUEST_ID="req-42")

    [record] = [r for r in caplog.records if r.name == "gongkai.request"]
    line = JsonFormatter().format(record)
    entry = json.loads(line)
    assert (entry["method"], entry["path"], entry["status"]) == ("GET", "/healthz", 200)
    assert entry["request_id"] == "req-42" == response["X-Request-ID"]
    assert isinstance(entry["duration_ms"], float)
    assert "张三" not in line
    assert "110101199003077777" not in line
    assert "?" not in line

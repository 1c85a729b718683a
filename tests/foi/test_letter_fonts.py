"""A reply letter is never handed out in a fallback font: on a machine whose fontconfig has only
DejaVu, a requested letter is refused with the reason, through the API and the workbench, and
nothing half-written is kept (no stored file, no download in the audit trail)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from gongkai import fonts
from gongkai.audit.models import AuditEntry
from gongkai.foi.models import Letter, Request
from tests.foi.test_api_flow import post_event


@pytest.fixture
def letter(api_as: Any, handler_a: Any, letter_request: Request) -> dict[str, Any]:
    body = post_event(
        api_as(handler_a),
        letter_request.pk,
        kind="replied",
        on="2026-10-20",
        outcome="withheld_third_party",
        reasons="涉及商业秘密",
    ).json()
    return dict(body["letters"][0])


def assert_nothing_kept() -> None:
    stored = Letter.objects.get()
    assert not stored.pdf
    assert not AuditEntry.objects.filter(action="foi.letter_downloaded").exists()


def test_the_api_refuses_the_pdf_with_the_reason(
    api_as: Any, handler_a: Any, letter: dict[str, Any], dejavu_only: Path, caplog: pytest.LogCaptureFixture
) -> None:
    api = api_as(handler_a)
    response = api.client.get(letter["pdf_url"], headers=api.headers)

    assert response.status_code == 503
    assert response.json() == {"detail": str(fonts.FontsMissing(fonts.CJK)), "field": None}
    assert "fonts-noto-cjk" in response.json()["detail"]
    assert any(r.name == "gongkai.fonts" and r.levelname == "ERROR" for r in caplog.records)
    assert_nothing_kept()
    docx = api.client.get(letter["docx_url"], headers=api.headers)  # Word needs no font on the server
    assert docx.status_code == 200 and docx.content.startswith(b"PK")


def test_the_workbench_tells_the_clerk_and_keeps_nothing(
    logged_in: Any, handler_a: Any, letter_request: Request, letter: dict[str, Any], dejavu_only: Path
) -> None:
    client = logged_in(handler_a)
    url = reverse("workbench:request_letter", args=[letter_request.pk, letter["id"], "pdf"])

    response = client.get(url, follow=True)

    assert response.redirect_chain == [(reverse("workbench:request", args=[letter_request.pk]), 302)]
    assert "未安装" in response.content.decode() and "fonts-noto-cjk" in response.content.decode()
    assert_nothing_kept()


def test_with_the_font_back_the_same_letter_renders(
    api_as: Any, handler_a: Any, letter: dict[str, Any], dejavu_only: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    api = api_as(handler_a)
    assert api.client.get(letter["pdf_url"], headers=api.headers).status_code == 503
    monkeypatch.delenv("FONTCONFIG_FILE")

    response = api.client.get(letter["pdf_url"], headers=api.headers)

    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert Letter.objects.get().pdf

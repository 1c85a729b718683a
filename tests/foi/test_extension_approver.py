"""An extension names its approver through the API as through the workbench form (issue 16,
point 9): 条例 Art. 33 para 2 lets the period be extended only "经政府信息公开工作机构负责人同意",
and the extension letter says the head of the disclosure office approved it.

The case: a letter received on 2026-09-25 (中秋), due 2026-10-29 over National Day and the
make-up Saturday 10/10; the office extends it on 2026-10-20 by 10 working days: 11/12.
"""

from __future__ import annotations

from typing import Any

import pytest

from gongkai.foi.models import Letter, Request

pytestmark = pytest.mark.usefixtures("frozen", "site")

EXTENSION = {"kind": "extension_approved", "on": "2026-10-20", "working_days": 10, "reason": "需调阅三个年度的档案"}


@pytest.mark.parametrize("approver", [None, "", "   "])
def test_an_extension_without_its_approver_is_422_naming_the_field(
    api_as: Any, handler_a: Any, letter_request: Request, approver: str | None
) -> None:
    body = EXTENSION if approver is None else {**EXTENSION, "approver": approver}
    response = api_as(handler_a).post(f"/requests/{letter_request.pk}/events", body)
    assert response.status_code == 422, response.content
    assert response.json()["field"] == "approver"
    assert "批准人" in response.json()["detail"]
    letter_request.refresh_from_db()
    assert (letter_request.state, letter_request.extension_days) == ("registered", 0)
    assert not letter_request.events.exists() and not Letter.objects.exists()


def test_with_its_approver_the_extension_is_recorded_and_its_letter_issued(
    api_as: Any, handler_a: Any, letter_request: Request
) -> None:
    response = api_as(handler_a).post(f"/requests/{letter_request.pk}/events", {**EXTENSION, "approver": "王敏"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["state"], body["due_on"], body["extension_days"]) == ("extended", "2026-11-12", 10)
    assert body["events"][-1]["data"]["approver"] == "王敏"
    letter = Letter.objects.get(kind="extension")
    assert letter.content["new_due_on"] == "2026-11-12"

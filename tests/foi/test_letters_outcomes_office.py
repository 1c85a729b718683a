"""The office's wording of the reply to a request to confirm or re-issue what the applicant already
holds (Table 三 （五）5; issue 16, point 6): a setting, defaulting to the 条例 Art. 2 and 38 wording,
audited, frozen into each letter when issued, and never Art. 39 again (信访、投诉、举报 and 公开出版物).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from gongkai import officesettings
from gongkai.audit.models import AuditEntry
from gongkai.foi import handling, letterbook
from gongkai.foi.letters import build
from gongkai.foi.lettertexts import CONFIRMATION_DEFAULT, LetterTexts
from gongkai.foi.models import Request

REPLY_ON = dt.date(2026, 10, 10)  # the make-up Saturday after National Day
ACTION = "foi.letter_texts_changed"
EDITED = "经审查，您的申请是要求本机关确认已获取材料的真伪，不属于条例第二条所称的政府信息，本机关不予处理。"


def test_the_default_wording_cites_articles_2_and_38(db: None) -> None:
    assert LetterTexts.current().confirmation == CONFIRMATION_DEFAULT
    assert "第二条" in CONFIRMATION_DEFAULT and "第三十八条" in CONFIRMATION_DEFAULT
    assert "第三十九条" not in CONFIRMATION_DEFAULT


def test_a_letter_issued_before_any_edit_says_the_default(handler_a: Any, letter_request: Request) -> None:
    replied = handling.record_event(
        handler_a, letter_request.pk, "replied", REPLY_ON, outcome="not_processed_confirmation"
    )
    text = build(letterbook._decode(replied.letters.get(kind="reply").content)).text()
    assert CONFIRMATION_DEFAULT in text and "第三十九条" not in text


def test_the_office_edits_the_wording_and_a_letter_keeps_what_it_said(
    office: Any, handler_a: Any, letter_request: Request
) -> None:
    officesettings.update(office, LetterTexts, {"confirmation": EDITED}, action=ACTION)
    assert AuditEntry.objects.filter(action=ACTION).exists()
    replied = handling.record_event(
        handler_a, letter_request.pk, "replied", REPLY_ON, outcome="not_processed_confirmation"
    )
    letter = replied.letters.get(kind="reply")
    officesettings.update(office, LetterTexts, {"confirmation": CONFIRMATION_DEFAULT}, action=ACTION)
    text = build(letterbook._decode(letter.content)).text()
    assert EDITED in text and CONFIRMATION_DEFAULT not in text  # issued: frozen


@pytest.mark.parametrize(
    ("wording", "says"),
    [
        ("根据条例第三十九条的规定，不作为政府信息公开申请处理。", "第三十九条"),
        ("   ", "请填写"),
    ],
)
def test_the_office_may_not_put_article_39_back_nor_leave_it_empty(office: Any, wording: str, says: str) -> None:
    with pytest.raises(ValidationError) as refused:
        officesettings.update(office, LetterTexts, {"confirmation": wording}, action=ACTION)
    assert says in refused.value.message_dict["confirmation"][0]
    assert LetterTexts.current().confirmation == CONFIRMATION_DEFAULT


def test_the_office_edits_it_on_its_settings_page(logged_in: Any, office: Any, editor_a: Any) -> None:
    url = reverse("workbench:foi_letter_texts")
    client = logged_in(office)
    page = client.get(url)
    assert page.status_code == 200 and CONFIRMATION_DEFAULT in page.content.decode()
    assert client.post(url, {"confirmation": "第三十九条"}).status_code == 422
    assert client.post(url, {"confirmation": EDITED}).status_code == 302
    assert LetterTexts.current().confirmation == EDITED
    assert logged_in(editor_a).post(url, {"confirmation": EDITED}).status_code == 403

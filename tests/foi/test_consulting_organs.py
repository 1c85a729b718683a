"""Consulting other organs (issue 16, point 8): a co-maker (条例 Art. 34) and a secrecy review
referral (Art. 17), each with its letter; their time is not counted (Art. 33 para 3).

- Art. 34: information made jointly is disclosed after consulting the co-maker, which answers
  within 15 working days of receiving the request; silence is consent. Its pause ends like a third
  party's (point 2): at the answer or when the period has passed.
- Art. 17: what the organ cannot decide may be disclosed goes to the competent department or the
  secrecy administration to decide. The 条例 sets no period: the pause lasts until the answer; the
  referral asks for a reply within the office's setting (UNCONFIRMED, 15 working days), and the
  inbox reminds the handler to chase it when that has passed.

The case: a letter received 2026-09-25 (中秋), due 10/29; the organ writes to the other organ on
9/28. E-mailed, its 15 working days are 9/29 … 10/23 (National Day 10/1–7 off, the make-up
Saturday 10/10 counted); posted, it is presumed received on 10/13 and they run to 11/3.
With GONGKAI_SCREENSHOTS=1 the two letters are also written as PDFs into docs/letters/.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from pypdf import PdfReader

from gongkai.foi import handling, letterbook
from gongkai.foi.jobs import send_reminders
from gongkai.foi.letters import build
from gongkai.foi.models import Letter, Request
from gongkai.workbench.inbox import tasks_for
from tests.foi.conftest import CITIZEN, CITIZEN_ID

pytestmark = pytest.mark.usefixtures("site")

D = dt.date
DOCS = Path(__file__).resolve().parents[2] / "docs" / "letters"
CO_MAKER = {
    "party": "鄂尔多斯市康巴什区财政局",
    "information": "《2025年度康巴什区城乡最低生活保障资金分配方案》（区民政局与区财政局联合制发）",
}
SECRECY = {
    "party": "鄂尔多斯市康巴什区国家保密局",
    "information": "2025年度康巴什区民兵训练经费使用明细",
}


def at(day: dt.date) -> Any:
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 1, tzinfo=dt.UTC), tick=False)


def consult(api: Any, pk: int, basis: str, body: dict[str, str], **more: str) -> Any:
    payload = {"kind": "consultation_started", "on": "2026-09-28", "basis": basis, **body, **more}
    return api.post(f"/requests/{pk}/events", payload)


def text(letter: Letter) -> str:
    return build(letterbook._decode(letter.content)).text()


def test_a_co_maker_is_asked_under_article_34_and_its_silence_is_consent(
    frozen: None, api_as: Any, handler_a: Any, letter_request: Request
) -> None:
    # The API takes the code or its Chinese label (API.md "Conventions").
    label = "征求共同制作机关意见（条例第三十四条）"
    answer = consult(api_as(handler_a), letter_request.pk, label, CO_MAKER, delivery_method="electronic")
    assert answer.status_code == 200, answer.content
    assert answer.json()["consultation_basis"] == "co_maker"
    letter = Letter.objects.get(request=letter_request)
    assert (letter.kind, letter.get_kind_display()) == ("co_maker", "征求共同制作机关意见函")
    words = text(letter)
    assert "政府信息公开征求共同制作机关意见函" in words
    assert "第三十四条" in words and "共同制作" in words
    assert "请贵机关自收到本函之日起15个工作日内，即于2026年10月23日前" in words
    assert "贵机关逾期未提出意见的，视为同意公开。" in words
    assert "依申请商请〔2026〕" in letter.number
    for secret in (CITIZEN["name"], CITIZEN_ID, CITIZEN["phone"], CITIZEN["description"]):
        assert secret not in words


def test_the_co_makers_pause_ends_with_its_period_and_the_handler_is_told(
    api_as: Any, handler_a: Any, letter_request: Request
) -> None:
    with at(D(2026, 9, 28)):
        consult(api_as(handler_a), letter_request.pk, "co_maker", CO_MAKER)  # by post by default
    assert "自收到本函之日起15个工作日内，以书面形式" in text(Letter.objects.get(kind="co_maker"))
    with at(D(2026, 11, 4)):  # presumed received 10/13; 10/14 … 11/3 have passed
        send_reminders.enqueue("2026-11-04")
        tasks = [t.title for t in tasks_for(handler_a, D(2026, 11, 4)) if t.target == letter_request]
    letter_request.refresh_from_db()
    # 22 working days (9/29 … 11/3) not counted: due 10/29 → 11/30.
    assert (letter_request.state, letter_request.due_on) == ("in_progress", D(2026, 11, 30))
    assert (
        f"共同制作机关未在2026-11-03前提出意见，视为同意公开（条例第三十四条），答复期限恢复计算：{letter_request.number}"
        in tasks
    )


def test_a_secrecy_review_is_referred_under_article_17(
    frozen: None, api_as: Any, handler_a: Any, letter_request: Request
) -> None:
    answer = consult(api_as(handler_a), letter_request.pk, "secrecy_review", SECRECY, delivery_method="electronic")
    assert answer.status_code == 200, answer.content
    letter = Letter.objects.get(request=letter_request)
    assert letter.kind == "secrecy_review"
    words = text(letter)
    assert "拟公开政府信息保密审查报请确定函" in words
    assert "第十七条" in words and "保守国家秘密法" in words and "不能确定其是否可以公开" in words
    assert "请贵单位自收到本函之日起15个工作日内，即于2026年10月23日前，书面函复" in words
    for secret in (CITIZEN["name"], CITIZEN_ID, CITIZEN["phone"], CITIZEN["description"]):
        assert secret not in words


def test_a_secrecy_review_pauses_until_the_answer_and_the_handler_chases_it(
    api_as: Any, handler_a: Any, letter_request: Request
) -> None:
    with at(D(2026, 9, 28)):
        consult(api_as(handler_a), letter_request.pk, "secrecy_review", SECRECY, delivery_method="electronic")
    with at(D(2026, 10, 26)):  # the reply date asked for (10/23) has passed: no statutory end
        send_reminders.enqueue("2026-10-26")
        tasks = [t.title for t in tasks_for(handler_a, D(2026, 10, 26)) if t.target == letter_request]
        letter_request.refresh_from_db()
        assert (letter_request.state, letter_request.due_on) == ("consulting", D(2026, 10, 29))
        assert (
            f"保密审查请求的回复期限2026-10-23已过，请催办；答复期限仍中止至收到意见：{letter_request.number}" in tasks
        )
    with at(D(2026, 11, 2)):
        body = api_as(handler_a).post(
            f"/requests/{letter_request.pk}/events", {"kind": "consultation_ended", "on": "2026-11-02"}
        )
    # 9/29 … 11/2: 21 working days not counted (10/10 included): due 10/29 → 11/27.
    assert (body.json()["state"], body.json()["due_on"]) == ("in_progress", "2026-11-27")


def test_an_unknown_basis_is_422_naming_the_allowed_values(
    frozen: None, api_as: Any, handler_a: Any, letter_request: Request
) -> None:
    answer = consult(api_as(handler_a), letter_request.pk, "neighbour", CO_MAKER)
    assert answer.status_code == 422
    assert answer.json()["field"] == "basis"
    assert all(code in answer.json()["detail"] for code in ("third_party", "co_maker", "secrecy_review"))


def test_the_workbench_form_asks_whom_it_consults(
    frozen: None, logged_in: Any, handler_a: Any, letter_request: Request
) -> None:
    client = logged_in(handler_a)
    page = client.get(reverse("workbench:request", args=[letter_request.pk])).content.decode()
    assert "征求共同制作机关意见（条例第三十四条）" in page and "报请保密审查（条例第十七条）" in page
    data = {"kind": "consultation_started", "consultation_started-on": "2026-09-28"}
    data |= {f"consultation_started-{k}": v for k, v in {**SECRECY, "basis": "secrecy_review"}.items()}
    assert client.post(reverse("workbench:request_event", args=[letter_request.pk]), data).status_code == 302
    assert Letter.objects.get(request=letter_request).kind == "secrecy_review"


# --- the PDFs (docs/letters/ only with GONGKAI_SCREENSHOTS=1) --------------------------------------


def flat(words: str) -> str:
    return re.sub(r"\s+", "", words)


@pytest.mark.parametrize(
    ("basis", "body", "name", "article"),
    [
        ("co_maker", CO_MAKER, "consultation-34-co-maker.pdf", "第三十四条"),
        ("secrecy_review", SECRECY, "consultation-17-secrecy-review.pdf", "第十七条"),
    ],
)
def test_the_letters_render_as_pdf(
    frozen: None,
    api_as: Any,
    handler_a: Any,
    letter_request: Request,
    basis: str,
    body: dict[str, str],
    name: str,
    article: str,
) -> None:
    consult(api_as(handler_a), letter_request.pk, basis, body, delivery_method="electronic")
    data = letterbook.rendered(Letter.objects.get(request=letter_request), "pdf")
    words = flat("".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))
    assert article in words and "2026年10月23日" in words and flat(body["information"]) in words
    assert CITIZEN["name"] not in words
    if os.environ.get("GONGKAI_SCREENSHOTS") == "1":
        DOCS.mkdir(parents=True, exist_ok=True)
        (DOCS / name).write_bytes(data)


def test_handling_records_the_basis(frozen: None, handler_a: Any, letter_request: Request) -> None:
    handling.record_event(
        handler_a, letter_request.pk, "consultation_started", D(2026, 9, 28), basis="co_maker", **CO_MAKER
    )
    letter_request.refresh_from_db()
    assert (letter_request.consultation_basis, letter_request.consultation_reply_due_on) == ("co_maker", D(2026, 11, 3))


def test_the_office_sets_the_reply_period_a_secrecy_referral_asks_for(
    frozen: None, logged_in: Any, office: Any, api_as: Any, handler_a: Any, letter_request: Request
) -> None:
    from gongkai.foi.models import Settings

    page = logged_in(office).get(reverse("workbench:foi_settings")).content.decode()
    assert "保密审查请求回复期限（工作日）" in page and "UNCONFIRMED" in page
    values = {"correction_period_days": "15", "fee_payment_days": "20", "fee_suspends_clock": "on"}
    values |= {"post_delivery_days": "15", "secrecy_review_days": "10", "due_soon_days": "3"}
    assert logged_in(office).post(reverse("workbench:foi_settings"), values).status_code == 302
    assert Settings.current().secrecy_review_days == 10
    consult(api_as(handler_a), letter_request.pk, "secrecy_review", SECRECY, delivery_method="electronic")
    # 9/29, 9/30, 10/8, 10/9, 10/10 (make-up Saturday), 10/12 … 10/16: the 10th working day.
    assert "自收到本函之日起10个工作日内，即于2026年10月16日前" in text(Letter.objects.get(request=letter_request))

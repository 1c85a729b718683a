"""The other side's deadlines run from receiving the letter (送达), issue 16 point 4.

条例 Art. 32 gives a third party 15 working days "自收到征求意见书之日起"; the applicant's payment
period (国办函〔2020〕109号; its length the office's setting, UNCONFIRMED) runs from the notice's
receipt too. A letter sent electronically is received the day it is sent; by post, on the day
the receipt shows, presumed until then (the office's setting, 15 calendar days by default).

Dates on the real 2026 calendar (REGULATIONS.md §9): National Day 10/1–7 and the make-up
Saturday 10/10 fall in every period below.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from gongkai.foi import letterbook
from gongkai.foi.letters import build
from gongkai.foi.models import Letter, Request, Settings
from gongkai.orgs.models import Unit
from tests.foi.conftest import CITIZEN

pytestmark = pytest.mark.usefixtures("frozen", "site")

CONSULT = {"kind": "consultation_started", "on": "2026-09-28", "party": "某某科技有限公司", "information": "环评报告"}


def post_event(api: Any, pk: int, **body: Any) -> Any:
    return api.post(f"/requests/{pk}/events", body)


def letter_text(letter: Letter) -> str:
    return build(letterbook._decode(letter.content)).text()


def deliver(api: Any, pk: int, letter: Letter, on: str, method: str = "post") -> Any:
    return api.post(f"/requests/{pk}/letters/{letter.pk}/delivery", {"delivered_on": on, "method": method})


@pytest.fixture
def by_post(api_as: Any, handler_a: Any, unit_a: Unit) -> Request:
    """A letter received 2026-09-25 (中秋) from an applicant who wants the information by post."""
    body = {**CITIZEN, "delivery": "post", "unit_id": unit_a.pk, "channel": "letter", "received_on": "2026-09-25"}
    return Request.objects.get(pk=api_as(handler_a).post("/requests", body).json()["id"])


# --- the third party's 15 working days (Art. 32) -------------------------------------------------


def test_by_post_the_party_has_15_working_days_from_the_presumed_receipt(
    api_as: Any, handler_a: Any, letter_request: Request
) -> None:
    body = post_event(api_as(handler_a), letter_request.pk, **CONSULT, delivery_method="post").json()
    # Sent 9/28, presumed received 10/13 (15 days); 10/14 … 11/3 are its 15 working days.
    assert (body["consultation_received_on"], body["consultation_receipt_presumed"]) == ("2026-10-13", True)
    assert body["consultation_reply_due_on"] == "2026-11-03"
    letter = Letter.objects.get(kind="consultation")
    assert letter.delivered_on is None
    # The letter states the rule, never a presumed date.
    text = letter_text(letter)
    assert "请贵方自收到本函之日起15个工作日内，以书面形式" in text and "即于" not in text


def test_the_receipt_recorded_moves_the_partys_deadline(api_as: Any, handler_a: Any, letter_request: Request) -> None:
    api = api_as(handler_a)
    post_event(api, letter_request.pk, **CONSULT, delivery_method="post")
    letter = Letter.objects.get(kind="consultation")
    body = deliver(api, letter_request.pk, letter, "2026-09-30", method="邮寄").json()
    # Received on the eve of National Day: 10/8, 10/9, 10/10 (make-up Saturday) … 10/27.
    assert (body["consultation_received_on"], body["consultation_receipt_presumed"]) == ("2026-09-30", False)
    assert body["consultation_reply_due_on"] == "2026-10-27"
    assert body["letters"][0]["delivery_method"] == "post"


def test_electronically_the_party_counts_from_the_day_sent_and_the_letter_says_when(
    api_as: Any, handler_a: Any, letter_request: Request
) -> None:
    body = post_event(
        api_as(handler_a), letter_request.pk, **CONSULT, delivery_method="电子送达（发出当日送达）"
    ).json()
    assert body["consultation_reply_due_on"] == "2026-10-23"  # 9/29 … 10/23, 10/10 included
    letter = Letter.objects.get(kind="consultation")
    assert (letter.delivered_on, letter.delivery_method) == (dt.date(2026, 9, 28), "electronic")
    assert "15个工作日内，即于2026年10月23日前" in letter_text(letter)


# --- the applicant's payment period (109号) -----------------------------------------------------


FEE = {"kind": "fee_notified", "on": "2026-09-30", "method": "per_volume", "pages": 120}


def test_a_fee_notice_by_post_runs_from_its_presumed_receipt_and_states_the_rule(
    api_as: Any, handler_a: Any, by_post: Request
) -> None:
    body = post_event(api_as(handler_a), by_post.pk, **FEE).json()
    # Sent 9/30, presumed received 10/15; 20 working days: 10/16 … 11/12.
    assert (body["fee_received_on"], body["fee_receipt_presumed"], body["fee_pay_by"]) == (
        "2026-10-15",
        True,
        "2026-11-12",
    )
    text = letter_text(Letter.objects.get(kind="fee"))
    assert "请您自收到本通知书之日起20个工作日内缴纳" in text and "前缴纳" not in text


def test_closing_as_lapsed_before_the_deadline_from_receipt_is_refused(
    api_as: Any, handler_a: Any, by_post: Request
) -> None:
    api = api_as(handler_a)
    post_event(api, by_post.pk, **FEE)
    body = deliver(api, by_post.pk, Letter.objects.get(kind="fee"), "2026-10-09").json()
    # The receipt shows 10/09: 10/10 (make-up Saturday) … 11/05. Counted from the notice's own
    # date it would have ended on 11/03.
    assert body["fee_pay_by"] == "2026-11-05"
    early = post_event(api, by_post.pk, kind="fee_lapsed", on="2026-11-04")
    assert early.status_code == 409
    assert early.json()["detail"] == (
        "缴费期限（2026-11-05）尚未届满，不能按逾期未缴费终止办理：收费通知于2026-10-09送达申请人，缴费期限自送达之日起计算。"
    )
    by_post.refresh_from_db()
    assert by_post.state == "awaiting_fee"
    done = post_event(api, by_post.pk, kind="fee_lapsed", on="2026-11-06").json()
    assert (done["state"], done["outcome"]) == ("lapsed", "other_fee_lapsed")


def test_while_the_receipt_is_not_recorded_the_presumption_says_why(
    api_as: Any, handler_a: Any, by_post: Request
) -> None:
    api = api_as(handler_a)
    post_event(api, by_post.pk, **FEE)
    early = post_event(api, by_post.pk, kind="fee_lapsed", on="2026-11-10")
    assert early.status_code == 409
    assert "尚未登记回执所载送达日期，按推定于2026-10-15送达" in early.json()["detail"]


def test_an_electronic_notice_is_received_the_day_it_is_sent(
    api_as: Any, handler_a: Any, letter_request: Request
) -> None:
    # The applicant asked for e-mail (CITIZEN): the notice goes out electronically by default.
    body = post_event(api_as(handler_a), letter_request.pk, **FEE).json()
    assert (body["fee_received_on"], body["fee_receipt_presumed"], body["fee_pay_by"]) == (
        "2026-09-30",
        False,
        "2026-11-03",
    )
    letter = Letter.objects.get(kind="fee")
    assert letter.delivered_on == dt.date(2026, 9, 30)
    assert "请您于2026年11月3日前缴纳" in letter_text(letter)


def test_the_handlers_own_payment_date_is_honoured(api_as: Any, handler_a: Any, by_post: Request) -> None:
    body = post_event(api_as(handler_a), by_post.pk, **FEE, pay_by="2026-11-20").json()
    assert body["fee_pay_by"] == "2026-11-20"
    assert body["events"][-1]["data"]["pay_by"] == "2026-11-20"
    assert "请您于2026年11月20日前缴纳" in letter_text(Letter.objects.get(kind="fee"))
    refused = post_event(api_as(handler_a), by_post.pk, kind="fee_lapsed", on="2026-11-20")
    assert refused.status_code == 409


def test_a_payment_date_before_the_notice_is_422(api_as: Any, handler_a: Any, by_post: Request) -> None:
    response = post_event(api_as(handler_a), by_post.pk, **FEE, pay_by="2026-09-30")
    assert response.status_code == 422 and response.json()["field"] == "pay_by"


def test_the_workbench_fee_form_keeps_the_payment_date(logged_in: Any, handler_a: Any, by_post: Request) -> None:
    from django.urls import reverse

    data = {"kind": "fee_notified", "fee_notified-on": "2026-09-30", "fee_notified-method": "per_volume"}
    data |= {"fee_notified-pages": "120", "fee_notified-pay_by": "2026-11-20"}
    assert logged_in(handler_a).post(reverse("workbench:request_event", args=[by_post.pk]), data).status_code == 302
    by_post.refresh_from_db()
    assert by_post.fee_pay_by == dt.date(2026, 11, 20)


# --- the delivery record and the presumption ------------------------------------------------------


def test_a_delivery_method_outside_the_list_is_422_naming_the_values(
    api_as: Any, handler_a: Any, letter_request: Request
) -> None:
    api = api_as(handler_a)
    post_event(api, letter_request.pk, **CONSULT, delivery_method="post")
    response = deliver(api, letter_request.pk, Letter.objects.get(kind="consultation"), "2026-09-30", "信鸽")
    assert response.status_code == 422
    assert response.json()["field"] == "method"
    assert "post（邮寄送达" in response.json()["detail"]
    wrong = post_event(api, letter_request.pk, **{**CONSULT, "delivery_method": "信鸽"})
    assert (wrong.status_code, wrong.json()["field"]) == (422, "delivery_method")


def test_the_presumption_is_the_offices_setting_frozen_with_the_step(
    api_as: Any, handler_a: Any, letter_request: Request, office: Any
) -> None:
    from gongkai.officesettings import update

    update(office, Settings, {"post_delivery_days": 20}, action="foi.settings_changed")
    api = api_as(handler_a)
    body = post_event(api, letter_request.pk, **CONSULT, delivery_method="post").json()
    assert body["consultation_received_on"] == "2026-10-18"  # 9/28 + 20 days, a Sunday
    assert body["consultation_reply_due_on"] == "2026-11-06"  # 10/19 … 11/6
    update(office, Settings, {"post_delivery_days": 5}, action="foi.settings_changed")
    again = api.get(f"/requests/{letter_request.pk}").json()
    assert again["consultation_reply_due_on"] == "2026-11-06"  # a later change moves nothing

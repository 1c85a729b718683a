"""The public side: the API flows of API.md "Inquiries", the ask form (CAPTCHA, rate limit, nothing
typed lost), the receipt and tracking, and a scan of every public response for the asker's data."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import time_machine
from django.test import Client

from gongkai.participation.inquiries import services
from gongkai.participation.models import Inquiry
from tests.participation.inquiry_fixtures import ASK, ASKER, NOW, ask_at
from tests.portal.captcha_answers import captcha_of


def test_api_flow_ask_answer_list(db: Any, unit_a: Any, unit_b: Any, editor_a: Any, api_as: Any) -> None:
    with time_machine.travel(NOW, tick=False):
        created = api_as(None).post("/public/inquiries", {**ASK, "unit_id": unit_a.pk})
    assert created.status_code == 201, created.content
    body = created.json()
    assert set(body) >= {"id", "tracking_code", "due_on"} and body["due_on"] == "2026-10-13"
    assert api_as(None).get("/public/inquiries").json()["total"] == 0  # not answered yet
    answered = api_as(editor_a).post(f"/inquiries/{body['id']}/answer", {"body_html": "<p>到区政务服务中心办理。</p>"})
    assert answered.status_code == 200 and answered.json()["state"] == "answered"
    again = api_as(editor_a).post(f"/inquiries/{body['id']}/answer", {"body_html": "<p>再次</p>"})
    assert again.status_code == 409 and set(again.json()) == {"detail", "field"}
    listed = api_as(None).get("/public/inquiries", unit_id=unit_a.pk).json()
    assert listed["total"] == 1
    entry = listed["results"][0]
    assert (entry["question"], entry["answer_html"]) == (ASK["body"], "<p>到区政务服务中心办理。</p>")
    assert entry["answer"] == "到区政务服务中心办理。"  # API.md: "question, answer, dates"
    assert entry["received_on"] == "2026-09-30" and entry["answered_on"]
    assert api_as(None).get("/public/inquiries", unit_id=unit_b.pk).json()["total"] == 0
    tracked = api_as(None).get(f"/public/inquiries/{body['tracking_code'].lower()}").json()
    assert tracked["state"] == "answered" and "到区政务服务中心" in tracked["answer_html"]


def test_api_refuses_bad_input_naming_the_field(db: Any, unit_a: Any, api_as: Any) -> None:
    response = api_as(None).post("/public/inquiries", {**ASK, "unit_id": unit_a.pk, "phone": "电话"})
    assert response.status_code == 422 and response.json()["field"] == "phone"
    missing = api_as(None).post("/public/inquiries", {"unit_id": unit_a.pk})
    assert missing.status_code == 422 and missing.json()["field"]
    assert not Inquiry.objects.exists()


def test_api_ask_is_rate_limited(db: Any, unit_a: Any, api_as: Any, settings: Any) -> None:
    settings.GONGKAI_RATE_LIMITS = {"inquiry_ask": (2, 3600)}
    answers = [api_as(None).post("/public/inquiries", {**ASK, "unit_id": unit_a.pk}) for _ in range(3)]
    assert [a.status_code for a in answers] == [201, 201, 429]
    assert answers[2]["Retry-After"] == "3600"


def test_private_and_unanswered_inquiries_are_not_listed(db: Any, unit_a: Any, editor_a: Any, api_as: Any) -> None:
    private = ask_at(unit_a, public=False)
    services.answer(editor_a, private.pk, "<p>答复</p>")
    ask_at(unit_a)
    assert api_as(None).get("/public/inquiries").json()["total"] == 0


def _captcha(client: Client) -> dict[str, str]:
    page = client.get("/hudong/inquiries/")
    assert page.status_code == 200
    return captcha_of(page.content.decode())


def _form(unit: Any, **changes: Any) -> dict[str, Any]:
    return {"unit": unit.pk, **ASK, "public": "on", **changes}


def test_citizen_asks_on_the_portal_and_reads_the_answer(db: Any, site: Any, unit_a: Any, editor_a: Any) -> None:
    client = Client(enforce_csrf_checks=False)
    with time_machine.travel(NOW, tick=False):
        response = client.post("/hudong/inquiries/", {**_form(unit_a), **_captcha(client)})
    assert response.status_code == 303
    inquiry = Inquiry.objects.get()
    assert response["Location"] == f"/hudong/inquiries/receipt/{inquiry.tracking_code}/"
    receipt = client.get(response["Location"]).content.decode()
    assert inquiry.tracking_code in receipt and "2026" in receipt
    services.answer(editor_a, inquiry.pk, "<p>请携带身份证到窗口补办。</p>")
    tracked = client.get("/hudong/inquiries/track/", {"code": inquiry.tracking_code}).content.decode()
    assert "请携带身份证到窗口补办。" in tracked and "已答复" in tracked
    listed = client.get("/hudong/inquiries/").content.decode()
    assert "社保卡补办" in listed and "请携带身份证到窗口补办。" in listed


def test_a_wrong_captcha_keeps_what_was_typed(db: Any, site: Any, unit_a: Any) -> None:
    client = Client()
    response = client.post(
        "/hudong/inquiries/", {**_form(unit_a), "captcha_0": _captcha(client)["captcha_0"], "captcha_1": "0000"}
    )
    text = response.content.decode()
    assert response.status_code == 422 and "验证码不正确" in text
    assert "社保卡丢了怎么补办？" in text and ASK["phone"] in text  # the asker's own form, refilled
    assert not Inquiry.objects.exists()


def test_a_bad_phone_is_named_on_the_form(db: Any, site: Any, unit_a: Any) -> None:
    client = Client()
    response = client.post("/hudong/inquiries/", {**_form(unit_a, phone="打我电话"), **_captcha(client)})
    assert response.status_code == 422 and "“联系电话”格式不正确" in response.content.decode()


def test_the_form_is_rate_limited(db: Any, site: Any, unit_a: Any, settings: Any) -> None:
    settings.GONGKAI_RATE_LIMITS = {"inquiry_ask": (1, 3600)}
    client = Client()
    first = client.post("/hudong/inquiries/", {**_form(unit_a), **_captcha(client)})
    second = client.post("/hudong/inquiries/", {**_form(unit_a), **_captcha(client)})
    assert (first.status_code, second.status_code) == (303, 429)
    assert "社保卡丢了怎么补办？" in second.content.decode()


def test_the_form_needs_csrf(db: Any, site: Any, unit_a: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    assert client.post("/hudong/inquiries/", _form(unit_a)).status_code == 403


def test_unknown_code_and_missing_calendar_are_explained(db: Any, site: Any, unit_a: Any) -> None:
    client = Client()
    response = client.get("/hudong/inquiries/track/", {"code": "ZX-2026-0000-0000"})
    assert response.status_code == 404 and "没有找到查询码" in response.content.decode()
    late = ask_at(unit_a, dt.datetime(2026, 12, 28, 10, tzinfo=NOW.tzinfo))
    text = client.get(f"/hudong/inquiries/receipt/{late.tracking_code}/").content.decode()
    assert "答复期限暂未确定" in text
    api = Client().get(f"/api/v1/public/inquiries/{late.tracking_code}").json()
    assert api["due_on"] is None


def test_no_public_response_carries_the_askers_contact_details(
    db: Any, site: Any, unit_a: Any, editor_a: Any, api_as: Any, caplog: pytest.LogCaptureFixture
) -> None:
    """The asker typed their phone into the question and the answer greets them by name: both are
    masked wherever the public reads them, and no log line carries them."""
    inquiry = ask_at(unit_a)
    services.answer(editor_a, inquiry.pk, f"<p>{ASKER['name']}您好！可拨打0477-8581234或联系13904770123。</p>")
    private = ask_at(unit_a, public=False, name="钱多多", phone="0477-8123456")
    client = Client()
    paths = [
        "/", "/hudong/inquiries/", f"/hudong/inquiries/?unit={unit_a.pk}", "/hudong/inquiries/track/",
        f"/hudong/inquiries/track/?code={inquiry.tracking_code}", f"/hudong/inquiries/receipt/{inquiry.tracking_code}/",
        f"/hudong/inquiries/track/?code={private.tracking_code}", f"/hudong/inquiries/receipt/{private.tracking_code}/",
        "/api/v1/public/inquiries", f"/api/v1/public/inquiries/{inquiry.tracking_code}",
        f"/api/v1/public/inquiries/{private.tracking_code}", "/sitemap.xml", "/feeds/items/rss/",
    ]  # fmt: skip
    secrets = [ASKER["name"], ASKER["phone"], "钱多多", "0477-8123456"]
    texts = {path: client.get(path).content.decode() for path in paths}
    assert "郝*" in texts["/hudong/inquiries/"] and "139****0123" in texts["/hudong/inquiries/"]
    leaks = [(secret, path) for path, text in texts.items() for secret in secrets if secret in text]
    assert leaks == []
    assert not any(secret in record.getMessage() for record in caplog.records for secret in secrets)


@pytest.mark.django_db
def test_public_text_masks_id_numbers_and_email_addresses_too() -> None:
    from gongkai.participation.inquiries.public import scrub

    text = scrub("身份证150203199001011232，邮箱zhang.san@example.cn，电话13912345678", None)
    assert "199001011232" not in text and "zhang.san@example.cn" not in text and "13912345678" not in text


@pytest.mark.django_db
def test_a_public_answer_is_sanitised_after_masking() -> None:
    from types import SimpleNamespace

    from gongkai.participation.inquiries.public import scrub_html

    asker = SimpleNamespace(name="<p>您好", phone="")  # masking this name used to leave a bare attribute
    html = scrub_html("<p>您好 onmouseover=alert(1) 谢谢</p>", asker)  # type: ignore[arg-type]
    assert re.search(r"<[^>]*onmouseover", html) is None  # at most text, never an attribute
    assert "<p*" not in html


def test_personal_data_typed_any_way_is_masked_and_the_units_own_numbers_are_not(
    db: Any, site: Any, unit_a: Any, editor_a: Any
) -> None:
    """Issue 15, point 3 (what the asker types is a citizen's text: every number, e-mail and house
    number) and issue 17, point 2 (the answer is the unit's: its landline and e-mail stay, a
    mobile or ID number in it does not)."""
    typed = "电话139-0478-0002或+8613904780003，邮箱li＠163.com，家住滨河路15号3单元402室，身份证150102 19880101 0012"
    inquiry = ask_at(unit_a, body=typed)
    answer = "<p>请拨打咨询电话：0477-8581239，或发邮件至gkb@kbs.gov.cn；经办人手机13904780009。</p>"
    services.answer(editor_a, inquiry.pk, answer)
    client = Client()
    pages = [
        client.get(f"/hudong/inquiries/track/?code={inquiry.tracking_code}").content.decode(),
        client.get("/hudong/inquiries/").content.decode(),
        client.get(f"/api/v1/public/inquiries/{inquiry.tracking_code}").content.decode(),
    ]
    for page in pages:
        for secret in ("0478-0002", "04780003", "li＠163", "15号3单元402室", "19880101", "13904780009"):
            assert secret not in page
        assert "0477-8581239" in page and "gkb@kbs.gov.cn" in page and "139****0009" in page

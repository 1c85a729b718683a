"""The API flow of API.md "Disclosure by application", exactly as written, with its fee figures."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from gongkai.audit.models import AuditEntry
from gongkai.foi.models import Request
from gongkai.orgs.models import SiteProfile, Unit
from tests.foi.conftest import CITIZEN, CITIZEN_ID

pytestmark = pytest.mark.usefixtures("frozen", "site")


def post_event(api: Any, pk: int, **body: Any) -> Any:
    return api.post(f"/requests/{pk}/events", body)


def test_a_citizen_applies_online_without_a_token(api_as: Any, unit_a: Unit) -> None:
    response = api_as(None).post("/requests", {**CITIZEN, "unit_id": unit_a.pk, "channel": "online"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) >= {"id", "tracking_code", "state", "received_on", "due_on"}
    assert body["state"] == "registered"
    assert body["received_on"] == "2026-12-01"  # online: the confirmation date (条例 Art. 31 (三))
    assert body["due_on"] == "2026-12-29"
    assert body["tracking_code"].startswith("YSQ-2026-")


def test_the_public_may_not_set_the_receipt_date_or_another_channel(api_as: Any, unit_a: Unit) -> None:
    api = api_as(None)
    response = api.post("/requests", {**CITIZEN, "unit_id": unit_a.pk, "received_on": "2026-09-25"})
    assert response.status_code == 403
    response = api.post("/requests", {**CITIZEN, "unit_id": unit_a.pk, "channel": "counter"})
    assert response.status_code == 422
    assert response.json()["field"] == "channel"


def test_without_a_unit_the_application_goes_to_the_government(api_as: Any, site: SiteProfile) -> None:
    body = api_as(None).post("/requests", CITIZEN).json()
    assert Request.objects.get(pk=body["id"]).unit == site.government


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"id_number": CITIZEN_ID[:-1] + ("0" if CITIZEN_ID[-1] != "0" else "1")}, "id_number"),
        ({"applicant_type": "commercial", "id_number": "91150602MA0N000000"}, "id_number"),
        ({"phone": "abc"}, "phone"),
        ({"description": "  "}, "description"),
        ({"delivery": "post", "address": ""}, "address"),
        ({"form": "carrier pigeon"}, "form"),
        ({"applicant_type": "alien"}, "applicant_type"),
    ],
)
def test_bad_applications_name_the_field(api_as: Any, unit_a: Unit, change: dict[str, Any], field: str) -> None:
    response = api_as(None).post("/requests", {**CITIZEN, "unit_id": unit_a.pk, **change})
    assert response.status_code == 422, response.content
    assert response.json()["field"] == field
    assert Request.objects.count() == 0


def test_the_whole_flow_with_consultation_extension_and_fee(api_as: Any, handler_a: Any, unit_a: Unit) -> None:
    api = api_as(handler_a)
    created = api.post(
        "/requests", {**CITIZEN, "unit_id": unit_a.pk, "channel": "letter", "received_on": "2026-09-25"}
    ).json()
    assert created["due_on"] == "2026-10-29"
    pk = created["id"]

    assert (
        post_event(api, pk, kind="consultation_started", on="2026-09-28", party="某某科技有限公司").status_code == 200
    )
    body = post_event(api, pk, kind="consultation_ended", on="2026-10-12").json()
    assert body["due_on"] == "2026-11-06"
    body = post_event(
        api, pk, kind="extension_approved", on="2026-11-02", working_days=20, reason="需调阅档案", approver="王敏"
    ).json()
    assert (body["state"], body["due_on"]) == ("extended", "2026-12-04")
    too_much = post_event(
        api, pk, kind="extension_approved", on="2026-11-03", working_days=1, reason="再延", approver="王敏"
    )
    assert too_much.status_code == 409

    body = post_event(api, pk, kind="fee_notified", on="2026-11-05", method="per_volume", pages=2219).json()
    assert body["fee_yuan"] == 83460  # 70×10 + 100×20 + 2,019×40
    assert body["state"] == "awaiting_fee"
    body = post_event(api, pk, kind="fee_paid", on="2026-11-10").json()
    # 11/6, 11/9, 11/10: three working days after the notice, added to 12/04.
    assert (body["state"], body["due_on"], body["fee_paid_on"]) == ("extended", "2026-12-09", "2026-11-10")

    body = post_event(api, pk, kind="replied", on="2026-11-20", outcome="disclosed").json()
    assert (body["state"], body["outcome"]) == ("replied", "disclosed")
    assert post_event(api, pk, kind="replied", on="2026-11-21", outcome="disclosed").status_code == 409

    got = api.get(f"/requests/{pk}").json()
    assert [(h["due_on"], h["because"], h["on"]) for h in got["due_history"]] == [
        ("2026-10-29", "received", "2026-09-25"),
        ("2026-11-06", "consultation_ended", "2026-10-12"),
        ("2026-12-04", "extension_approved", "2026-11-02"),
        ("2026-12-09", "fee_paid", "2026-11-10"),
    ]
    assert {letter["kind"] for letter in got["letters"]} == {"extension", "fee"}
    # The consultation letter and the reply letter wait for the text they must state.
    pending = {p["kind"]: p for p in got["pending_letters"]}
    assert set(pending) == {"consultation_started", "replied"}
    done = api.post(
        f"/requests/{pk}/events/{pending['replied']['event_id']}/letter",
        {"provided": "以电子邮件发送《关于调整城乡居民最低生活保障标准的通知》全文。"},
    )
    assert done.status_code == 201, done.content
    assert {letter["kind"] for letter in done.json()["letters"]} == {"extension", "fee", "reply"}
    again = api.post(f"/requests/{pk}/events/{pending['replied']['event_id']}/letter", {"reasons": "x"})
    assert again.status_code == 422


def test_correction_flow(api_as: Any, handler_a: Any, unit_a: Unit) -> None:
    api = api_as(handler_a)
    pk = api.post(
        "/requests", {**CITIZEN, "unit_id": unit_a.pk, "channel": "counter", "received_on": "2026-02-13"}
    ).json()["id"]
    body = post_event(api, pk, kind="correction_requested", on="2026-02-26", items="请写明文件的文号或发布时间").json()
    assert (body["state"], body["due_on"]) == ("awaiting_correction", None)
    assert body["overdue"] is False
    body = post_event(api, pk, kind="correction_received", on="2026-03-10").json()
    assert (body["state"], body["due_on"]) == ("in_progress", "2026-04-08")


def test_correction_lapsed_closes_as_six_one(api_as: Any, handler_a: Any, unit_a: Unit) -> None:
    api = api_as(handler_a)
    pk = api.post(
        "/requests", {**CITIZEN, "unit_id": unit_a.pk, "channel": "letter", "received_on": "2026-04-30"}
    ).json()["id"]
    post_event(
        api, pk, kind="correction_requested", on="2026-05-06", items="补充身份证明", correction_due_on="2026-05-20"
    )
    early = post_event(api, pk, kind="correction_lapsed", on="2026-05-20")
    assert early.status_code == 409
    body = post_event(api, pk, kind="correction_lapsed", on="2026-05-21").json()
    assert (body["state"], body["outcome"]) == ("lapsed", "other_correction_lapsed")


@pytest.mark.parametrize(
    ("event", "reason_words"),
    [
        ({"kind": "consultation_ended", "on": "2026-10-09"}, "不能"),
        ({"kind": "accepted", "on": "2026-12-02"}, "晚于今天"),
        ({"kind": "accepted", "on": "2026-09-24"}, "早于收到申请"),
        ({"kind": "fee_paid", "on": "2026-10-09"}, "不能"),
    ],
)
def test_events_out_of_order_are_409_with_the_reason(
    api_as: Any, handler_a: Any, letter_request: Request, event: dict[str, Any], reason_words: str
) -> None:
    response = post_event(api_as(handler_a), letter_request.pk, **event)
    assert response.status_code == 409
    assert reason_words in response.json()["detail"]


def test_fee_per_piece_counts_the_applicants_month(api_as: Any, handler_a: Any, unit_a: Unit) -> None:
    api = api_as(handler_a)
    ids = [
        api.post(
            "/requests", {**CITIZEN, "unit_id": unit_a.pk, "channel": "letter", "received_on": f"2026-11-{day:02d}"}
        ).json()["id"]
        for day in (2, 3, 4, 5, 6, 9, 10, 11, 12, 13, 16)
    ]
    tenth = post_event(api, ids[9], kind="fee_notified", on="2026-11-20", method="per_piece").json()
    assert (tenth["fee_yuan"], tenth["state"]) == (0, "registered")  # the 10th of the month is free
    eleventh = post_event(api, ids[10], kind="fee_notified", on="2026-11-20", method="per_piece").json()
    assert (eleventh["fee_yuan"], eleventh["state"]) == (100, "awaiting_fee")


def test_the_public_tracking_shows_state_and_dates_only(api_as: Any, letter_request: Request) -> None:
    response = api_as(None).get(f"/public/requests/{letter_request.tracking_code.lower()}")
    assert response.status_code == 200
    body = response.json()
    assert body["state"] == "registered"
    assert body["due_on"] == "2026-10-29"
    text = json.dumps(body, ensure_ascii=False)
    for secret in (CITIZEN["name"], CITIZEN_ID, CITIZEN["phone"], CITIZEN["address"], CITIZEN["email"]):
        assert secret not in text
    assert CITIZEN["description"] not in text
    assert api_as(None).get("/public/requests/YSQ-2026-AAAA-BBBB").status_code == 404


def test_staff_see_masked_data_and_every_full_view_is_audited(
    api_as: Any, handler_a: Any, letter_request: Request
) -> None:
    api = api_as(handler_a)
    body = api.get(f"/requests/{letter_request.pk}").json()
    assert body["applicant"]["id_number"] == CITIZEN_ID[:6] + "********" + CITIZEN_ID[-4:]
    assert CITIZEN_ID not in json.dumps(body)
    before = AuditEntry.objects.filter(action="foi.applicant_viewed").count()
    full = api.get(f"/requests/{letter_request.pk}/applicant").json()
    assert full["id_number"] == CITIZEN_ID
    assert AuditEntry.objects.filter(action="foi.applicant_viewed").count() == before + 1
    # The audit trail itself never holds the applicant's data.
    trail = json.dumps([list(e) for e in AuditEntry.objects.values_list("before", "after", "note", "object_repr")])
    for secret in (CITIZEN["name"], CITIZEN_ID, CITIZEN["phone"]):
        assert secret not in trail


def test_other_units_and_other_roles_cannot_see_it(
    api_as: Any, editor_a: Any, editor_b: Any, letter_request: Request, make_person: Any, unit_b: Unit
) -> None:
    handler_b = make_person("handler_b", "handler", unit_b)
    for person in (editor_a, editor_b, handler_b):
        assert api_as(person).get(f"/requests/{letter_request.pk}").status_code == 404
        assert post_event(api_as(person), letter_request.pk, kind="accepted", on="2026-09-28").status_code == 404


def test_the_public_form_is_rate_limited(api_as: Any, unit_a: Unit, settings: Any) -> None:
    settings.GONGKAI_RATE_LIMITS = {"foi_apply": (2, 3600)}
    api = api_as(None)
    answers = [api.post("/requests", {**CITIZEN, "unit_id": unit_a.pk}) for _ in range(3)]
    assert [a.status_code for a in answers] == [201, 201, 429]
    # the one guard's answer: the API's error shape and the window to wait (it had no Retry-After)
    assert answers[2].json() == {"detail": "提交过于频繁，请稍后再试", "field": None}
    assert answers[2]["Retry-After"] == "3600"


def test_a_letter_downloads_as_pdf_and_docx(api_as: Any, handler_a: Any, letter_request: Request) -> None:
    api = api_as(handler_a)
    body = post_event(
        api, letter_request.pk, kind="replied", on="2026-10-20", outcome="withheld_third_party", reasons="涉及商业秘密"
    ).json()
    letter = body["letters"][0]
    pdf = api.client.get(letter["pdf_url"], headers=api.headers)
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    docx = api.client.get(letter["docx_url"], headers=api.headers)
    assert docx.content.startswith(b"PK")
    assert AuditEntry.objects.filter(action="foi.letter_downloaded").count() == 2


def test_a_receipt_in_a_year_without_calendar_is_still_received(api_as: Any, unit_a: Unit) -> None:
    import time_machine

    with time_machine.travel(dt.datetime(2026, 12, 10, 2, tzinfo=dt.UTC), tick=False):
        body = api_as(None).post("/requests", {**CITIZEN, "unit_id": unit_a.pk}).json()
    # RULINGS.md 2: counted on weekends only and returned as provisional.
    assert (body["due_on"], body["due_provisional"]) == ("2027-01-07", True)
    assert "2027" in body["due_problem"] and "暂按双休日计算" in body["due_problem"]

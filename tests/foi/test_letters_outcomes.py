"""Reply letters whose legal basis was wrong (issue 16, points 5 and 6), by the 条例 (国务院令第711号).

- Art. 36(五): information that is not this organ's to disclose is never "does not exist"
  (Art. 36(四)); the letter says why and, where the responsible organ is known, its name and
  contact details; without it the letter still cites 36(五) with the reason.
- A request to confirm or re-issue what the applicant already holds is not Art. 39 (信访、投诉、
  举报 and 公开出版物): the default wording cites Art. 2 and 38, and the office may edit it.
- Art. 36(七) (工商、不动产登记资料) refers the applicant to the special procedure: no 不予公开 and
  no review-first remedy, though it still counts in Table 三's row （三）8.

The case: 张三 applied to 康巴什区民政局 (letter received 2026-09-25, 中秋); the reply goes out on
Saturday 2026-10-10, the make-up working day after National Day. With GONGKAI_SCREENSHOTS=1 the
letters are also written as PDFs into docs/letters/.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from gongkai.foi import handling, intake, letterbook
from gongkai.foi.letters import OUTCOMES, build
from gongkai.foi.models import Request
from gongkai.workbench.foi_forms import LetterTextForm, ReplyForm
from tests.foi.test_letters import context

REPLY_ON = dt.date(2026, 10, 10)  # the make-up Saturday after National Day (2026-10-01..07)
ORGAN = "鄂尔多斯市民政局"
CONTACT = "鄂尔多斯市康巴什区市民服务中心B座，电话0477-8388001"
NOT_OURS = "该资金发放明细由鄂尔多斯市民政局制作并保存，依照条例第十条第一款由其负责公开。"
DOCS = Path(__file__).resolve().parents[2] / "docs" / "letters"


def text_of(**changes: Any) -> str:
    return build(context(**changes)).text()


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


# --- Art. 36(五): not this organ's information ---------------------------------------------------


def test_not_this_organs_information_without_a_known_organ_still_cites_36_5_with_the_reason() -> None:
    text = text_of(outcome="unavailable_not_held", not_held_ground="other_organ", reasons=NOT_OURS)
    assert "不属于本机关负责公开的政府信息" in text
    assert "第三十六条第（五）项" in text
    assert NOT_OURS in text
    assert "不存在" not in text and "第三十六条第（四）项" not in text


def test_the_responsible_organ_is_named_with_its_contact_details() -> None:
    text = text_of(
        outcome="unavailable_not_held", responsible_organ=ORGAN, responsible_organ_contact=CONTACT, reasons=NOT_OURS
    )
    assert "第三十六条第（五）项" in text
    assert f"负责公开该政府信息的行政机关为{ORGAN}，联系方式：{CONTACT}" in text
    assert NOT_OURS in text
    assert "不存在" not in text


@pytest.mark.parametrize(
    ("changes", "missing"),
    [
        # Neither ground nor organ: the letter must not guess 36(四).
        ({}, "not_held_ground or responsible_organ"),
        # 36(五) always states why.
        ({"not_held_ground": "other_organ", "reasons": ""}, "reasons"),
        # A named organ comes with its contact details (36(五): 名称、联系方式).
        ({"responsible_organ": ORGAN, "reasons": NOT_OURS}, "responsible_organ_contact"),
        ({"not_held_ground": "other_organ", "responsible_organ_contact": CONTACT, "reasons": NOT_OURS},
         "responsible_organ"),
        # "Does not exist" and "ask that organ" contradict each other.
        ({"not_held_ground": "not_found", "responsible_organ": ORGAN, "responsible_organ_contact": CONTACT},
         "not_held_ground"),
    ],
)  # fmt: skip
def test_a_not_held_reply_refuses_to_build_without_its_basis(changes: dict[str, Any], missing: str) -> None:
    with pytest.raises(ValueError, match=re.escape(missing)):
        build(context(outcome="unavailable_not_held", **changes))


def test_searched_and_not_found_is_36_4() -> None:
    text = text_of(outcome="unavailable_not_held", not_held_ground="not_found", reasons="")
    assert "经检索，本机关没有您申请公开的政府信息" in text and "该政府信息不存在" in text
    assert "第三十六条第（四）项" in text and "第三十六条第（五）项" not in text


def test_both_grounds_count_in_the_same_row_of_table_three() -> None:
    assert OUTCOMES["unavailable_not_held"].label == "（四）无法提供 1.本机关不掌握相关政府信息"


# --- confirming or re-issuing what the applicant holds -----------------------------------------------


def test_a_request_to_confirm_or_reissue_is_not_article_39() -> None:
    letter = build(context(outcome="not_processed_confirmation", reasons=""))
    text = letter.text()
    assert "第三十九条" not in text
    assert "确认或者重新出具" in text
    assert "第二条" in text and "第三十八条" in text
    assert "第二十三条" not in letter.remedies  # not a refusal to disclose: review or lawsuit
    assert OUTCOMES["not_processed_confirmation"].label == "（五）不予处理 5.要求行政机关确认或重新出具已获取信息"


def test_the_offices_wording_replaces_the_default() -> None:
    office = "经审查，您要求本机关重新出具的材料已由本机关出具。本机关对该申请不予处理。"
    text = text_of(outcome="not_processed_confirmation", outcome_wording=office, reasons="")
    assert office in text
    assert "不属于提供已经制作或者获取的政府信息" not in text  # the default's words


# --- Art. 36(七): referral to the special procedure ---------------------------------------------------


def test_registration_records_are_a_referral_not_a_refusal() -> None:
    letter = build(context(outcome="withheld_inquiry", reasons=""))
    text = letter.text()
    assert "第三十六条第（七）项" in text
    assert "依照有关法律、行政法规的规定办理" in text
    assert "不予公开" not in text and "第三十六条第（三）项" not in text
    assert "第二十三条" not in letter.remedies and "应当先向行政复议机关" not in letter.remedies
    assert "六个月内" in letter.remedies
    # It still counts in its row of Table 三.
    assert OUTCOMES["withheld_inquiry"].label == "（三）不予公开 8.属于行政查询事项"


# --- what feeds the letter: the workbench and the API ------------------------------------------------


def _reply_form(**values: str) -> ReplyForm:
    form = ReplyForm({f"replied-{k}": v for k, v in {"on": "2026-10-10", **values}.items()}, prefix="replied")
    form.is_valid()
    return form


def test_the_workbench_asks_which_ground_and_for_the_contact_details() -> None:
    assert "not_held_ground" in _reply_form(outcome="unavailable_not_held").errors
    assert "reasons" in _reply_form(outcome="unavailable_not_held", not_held_ground="other_organ").errors
    named = _reply_form(outcome="unavailable_not_held", responsible_organ=ORGAN, reasons=NOT_OURS)
    assert "responsible_organ_contact" in named.errors
    complete = _reply_form(
        outcome="unavailable_not_held", responsible_organ=ORGAN, responsible_organ_contact=CONTACT, reasons=NOT_OURS
    )
    assert complete.is_valid(), complete.errors
    assert {"not_held_ground", "responsible_organ_contact"} <= set(LetterTextForm().fields)


def test_the_api_never_turns_not_ours_into_does_not_exist(api_as: Any, handler_a: Any, letter_request: Request) -> None:
    api = api_as(handler_a)
    answer = api.post(
        f"/requests/{letter_request.pk}/events",
        {"kind": "replied", "on": "2026-10-10", "outcome": "unavailable_not_held"},
    )
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["letters"] == []  # no 36(四) letter by default: it waits for the ground
    [pending] = body["pending_letters"]
    done = api.post(
        f"/requests/{letter_request.pk}/events/{pending['event_id']}/letter",
        {"not_held_ground": "other_organ", "reasons": NOT_OURS},
    )
    assert done.status_code == 201, done.content
    letter = letter_request.letters.get(kind="reply")
    text = build(letterbook._decode(letter.content)).text()
    assert "第三十六条第（五）项" in text and "不存在" not in text


def test_the_api_takes_the_organ_and_its_contact_details(api_as: Any, handler_a: Any, letter_request: Request) -> None:
    answer = api_as(handler_a).post(
        f"/requests/{letter_request.pk}/events",
        {
            "kind": "replied",
            "on": "2026-10-10",
            "outcome": "unavailable_not_held",
            "reasons": NOT_OURS,
            "responsible_organ": ORGAN,
            "responsible_organ_contact": CONTACT,
        },
    )
    assert answer.status_code == 200, answer.content
    letter = letter_request.letters.get(kind="reply")
    assert f"{ORGAN}，联系方式：{CONTACT}" in build(letterbook._decode(letter.content)).text()


def test_an_unknown_ground_is_refused_naming_the_field(api_as: Any, handler_a: Any, letter_request: Request) -> None:
    answer = api_as(handler_a).post(
        f"/requests/{letter_request.pk}/events",
        {"kind": "replied", "on": "2026-10-10", "outcome": "unavailable_not_held", "not_held_ground": "lost"},
    )
    assert answer.status_code == 422
    assert "not_held_ground" in answer.content.decode()


# --- the PDFs (docs/letters/ only with GONGKAI_SCREENSHOTS=1) -------------------------------------------

# (what was asked, the reply's fields): each letter is rendered through the handler's step, the
# letterbook and the project's PDF renderer, as the workbench downloads it.
PDF_CASES: dict[str, tuple[str, dict[str, str]]] = {
    "reply-36-5-organ-named.pdf": (
        "2025年度鄂尔多斯市城乡最低生活保障资金发放明细",
        {
            "outcome": "unavailable_not_held",
            "reasons": NOT_OURS,
            "responsible_organ": ORGAN,
            "responsible_organ_contact": CONTACT,
        },
    ),
    "reply-36-5-organ-unknown.pdf": (
        "2019年某某小区加装电梯补贴发放明细",
        {
            "outcome": "unavailable_not_held",
            "not_held_ground": "other_organ",
            "reasons": "该补贴不是本机关发放的，所申请的信息不是本机关制作或者获取的政府信息。",
        },
    ),
    "reply-confirmation.pdf": (
        "请确认本机关2025年12月出具的《最低生活保障金领取证明》真实有效，并重新出具一份",
        {
            "outcome": "not_processed_confirmation",
            "reasons": "您所称的《最低生活保障金领取证明》系本机关已向您出具的材料，您已经获取。",
        },
    ),
    "reply-36-7-registration-records.pdf": (
        "康巴什区某小区3号楼2单元501室的不动产登记簿记载信息",
        {
            "outcome": "withheld_inquiry",
            "provided": "请依照《不动产登记资料查询暂行办法》向不动产所在地的不动产登记机构申请查询。",
        },
    ),
}


@pytest.mark.parametrize("name", sorted(PDF_CASES))
def test_the_letters_render_as_pdf(
    frozen: None, site: Any, handler_a: Any, citizen_app: Callable[..., intake.Application], name: str
) -> None:
    asked, reply = PDF_CASES[name]
    received = intake.register(
        handler_a, citizen_app(channel="letter", received_on=dt.date(2026, 9, 25), description=asked, doc_number="")
    )
    replied = handling.record_event(handler_a, received.pk, "replied", REPLY_ON, **reply)
    data = letterbook.rendered(replied.letters.get(kind="reply"), "pdf")
    text = flat("".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))
    assert "2026年10月10日" in text and flat(asked) in text
    assert "第三十九条" not in text and "不存在" not in text and "第三十六条第（三）项" not in text
    if os.environ.get("GONGKAI_SCREENSHOTS") == "1":
        DOCS.mkdir(parents=True, exist_ok=True)
        (DOCS / name).write_bytes(data)

"""Art. 35 delayed reply (issue 16, point 7).

条例 Art. 35: where an applicant's requests are clearly beyond a reasonable number or frequency,
the organ may ask for reasons; finding them reasonable but unable to answer within Art. 33's
periods, it may set a reasonable longer period and must tell the applicant. The due date is the
one the organ set; the 20-working-day extension cap (Art. 33 para 2) does not make it overdue.

Dates on the real 2026 calendar (REGULATIONS.md §9): a letter received 2026-09-25 (中秋) is due
10/29 (National Day, the make-up Saturday 10/10 counted); extended by the full 20 working days
on 10/20 it is due 11/26; on 11/20 the organ sets 2026-12-31 under Art. 35. One received
2026-02-02 is due 3/6 over the Spring Festival (2/14 and 2/28 make-up Saturdays counted).
With GONGKAI_SCREENSHOTS=1 the letter is also written as a PDF into docs/letters/.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from pathlib import Path
from typing import Any

import chinese_calendar
import pytest
from django.urls import reverse
from pypdf import PdfReader

from gongkai.foi import clock as C
from gongkai.foi import letterbook, queue
from gongkai.foi.letters import build
from gongkai.foi.models import Letter, Request
from gongkai.foi.vocab import State
from gongkai.workdays.calendar import WorkCalendar

D = dt.date
CAL_2026 = WorkCalendar(sources={2026: chinese_calendar.is_workday})
CTX = C.Context(calendar=CAL_2026, rules=C.Rules(), today=D(2026, 12, 1))
DOCS = Path(__file__).resolve().parents[2] / "docs" / "letters"
REASON = "您本月提出的42件申请涉及2010年至2025年的档案，需逐卷调阅、逐页审查"
EXTENDED = C.Event(
    "extension_approved", D(2026, 10, 20), {"working_days": 20, "reason": "需调阅档案", "approver": "王敏"}
)


def long_period(on: dt.date, until: dt.date, **data: Any) -> C.Event:
    return C.Event("long_period_set", on, {"until": until, "reason": REASON, **data})


# --- the clock --------------------------------------------------------------------------------


def test_the_due_date_is_the_one_the_organ_set_beyond_the_extension_cap() -> None:
    clock = C.replay(D(2026, 9, 25), [EXTENDED, long_period(D(2026, 11, 20), D(2026, 12, 31))], CTX)
    assert (clock.state, clock.due_on, clock.extension_days) == (State.EXTENDED, D(2026, 12, 31), 20)
    assert clock.history[-1] == C.DueEntry(D(2026, 12, 31), "long_period_set", D(2026, 11, 20))
    # 11/26 (receipt + 20 + 20 working days) has passed on 12/01: not overdue.
    assert not C.overdue(clock.state, clock.due_on, D(2026, 12, 1))
    assert C.overdue(clock.state, clock.due_on, D(2027, 1, 4))


def test_across_the_spring_festival() -> None:
    clock = C.replay(D(2026, 2, 2), [long_period(D(2026, 2, 26), D(2026, 4, 30))], CTX)
    assert C.start(D(2026, 2, 2), CTX).due_on == D(2026, 3, 6)
    assert (clock.state, clock.due_on) == (State.EXTENDED, D(2026, 4, 30))


def test_an_extension_after_it_is_refused() -> None:
    clock = C.replay(D(2026, 9, 25), [long_period(D(2026, 10, 20), D(2026, 12, 31))], CTX)
    with pytest.raises(C.Refused, match="第三十五条"):
        C.apply(clock, EXTENDED, CTX)


@pytest.mark.parametrize(
    ("event", "field"),
    [
        (long_period(D(2026, 10, 20), D(2026, 10, 29)), "until"),  # not later than the due date
        (long_period(D(2026, 10, 20), D(2026, 10, 20)), "until"),
        (C.Event("long_period_set", D(2026, 10, 20), {"reason": REASON}), "until"),
        (C.Event("long_period_set", D(2026, 10, 20), {"until": D(2026, 12, 31)}), "reason"),
    ],
)
def test_it_needs_a_later_date_and_a_reason(event: C.Event, field: str) -> None:
    with pytest.raises(C.Invalid) as caught:
        C.apply(C.start(D(2026, 9, 25), CTX), event, CTX)
    assert caught.value.field == field


def test_after_the_due_date_it_is_too_late() -> None:
    with pytest.raises(C.Refused, match="届满"):
        C.apply(C.start(D(2026, 9, 25), CTX), long_period(D(2026, 10, 30), D(2026, 12, 31)), CTX)


# --- the API, the letter, the queue -----------------------------------------------------------


def set_long_period(api: Any, pk: int, **body: Any) -> Any:
    payload = {"kind": "long_period_set", "on": "2026-11-20", "until": "2026-12-31", "reason": REASON, **body}
    return api.post(f"/requests/{pk}/events", payload)


@pytest.fixture
def extended(frozen: None, site: Any, api_as: Any, handler_a: Any, letter_request: Request) -> Request:
    body = {"kind": "extension_approved", "on": "2026-10-20", "working_days": 20, "reason": "需调阅档案"}
    answer = api_as(handler_a).post(f"/requests/{letter_request.pk}/events", {**body, "approver": "王敏"})
    assert answer.status_code == 200, answer.content
    return letter_request


def test_the_api_sets_it_and_the_applicant_is_told(api_as: Any, handler_a: Any, extended: Request) -> None:
    answer = set_long_period(api_as(handler_a), extended.pk)
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert (body["state"], body["due_on"], body["overdue"]) == ("extended", "2026-12-31", False)
    assert body["due_history"][-1] == {
        "due_on": "2026-12-31",
        "because": "long_period_set",
        "because_label": "确定延迟答复的合理期限（条例第三十五条）",
        "on": "2026-11-20",
    }
    letter = Letter.objects.get(request=extended, kind="long_period")
    text = build(letterbook._decode(letter.content)).text()
    assert "政府信息公开延迟答复告知书" in text and "依申请延迟〔2026〕" in letter.number
    assert "数量、频次明显超过合理范围" in text and "第三十五条" in text and "第三十三条" in text
    assert "本机关确定延迟答复的合理期限，将于2026年12月31日前作出答复" in text
    assert REASON in text
    assert "六十日" in text and "六个月" in text  # the remedies


def test_it_is_not_in_the_overdue_queue(extended: Request, api_as: Any, handler_a: Any) -> None:
    assert queue.overdue(Request.objects.all(), D(2026, 12, 1)).filter(pk=extended.pk).exists()  # 11/26 passed
    set_long_period(api_as(handler_a), extended.pk)
    assert not queue.overdue(Request.objects.all(), D(2026, 12, 1)).exists()


def test_a_missing_date_is_422_naming_it(api_as: Any, handler_a: Any, extended: Request) -> None:
    answer = set_long_period(api_as(handler_a), extended.pk, until=None)
    assert (answer.status_code, answer.json()["field"]) == (422, "until")
    early = set_long_period(api_as(handler_a), extended.pk, until="2026-11-25")
    assert (early.status_code, early.json()["field"]) == (422, "until")
    assert "2026-11-26" in early.json()["detail"]


def test_the_workbench_offers_it(logged_in: Any, handler_a: Any, extended: Request) -> None:
    client = logged_in(handler_a)
    page = client.get(reverse("workbench:request", args=[extended.pk])).content.decode()
    assert "确定延迟答复期限（条例第三十五条）" in page
    data = {"kind": "long_period_set", "long_period_set-on": "2026-11-20", "long_period_set-until": "2026-12-31"}
    data["long_period_set-reason"] = REASON
    assert client.post(reverse("workbench:request_event", args=[extended.pk]), data).status_code == 302
    extended.refresh_from_db()
    assert extended.due_on == D(2026, 12, 31)


def test_the_letter_renders_as_pdf(api_as: Any, handler_a: Any, extended: Request) -> None:
    set_long_period(api_as(handler_a), extended.pk)
    data = letterbook.rendered(Letter.objects.get(kind="long_period"), "pdf")
    words = re.sub(r"\s+", "", "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))
    assert "第三十五条" in words and "2026年12月31日" in words
    if os.environ.get("GONGKAI_SCREENSHOTS") == "1":
        DOCS.mkdir(parents=True, exist_ok=True)
        (DOCS / "long-period-35.pdf").write_bytes(data)

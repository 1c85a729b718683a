"""Issue 17, point 13: the applicant's view of their case on the tracking page — the request as
submitted (masked), the dated public steps and due dates for anyone with the code; the letters
only after the second check (the last four digits of the phone given, or a one-time link mailed
to the e-mail given), and only the applicant's own."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.core import mail
from django.test import Client

from gongkai.audit.models import AuditEntry
from gongkai.foi import applicant_check, handling, intake
from gongkai.foi.models import Letter, Request
from gongkai.orgs.models import SiteProfile
from tests.foi.conftest import CITIZEN

pytestmark = pytest.mark.django_db

SH = dt.timezone(dt.timedelta(hours=8))
APPLIED = dt.datetime(2026, 11, 2, 10, 0, tzinfo=SH)
EXTENDED = dt.datetime(2026, 11, 20, 10, 0, tzinfo=SH)
REPLIED = dt.datetime(2026, 12, 1, 10, 0, tzinfo=SH)
TRACK = "/xxgk/apply/track/"
# The applicant typed their own phone and e-mail into the description too.
DESCRIPTION = "2026年低保标准调整的测算依据。请联系13912345678或zhangsanfeng@example.com。"
PERSONAL = [CITIZEN["name"], CITIZEN["phone"], CITIZEN["id_number"], CITIZEN["email"], CITIZEN["address"]]


def handled_case(handler: Any, make_app: Callable[..., intake.Application], **changes: Any) -> Request:
    """Applied online on 2 November, extended on 20 November, replied on 1 December."""
    with time_machine.travel(APPLIED, tick=False):
        found = intake.register(None, make_app(delivery="online", description=DESCRIPTION, **changes))
    extension = {"working_days": 10, "reason": "需调阅档案", "approver": "王主任"}
    with time_machine.travel(EXTENDED, tick=False):
        handling.record_event(handler, found.pk, "extension_approved", EXTENDED.date(), **extension)
    reply = {"outcome": "disclosed", "provided": "随本告知书提供"}
    with time_machine.travel(REPLIED, tick=False):
        handling.record_event(handler, found.pk, "replied", REPLIED.date(), **reply)
    return Request.objects.get(pk=found.pk)


@pytest.fixture
def case(site: SiteProfile, handler_a: Any, citizen_app: Callable[..., intake.Application]) -> Request:
    return handled_case(handler_a, citizen_app)


def page(client: Client, found: Request) -> str:
    response = client.get(TRACK, {"code": found.tracking_code})
    assert response.status_code == 200
    return response.content.decode()


def check(client: Client, found: Request, digits: str) -> Any:
    return client.post(f"{TRACK}{found.tracking_code}/check/", {"digits": digits})


def letter_links(html: str) -> list[str]:
    return re.findall(r'href="(/xxgk/apply/track/letters/\d+/(?:pdf|docx)/)"', html)


def audit_count() -> int:
    return AuditEntry.objects.count()


def test_the_case_is_shown_masked_with_its_steps_and_nothing_personal_before_the_check(
    client: Client, case: Request
) -> None:
    written = audit_count()
    html = page(client, case)
    for value in PERSONAL:
        assert value not in html, value
    assert "张**" in html and "139****5678" in html  # the name, and the phone typed into the description
    assert "2026年低保标准调整的测算依据" in html
    for step in ("收到申请并登记", "经批准延长答复期限", "作出答复"):
        assert step in html
    assert 'datetime="2026-11-20"' in html and 'datetime="2026-12-01"' in html
    assert "收到申请，自次日起20个工作日" in html and "经批准延长答复期限" in html  # why the due date moved
    assert "需调阅档案" not in html and "王主任" not in html  # a step's data is the handler's, not public
    assert "联系电话后四位" in html and not letter_links(html)
    assert audit_count() == written  # a public GET writes nothing


def test_the_right_last_four_digits_open_the_letters(client: Client, case: Request) -> None:
    response = check(client, case, "5678")
    assert response.status_code == 303
    assert AuditEntry.objects.filter(action=applicant_check.PASSED, object_id=str(case.pk)).exists()
    links = letter_links(page(client, case))
    reply = Letter.objects.get(request=case, kind="reply")
    assert f"/xxgk/apply/track/letters/{reply.pk}/docx/" in links
    assert any(f"/letters/{letter.pk}/" in link for link in links for letter in case.letters.filter(kind="extension"))
    written = audit_count()
    download = client.get(f"/xxgk/apply/track/letters/{reply.pk}/docx/")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert download.content[:2] == b"PK"  # a .docx
    assert audit_count() == written
    assert not Letter.objects.get(pk=reply.pk).docx  # rendered for the download, not kept by a GET


def test_wrong_digits_are_refused_and_counted_until_the_check_locks(client: Client, case: Request) -> None:
    refused = check(client, case, "1234")
    assert refused.status_code == 422
    assert "联系电话后四位不正确" in refused.content.decode()
    assert "gongkai_foi_check" not in refused.cookies
    assert applicant_check.failures(case) == 1
    assert not letter_links(page(client, case))
    for _attempt in range(applicant_check.MAX_FAILURES - 1):
        check(client, case, "0000")
    locked = check(client, case, "5678")  # even the right answer, once locked
    assert locked.status_code == 422 and "验证错误次数过多" in locked.content.decode()
    assert not letter_links(page(client, case))


def test_the_one_time_link_works_once_and_within_its_time(client: Client, case: Request) -> None:
    sent = client.post(f"{TRACK}{case.tracking_code}/send-link/")
    assert sent.status_code == 303
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [CITIZEN["email"]]
    link = re.search(r"http://\S+", mail.outbox[0].body)
    assert link
    token = parse_qs(urlsplit(link.group(0)).query)["t"][0]
    written = audit_count()
    confirm = client.get("/xxgk/apply/track/link/", {"t": token})
    assert confirm.status_code == 200 and "确认并查看" in confirm.content.decode()
    assert audit_count() == written  # opening the link (a mail scanner may) uses nothing up
    used = client.post("/xxgk/apply/track/link/", {"t": token})
    assert used.status_code == 303
    assert letter_links(page(client, case))
    again = Client().post("/xxgk/apply/track/link/", {"t": token})
    assert again.status_code == 410 and "已经使用过" in again.content.decode()
    fresh = Client()
    fresh.post(f"{TRACK}{case.tracking_code}/send-link/")
    later = parse_qs(urlsplit(re.search(r"http://\S+", mail.outbox[1].body).group(0)).query)["t"][0]  # type: ignore[union-attr]
    with time_machine.travel(dt.datetime.now(tz=SH) + dt.timedelta(hours=25)):
        assert fresh.get("/xxgk/apply/track/link/", {"t": later}).status_code == 410
        assert fresh.post("/xxgk/apply/track/link/", {"t": later}).status_code == 410
    assert Client().post("/xxgk/apply/track/link/", {"t": later[:-2] + "xx"}).status_code == 410


def test_another_applicants_letters_are_never_served(
    client: Client, case: Request, handler_a: Any, citizen_app: Callable[..., intake.Application]
) -> None:
    other = handled_case(handler_a, citizen_app, name="李四", phone="13800001111")
    other_reply = Letter.objects.get(request=other, kind="reply")
    assert client.get(f"/xxgk/apply/track/letters/{other_reply.pk}/docx/").status_code == 404  # no check yet
    assert check(client, case, "5678").status_code == 303
    assert client.get(f"/xxgk/apply/track/letters/{other_reply.pk}/docx/").status_code == 404
    assert not any(f"/letters/{other_reply.pk}/" in link for link in letter_links(page(client, other)))
    own = Letter.objects.get(request=case, kind="reply")
    assert client.get(f"/xxgk/apply/track/letters/{own.pk}/docx/").status_code == 200
    forged = Client()
    forged.cookies["gongkai_foi_check"] = f"{other.pk}:{other.tracking_code}"  # unsigned
    assert forged.get(f"/xxgk/apply/track/letters/{other_reply.pk}/docx/").status_code == 404


def test_a_reply_by_post_offers_no_download_and_no_check(
    client: Client, site: SiteProfile, handler_a: Any, citizen_app: Callable[..., intake.Application]
) -> None:
    with time_machine.travel(APPLIED, tick=False):
        found = intake.register(None, citizen_app(delivery="post"))
    html = page(client, found)
    assert "本页不提供下载" in html and "联系电话后四位" not in html
    assert check(client, found, "5678").status_code == 404


def test_the_check_is_rate_limited_per_address(client: Client, case: Request, settings: Any) -> None:
    settings.GONGKAI_RATE_LIMITS = {"foi_check": (2, 3600)}
    check(client, case, "0000")
    check(client, case, "0000")
    refused = check(client, case, "5678")
    assert refused.status_code == 429 and refused["Retry-After"] == "3600"
    assert "验证过于频繁" in refused.content.decode()

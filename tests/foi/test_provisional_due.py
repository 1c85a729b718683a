"""Due dates in a year the calendar does not hold yet (RULINGS.md 2; issue 16 points 1 and 11).

On the real 2026 calendar (REGULATIONS.md §9) and the bundled chinesecalendar, which ends with
2026: an application received on 2026-12-10 has 15 working days left in December (12/11 … 12/31)
and 5 in 2027. Until 2027 is entered they are counted Monday to Friday, so the reply is due
2027-01-07, provisionally. The 2027 notice entered below is TEST DATA (New Year's Day off only),
not the State Council's, which is not published yet: with 1/1 off the reply is due 2027-01-08.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from gongkai.audit.models import AuditEntry
from gongkai.foi import handling, intake
from gongkai.foi.models import Request
from gongkai.orgs.models import SiteProfile, Unit
from gongkai.workdays.services import enter_year, parse_day_lines

pytestmark = pytest.mark.usefixtures("site")

D = dt.date
DECEMBER_10 = dt.datetime(2026, 12, 10, 2, tzinfo=dt.UTC)  # 10:00 in Asia/Shanghai
DECEMBER_21 = dt.datetime(2026, 12, 21, 2, tzinfo=dt.UTC)
PROVISIONAL, ENTERED = D(2027, 1, 7), D(2027, 1, 8)


def enter_test_2027(office: Any, capture: Any) -> None:
    with capture(execute=True):  # the calendar_changed signal fires on commit
        enter_year(
            office, 2027, "测试数据（非真实通知）", None, parse_day_lines("2027-01-01 元旦", 2027, "holidays"), []
        )


@pytest.fixture
def december_letter(handler_a: Any, unit_a: Unit, citizen_app: Callable[..., intake.Application]) -> Iterator[Request]:
    with time_machine.travel(DECEMBER_10, tick=False):
        yield intake.register(handler_a, citizen_app(channel="letter", received_on=D(2026, 12, 10)))


def test_a_december_application_is_due_provisionally_counted_on_weekends_only(december_letter: Request) -> None:
    assert (december_letter.due_on, december_letter.due_provisional) == (PROVISIONAL, True)
    assert "暂按双休日计算" in december_letter.due_problem and "2027" in december_letter.due_problem


def test_the_api_returns_it_as_provisional_and_the_calendar_endpoint_still_refuses_the_year(
    api_as: Any, handler_a: Any, december_letter: Request
) -> None:
    with time_machine.travel(DECEMBER_10, tick=False):
        got = api_as(handler_a).get(f"/requests/{december_letter.pk}").json()
        public = api_as(None).get(f"/public/requests/{december_letter.tracking_code}").json()
        listed = api_as(handler_a).get("/requests").json()["results"][0]
        calendar = api_as(None).get("/calendar/deadline?start=2026-12-10&working_days=20")
    assert (got["due_on"], got["due_provisional"]) == ("2027-01-07", True)
    assert (public["due_on"], public["due_provisional"]) == ("2027-01-07", True)
    assert listed["due_provisional"] is True
    # Nothing else guesses (RULINGS.md 2): the calendar itself answers 422 naming the year.
    assert calendar.status_code == 422 and "2027" in calendar.json()["detail"]


def test_the_workbench_and_the_tracking_page_label_it(
    client: Any, logged_in: Any, handler_a: Any, december_letter: Request
) -> None:
    with time_machine.travel(DECEMBER_10, tick=False):
        page = logged_in(handler_a).get(reverse("workbench:request", args=[december_letter.pk])).content.decode()
        queue = logged_in(handler_a).get(reverse("workbench:requests")).content.decode()
        tracking = client.get(reverse("portal:foi_track"), {"code": december_letter.tracking_code}).content.decode()
    assert "2027-01-07" in page and "暂按双休日计算" in page
    assert "暂按双休日计算" in queue
    assert 'datetime="2027-01-07"' in tracking and "暂按双休日计算" in tracking


def test_entering_the_year_recomputes_an_open_application(
    office: Any, december_letter: Request, django_capture_on_commit_callbacks: Any
) -> None:
    with time_machine.travel(DECEMBER_10, tick=False):
        enter_test_2027(office, django_capture_on_commit_callbacks)
    december_letter.refresh_from_db()
    assert (december_letter.due_on, december_letter.due_provisional, december_letter.due_problem) == (
        ENTERED,
        False,
        "",
    )
    assert [(c.due_on, c.because) for c in december_letter.due_changes.all()] == [
        (PROVISIONAL, "received"),
        (ENTERED, "calendar_changed"),
    ]


def test_entering_the_year_recomputes_a_closed_application_answered_before_it(
    handler_a: Any, office: Any, december_letter: Request, django_capture_on_commit_callbacks: Any
) -> None:
    """Issue 16 point 1: received 2026-12-10, answered 2026-12-18, before 2027 is entered."""
    with time_machine.travel(DECEMBER_21, tick=False):
        handling.record_event(
            handler_a, december_letter.pk, "replied", D(2026, 12, 18), outcome="disclosed", provided="全文见附件"
        )
        enter_test_2027(office, django_capture_on_commit_callbacks)
    december_letter.refresh_from_db()
    assert (december_letter.state, december_letter.due_on, december_letter.due_provisional) == (
        "replied",
        ENTERED,
        False,
    )
    assert december_letter.due_changes.last().because == "calendar_changed"


def test_a_closed_application_left_with_a_blank_due_date_is_recomputed_and_audited(
    handler_a: Any, office: Any, december_letter: Request, django_capture_on_commit_callbacks: Any
) -> None:
    """What the platform stored before provisional due dates: a reply given in December with no
    due date at all; it counted as late for good (issue 16 point 1). Entering 2027 gives it one."""
    with time_machine.travel(DECEMBER_21, tick=False):
        handling.record_event(
            handler_a, december_letter.pk, "replied", D(2026, 12, 18), outcome="disclosed", provided="全文见附件"
        )
        Request.objects.filter(pk=december_letter.pk).update(due_on=None, due_provisional=False)
        enter_test_2027(office, django_capture_on_commit_callbacks)
    december_letter.refresh_from_db()
    assert (december_letter.state, december_letter.due_on) == ("replied", ENTERED)
    assert december_letter.due_changes.last().because == "calendar_changed"
    entry = AuditEntry.objects.filter(action="foi.due_recomputed").get()
    assert entry.before["due_on"] is None
    assert entry.after == {"due_on": "2027-01-08", "due_provisional": False, "because": "calendar_changed"}


def test_an_application_on_the_2026_calendar_is_never_provisional(handler_a: Any, letter_request: Request) -> None:
    # Received on 中秋 (9/25), over National Day and the make-up Saturday 10/10: due 10/29, firm.
    assert (letter_request.due_on, letter_request.due_provisional, letter_request.due_problem) == (
        D(2026, 10, 29),
        False,
        "",
    )


def test_the_daily_job_gives_a_blank_running_application_its_provisional_date(
    december_letter: Request, site: SiteProfile
) -> None:
    from gongkai.foi.jobs import send_reminders

    Request.objects.filter(pk=december_letter.pk).update(due_on=None, due_provisional=False)
    with time_machine.travel(DECEMBER_10, tick=False):
        send_reminders.enqueue("2026-12-10")
    december_letter.refresh_from_db()
    assert (december_letter.due_on, december_letter.due_provisional) == (PROVISIONAL, True)

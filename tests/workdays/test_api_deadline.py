"""``GET /api/v1/calendar/deadline`` (API.md "Calendar"): public, start day not counted, a year the
calendar does not know → 422 naming the year, bad input → 422 ``{"detail", "field"}``.

2027 dates used after ``enter_year`` are TEST DATA (a made-up notice), not the real 2027 one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest

from gongkai.workdays.services import DaySpec, enter_year, set_override

D = dt.date
PATH = "/calendar/deadline"
CJK = re.compile(r"[\u4e00-\u9fff]")

ApiAs = Callable[[Any], Any]


def deadline(api_as: ApiAs, user: Any = None, **params: Any) -> Any:
    return api_as(user).get(PATH, **params)


def assert_error(response: Any, field: str | None) -> dict[str, Any]:
    assert response.status_code == 422, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"detail", "field"}
    assert body["field"] == field
    assert CJK.search(body["detail"]), body["detail"]
    return body


def test_national_day_20_working_days(db: Any, api_as: ApiAs) -> None:
    response = deadline(api_as, start="2026-09-25", working_days=20)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"start": "2026-09-25", "working_days": 20, "due": "2026-10-29"}


def test_no_authentication_needed_but_a_token_does_no_harm(db: Any, api_as: ApiAs, editor_a: Any) -> None:
    anonymous = deadline(api_as, None, start="2026-09-25", working_days=20)
    staff = deadline(api_as, editor_a, start="2026-09-25", working_days=20)
    assert anonymous.status_code == staff.status_code == 200
    assert anonymous.json() == staff.json()


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        ("2026-09-25", 0, "2026-09-25"),  # 0 days: the start itself, even on a holiday
        ("2026-09-28", 1, "2026-09-29"),  # the start day is not counted
        ("2026-09-30", 3, "2026-10-10"),  # make-up Saturday counts
        ("2025-12-31", 1, "2026-01-04"),  # New Year off, Sunday 01-04 make-up day
        ("2026-02-13", 1, "2026-02-14"),  # Spring Festival make-up Saturday
        ("2026-02-14", 1, "2026-02-24"),  # Spring Festival 02-15..23 off
        ("2026-02-27", 1, "2026-02-28"),  # second Spring Festival make-up Saturday
        ("2026-04-30", 1, "2026-05-06"),  # Labour Day 05-01..05 off
        ("2026-05-08", 1, "2026-05-09"),  # Labour Day make-up Saturday
        ("2026-12-20", 9, "2026-12-31"),  # the last working day the library knows
    ],
)
def test_deadlines_on_the_2026_calendar(db: Any, api_as: ApiAs, start: str, days: int, due: str) -> None:
    response = deadline(api_as, start=start, working_days=days)
    assert response.status_code == 200
    assert response.json() == {"start": start, "working_days": days, "due": due}


def test_a_2027_start_is_422_naming_2027(db: Any, api_as: ApiAs) -> None:
    body = assert_error(deadline(api_as, start="2027-01-04", working_days=5), "start")
    assert "2027" in body["detail"]
    assert "2026" not in body["detail"]


def test_a_2026_start_whose_deadline_reaches_2027_is_422_naming_2027(db: Any, api_as: ApiAs) -> None:
    body = assert_error(deadline(api_as, start="2026-12-20", working_days=20), "start")
    assert "2027年" in body["detail"]


def test_a_year_before_the_library_is_422_naming_it(db: Any, api_as: ApiAs) -> None:
    body = assert_error(deadline(api_as, start="2003-06-02", working_days=1), "start")
    assert "2003" in body["detail"]


def test_after_the_office_enters_2027_the_deadline_computes(db: Any, api_as: ApiAs, office: Any) -> None:
    assert deadline(api_as, start="2026-12-20", working_days=20).status_code == 422
    enter_year(
        office,
        2027,
        "测试数据：虚构的2027年节假日安排（非真实通知）",
        None,
        [DaySpec(D(2027, 1, 1), D(2027, 1, 1), "元旦（测试数据）")],
        [DaySpec(D(2027, 1, 9), D(2027, 1, 9), "元旦调休上班（测试数据）")],
    )
    # 9 days left in 2026, then (test data) 01-04..08, Saturday 01-09, 01-11..15 → 01-15.
    response = deadline(api_as, start="2026-12-20", working_days=20)
    assert response.status_code == 200
    assert response.json() == {"start": "2026-12-20", "working_days": 20, "due": "2027-01-15"}


def test_an_override_changes_the_answer(db: Any, api_as: ApiAs, office: Any) -> None:
    set_override(office, D(2026, 10, 8), is_working_day=False, name="测试：临时停工")
    assert deadline(api_as, start="2026-09-25", working_days=20).json()["due"] == "2026-10-30"


@pytest.mark.parametrize("start", ["2026-13-01", "2026-02-30", "2026/09/25", "25.09.2026", "tomorrow", ""])
def test_a_malformed_start_is_422_on_start(db: Any, api_as: ApiAs, start: str) -> None:
    assert_error(deadline(api_as, start=start, working_days=20), "start")


def test_a_missing_start_is_422_on_start(db: Any, api_as: ApiAs) -> None:
    assert_error(deadline(api_as, working_days=20), "start")


@pytest.mark.parametrize("days", ["-1", "-20", "abc", "1.5", "367"])
def test_a_bad_working_days_is_422_on_working_days(db: Any, api_as: ApiAs, days: str) -> None:
    assert_error(deadline(api_as, start="2026-09-25", working_days=days), "working_days")


def test_a_missing_working_days_is_422_on_working_days(db: Any, api_as: ApiAs) -> None:
    assert_error(deadline(api_as, start="2026-09-25"), "working_days")


def test_the_endpoint_is_in_the_openapi_schema(db: Any, api_as: ApiAs) -> None:
    schema = api_as(None).get("/openapi.json").json()
    operation = schema["paths"]["/api/v1/calendar/deadline"]["get"]
    assert {p["name"] for p in operation["parameters"]} == {"start", "working_days"}
    assert "security" not in operation

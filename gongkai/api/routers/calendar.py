from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from gongkai.api.errors import ApiError
from gongkai.workdays.calendar import CalendarMissing
from gongkai.workdays.services import add_working_days, missing_message

router = Router(tags=["calendar"])


class DeadlineQuery(Schema):
    start: dt.date = Field(..., ge=dt.date(1949, 10, 1), le=dt.date(2100, 12, 31))
    working_days: int = Field(..., ge=0, le=366)


class DeadlineOut(Schema):
    start: dt.date
    working_days: int
    due: dt.date


@router.get(
    "/calendar/deadline",
    response=DeadlineOut,
    summary="The date N working days after start (start day not counted)",
)
def deadline(request: HttpRequest, query: Query[DeadlineQuery]) -> dict[str, object]:
    try:
        due = add_working_days(query.start, query.working_days)
    except CalendarMissing as exc:
        raise ApiError(422, missing_message(exc), "start") from exc
    return {"start": query.start, "working_days": query.working_days, "due": due}

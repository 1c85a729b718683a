"""The clock's rules and context as they stand now: statutory values plus the office's settings."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.foi.clock import Clock, Context, Rules
from gongkai.foi.models import Settings
from gongkai.workdays.calendar import CalendarMissing, WorkCalendar
from gongkai.workdays.services import get_calendar, missing_message


def current_rules() -> Rules:
    office = Settings.current()
    return Rules(
        correction_period_days=office.correction_period_days,
        fee_payment_days=office.fee_payment_days,
        fee_suspends_clock=office.fee_suspends_clock,
        post_delivery_days=office.post_delivery_days,
        secrecy_review_days=office.secrecy_review_days,
    )


def context(today: dt.date | None = None, calendar: WorkCalendar | None = None) -> Context:
    return Context(
        calendar=calendar or get_calendar(),
        rules=current_rules(),
        today=today or timezone.localdate(),
    )


def due_problem(state: Clock) -> str:
    """What staff read when a due date is provisional or could not be computed: the calendar year
    that is missing (RULINGS.md 2)."""
    if state.due_provisional and state.provisional_year:
        return _(
            "答复期限暂按双休日计算：缺少%(year)s年工作日历，%(year)s年的日期暂按周一至周五为工作日计算。"
            "公开办录入国务院办公厅%(year)s年节假日安排后自动重新计算。"
        ) % {"year": state.provisional_year}
    return missing_message(CalendarMissing(state.missing_year)) if state.missing_year else ""

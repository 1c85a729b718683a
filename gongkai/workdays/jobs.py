"""Reminding the office, once a day, to enter next year's calendar until it is entered.

From October on, 20-working-day periods (条例 Art. 33, Art. 26) reach into next year, whose
holidays only the State Council's autumn notice fixes (REGULATIONS.md §9; the 2025 and 2026
notices came out in November). Until the office enters that year, due dates in it are provisional
and replies in it are left out of the on-time rate, so the office is reminded every day: a task in
its inbox (workbench) and a mail through the one reminder engine (a row per year and day, so a
second run the same day sends nothing; a refused mail is retried, then shown as failed).

``manage.py calendar_remind`` (cron, each morning) queues ``send_calendar_reminders``.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from django_tasks import task

from gongkai.orgs.models import Membership, Role
from gongkai.reminders import engine
from gongkai.workdays.services import missing_years

TOPIC = "calendar"
MISSING = "missing"


def office_addresses() -> list[str]:
    """The e-mail addresses of the disclosure office's active people: the office keeps the calendar."""
    people = Membership.objects.filter(role=Role.OFFICE, user__is_active=True, unit__active=True)
    return sorted({email for email in people.values_list("user__email", flat=True) if email})


def remind_missing_years(today: dt.date) -> int:
    """One reminder a day for each year the calendar needs and does not hold; how many were recorded."""
    recipients = office_addresses()
    sent = 0
    for year in missing_years(today):
        values = {"year": year}
        due = engine.Due(
            topic=TOPIC,
            key=f"year:{year}",
            kind=MISSING,
            subject=_("【工作日历】请录入%(year)s年节假日安排") % values,
            body=_(
                "工作日历尚缺%(year)s年。国务院办公厅发布《关于%(year)s年部分节假日安排的通知》后，请在工作台"
                "“工作日历”页粘贴通知全文，核对平台读出的放假和调休上班日期后确认录入。录入前，落在%(year)s年的"
                "期限无法最终确定，相应的答复不计入按期答复率。"
            )
            % values,
            recipients=recipients,
            every_days=1,  # daily until the year is entered
        )
        sent += engine.remind(due, today)
    return sent


@task()
def send_calendar_reminders(today_iso: str) -> int:
    return remind_missing_years(dt.date.fromisoformat(today_iso))

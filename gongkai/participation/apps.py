from typing import Any

from django.apps import AppConfig


def _fill_inquiry_due_dates(sender: Any = None, **kwargs: Any) -> int:
    from gongkai.participation.inquiries.services import fill_missing_due_dates

    return fill_missing_due_dates()


class ParticipationConfig(AppConfig):
    name = "gongkai.participation"
    verbose_name = "公众参与"

    def ready(self) -> None:
        from gongkai.workdays.signals import calendar_changed

        # A calendar year entered by the office gives the inquiries received without a due date theirs.
        calendar_changed.connect(_fill_inquiry_due_dates, dispatch_uid="participation.fill_inquiry_due_dates")

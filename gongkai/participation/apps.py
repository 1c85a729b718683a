from typing import Any

from django.apps import AppConfig


def _fill_inquiry_due_dates(sender: Any = None, **kwargs: Any) -> int:
    from gongkai.participation.inquiries.services import fill_missing_due_dates

    return fill_missing_due_dates()


def _consultation_gate(sender: Any, item: Any, **kwargs: Any) -> None:
    from gongkai.participation.consultations.services import check_period_at_publication
    from gongkai.publishing.models import Kind

    if item.kind == Kind.CONSULTATION:
        check_period_at_publication(item)  # the minimum comment period, counted from today


class ParticipationConfig(AppConfig):
    name = "gongkai.participation"
    verbose_name = "公众参与"

    def ready(self) -> None:
        from gongkai.publishing.signals import publishing
        from gongkai.workdays.signals import calendar_changed

        # A calendar year entered by the office gives the inquiries received without a due date theirs.
        calendar_changed.connect(_fill_inquiry_due_dates, dispatch_uid="participation.fill_inquiry_due_dates")
        publishing.connect(_consultation_gate, dispatch_uid="participation.consultation_gate")
        from gongkai import inbox
        from gongkai.participation.consultations.reminders import consultation_tasks
        from gongkai.participation.inquiries.reminders import inquiry_tasks

        inbox.register("consultations", consultation_tasks)  # adoption reports due
        inbox.register("inquiries", inquiry_tasks)  # inquiries due or overdue
        _watch_public_pages()


def _watch_public_pages() -> None:
    """What the consultation, inquiry and answer pages show (gongkai/pagecache.py). An inquiry
    counts once answered (the public sees answered ones only): a new one arriving with a public
    POST changes no page."""
    from gongkai import pagecache
    from gongkai.participation import models

    pagecache.watch(
        models.Consultation,
        models.Comment,
        models.AdoptionReport,
        models.AdoptionDecision,
        models.ConsultationSettings,
        models.InquirySettings,
        models.InquiryUnitSettings,
        models.KnowledgeEntry,
    )
    pagecache.watch(models.Inquiry, when=lambda inquiry: inquiry.answered_at is not None)

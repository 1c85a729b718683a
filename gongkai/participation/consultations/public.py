"""What the public sees of a consultation (pages and API alike): never a phone number, the
commenter's name only masked (foi.masking), and the personal data typed into a comment masked
(gongkai.personaldata, read as a citizen's text) — also in a comment a moderator released."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from gongkai import personaldata
from gongkai.foi.masking import mask_name, mask_own
from gongkai.orgs.services import published_contacts
from gongkai.participation.consultations.services import state
from gongkai.participation.models import AdoptionReport, Comment, Consultation
from gongkai.publishing.models import Item


def _masked_body(comment: Comment, public: frozenset[str]) -> str:
    """The comment as the public reads it: the commenter's own name, typed into the text too
    ("我是张三丰，…"), masked as in the name column, and the personal data the detector finds."""
    return personaldata.mask(mask_own(comment.body, name=comment.name), personaldata.CITIZEN, public)


def visible_comments(consultation: Consultation) -> list[dict[str, Any]]:
    public = published_contacts()
    return [
        {
            "id": c.pk,
            "number": c.number,
            "name": mask_name(c.name),
            "body": _masked_body(c, public),
            "on": timezone.localdate(c.created_at),
        }
        for c in consultation.comments.filter(status=Comment.Status.VISIBLE)
    ]


def comment_count(consultation: Consultation) -> int:
    return consultation.comments.filter(status=Comment.Status.VISIBLE).count()


def published_report(consultation: Consultation) -> AdoptionReport | None:
    report = AdoptionReport.objects.select_related("item__published_revision").filter(consultation=consultation).first()
    if report is None or report.item.published_revision is None:
        return None
    return report


def report_data(report: AdoptionReport) -> dict[str, Any]:
    revision = report.item.published_revision
    assert revision is not None
    decisions = []
    for group in report.decisions.prefetch_related("comments"):
        for comment in sorted(group.comments.all(), key=lambda c: c.number):
            decisions.append(
                {
                    "comment_id": comment.pk,
                    "comment_number": comment.number,
                    "decision": group.decision,
                    "reason": group.reason,
                }
            )
    return {
        "item_id": report.item_id,
        "title": revision.title,
        "summary": report.summary,
        "published_on": timezone.localdate(revision.published_at).isoformat(),
        "decisions": decisions,
    }


def final_policy(consultation: Consultation) -> Item | None:
    policy = consultation.final_policy
    return policy if policy is not None and policy.published_revision_id is not None else None


def detail(consultation: Consultation, today: dt.date | None = None) -> dict[str, Any]:
    """API.md: ``GET /api/v1/public/consultations/{id}``."""
    revision = consultation.item.published_revision
    assert revision is not None
    report = published_report(consultation)
    return {
        "id": consultation.pk,
        "title": revision.title,
        "state": state(consultation, today),
        "opens_on": consultation.opens_on,
        "closes_on": consultation.closes_on,
        "comment_count": comment_count(consultation),
        "adoption_report": report_data(report) if report is not None else None,
    }

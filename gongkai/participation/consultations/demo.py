"""Demo data: one open consultation with comments, one closed with a published adoption report.
Called by ``seed_demo`` after the units and people exist."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from gongkai.orgs.models import Membership, Role, Unit
from gongkai.participation.consultations import adoption, services
from gongkai.participation.models import Comment, Consultation
from gongkai.publishing import workflow


def _people(unit: Unit) -> dict[str, Any]:
    found = {m.role: m.user for m in Membership.objects.filter(unit=unit).select_related("user")}
    return found


def _unit() -> tuple[Unit, dict[str, Any]] | None:
    for unit in Unit.objects.filter(active=True).order_by("position", "id"):
        people = _people(unit)
        if {Role.EDITOR, Role.REVIEWER, Role.SIGNER} <= set(people):
            return unit, people
    return None


def publish_draft(consultation: Consultation, people: dict[str, Any]) -> None:
    """Take the draft through the pipeline: submit, review, sign, publish."""
    workflow.drive(consultation.pk, people[Role.EDITOR], people[Role.REVIEWER], people[Role.SIGNER])


def _draft(unit: Unit, people: dict[str, Any], title: str, opens_on: dt.date, closes_on: dt.date) -> Consultation:
    body = "<p>为进一步规范管理，现将草案全文公布，征求社会各界意见。</p><h2>第一条</h2><p>本办法适用于本区。</p>"
    consultation = services.create_consultation(
        people[Role.EDITOR], unit, title=title, body_html=body, opens_on=opens_on, closes_on=closes_on
    )
    publish_draft(consultation, people)
    return consultation


COMMENTS = [
    ("王晓明", "13800001111", "建议在第一条中明确适用范围是否包括各街道。"),
    ("李华", "", "希望增加公众参与的渠道，例如线下座谈会。"),
]


def seed_consultations() -> list[Consultation]:
    """One open consultation with comments and one closed with its published adoption report;
    nothing when consultations exist already (seed_demo runs again without changing data)."""
    if Consultation.objects.exists():
        return []
    found = _unit()
    if found is None:
        return []
    unit, people = found
    today = timezone.localdate()
    open_one = _draft(unit, people, "康巴什区城市养犬管理办法（征求意见稿）", today, today + dt.timedelta(days=29))
    for name, phone, body in COMMENTS:
        services.submit_comment(open_one.pk, name=name, phone=phone, body=body)
    closed = _draft(unit, people, "康巴什区公共停车场收费管理办法（征求意见稿）", today, today + dt.timedelta(days=29))
    comments = [services.submit_comment(closed.pk, name=n, phone=p, body=b) for n, p, b in COMMENTS]
    # Demo history: the period is moved into the past directly (the service refuses past dates).
    Consultation.objects.filter(pk=closed.pk).update(
        opens_on=today - dt.timedelta(days=45), closes_on=today - dt.timedelta(days=16)
    )
    Comment.objects.filter(pk__in=[c.pk for c in comments]).update(created_at=timezone.now() - dt.timedelta(days=30))
    entries = [
        adoption.Entry(comments[0].pk, "adopted", ""),
        adoption.Entry(comments[1].pk, "partly_adopted", "已增加网上征求意见渠道，线下座谈会视情况组织。"),
    ]
    adoption.record_adoption(people[Role.SIGNER], closed.pk, "共收到意见2条，采纳1条，部分采纳1条。", entries)
    return [open_one, closed]

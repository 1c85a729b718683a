"""Every change to an inquiry goes through one of these functions: each checks permission and the
current state, changes the inquiry, and writes the audit entry in the same transaction.

Audit entries never carry the asker's name or phone (``audit.services.record``'s rule).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai import officesettings
from gongkai.actor import Actor, signed_in
from gongkai.audit.services import record, snapshot
from gongkai.orgs import access as org_access
from gongkai.orgs.models import Unit
from gongkai.participation.inquiries import access, rules, tracking
from gongkai.participation.models import (
    Inquiry,
    InquiryAsker,
    InquiryReassignment,
    InquirySettings,
    InquiryUnitSettings,
    InvalidReason,
)
from gongkai.publishing.sanitize import clean_html, plain_text
from gongkai.workdays.calendar import CalendarMissing
from gongkai.workdays.services import get_calendar, missing_message

State = Inquiry.State
AUDITED = ("unit", "state", "due_on", "answered_on", "invalid_reason", "public")
# Digits with the separators people type: 0477-8123456, 139 1234 5678, +86 139…
_PHONE = re.compile(r"^\+?[\d\s\-()（）]{7,30}$")


class Conflict(Exception):
    """The inquiry is not in a state that allows the step (the API answers 409)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Question:
    """What an asker sends, from the portal form or ``POST /api/v1/public/inquiries``."""

    unit_id: int | None
    name: str
    phone: str
    subject: str
    body: str
    public: bool = False


def _check(question: Question) -> Unit:
    errors: dict[str, str] = {}
    unit = Unit.objects.filter(pk=question.unit_id, active=True).first() if question.unit_id else None
    if unit is None:
        errors["unit_id"] = _("请选择咨询的单位") if not question.unit_id else _("咨询的单位不存在")
    limits = {"name": (_("姓名"), 50), "phone": (_("联系电话"), 30), "subject": (_("标题"), 100)}
    limits["body"] = (_("咨询内容"), 2000)
    for field, (label, most) in limits.items():
        value = getattr(question, field).strip()
        if not value:
            errors[field] = _("请填写“%(label)s”") % {"label": label}
        elif len(value) > most:
            errors[field] = _("“%(label)s”不能超过%(n)s个字") % {"label": label, "n": most}
    if "phone" not in errors and (
        not _PHONE.match(question.phone.strip()) or sum(c.isdigit() for c in question.phone) < 7
    ):
        errors["phone"] = _("“联系电话”格式不正确，请填写手机号码或带区号的固定电话")
    if errors:
        raise ValidationError(errors)
    assert unit is not None
    return unit


def check(question: Question) -> None:
    """What ``ask`` would refuse, saving nothing: the portal form reports it with its own errors,
    so a wrong CAPTCHA hides none of them (issue 17, point 16)."""
    _check(question)


def _due(received_on: dt.date) -> tuple[dt.date | None, str]:
    due = rules.due_date(get_calendar(), received_on, InquirySettings.current().answer_period_days)
    problem = missing_message(CalendarMissing(due.missing_year)) if due.missing_year else ""
    return due.on, problem


def create(question: Question, *, received_at: dt.datetime, http: HttpRequest | None = None) -> Inquiry:
    """Register a question received at ``received_at`` (``ask`` uses now; the demo, past times)."""
    unit = _check(question)
    received_on = timezone.localdate(received_at)
    due_on, problem = _due(received_on)
    for _attempt in range(5):
        try:
            with transaction.atomic():
                inquiry = Inquiry.objects.create(
                    unit=unit,
                    tracking_code=tracking.new_code(received_on.year),
                    subject=question.subject.strip(),
                    body=question.body.strip(),
                    public=question.public,
                    received_at=received_at,
                    received_on=received_on,
                    due_on=due_on,
                    due_problem=problem,
                )
                InquiryAsker.objects.create(inquiry=inquiry, name=question.name.strip(), phone=question.phone.strip())
                record(None, "inquiry.received", inquiry, unit=unit, after=snapshot(inquiry, AUDITED), request=http)
                return inquiry
        except IntegrityError:  # a tracking code drawn twice: draw again
            continue
    raise RuntimeError("could not draw a unique tracking code")


def ask(question: Question, *, http: HttpRequest | None = None) -> Inquiry:
    return create(question, received_at=timezone.now(), http=http)


def _locked(pk: int) -> Inquiry:
    return Inquiry.objects.select_for_update(of=("self",)).select_related("unit").get(pk=pk)


def _require_state(inquiry: Inquiry, *states: str) -> None:
    if inquiry.state not in states:
        raise Conflict(_("该咨询当前状态为“%(state)s”，不能进行此操作") % {"state": State(inquiry.state).label})


def review_required(unit: Unit | int) -> bool:
    unit_id = unit if isinstance(unit, int) else unit.pk
    return InquiryUnitSettings.objects.filter(unit_id=unit_id, review_required=True).exists()


def _audit(actor: Actor, action: str, inquiry: Inquiry, before: dict[str, Any], note: str, http: Any) -> None:
    after = snapshot(inquiry, AUDITED)
    record(actor, action, inquiry, unit=inquiry.unit, before=before, after=after, note=note[:500], request=http)


def _mark_answered(inquiry: Inquiry, by: Any) -> None:
    now = timezone.now()
    inquiry.state = State.ANSWERED
    inquiry.answered_by = by
    inquiry.answered_at = now
    inquiry.answered_on = timezone.localdate(now)


@transaction.atomic
def answer(user: Actor, pk: int, body_html: str, *, http: HttpRequest | None = None) -> Inquiry:
    """The unit's answer. Sanitised like published items (it is shown to the public); where the
    unit requires review it waits for its reviewer, otherwise the asker sees it at once."""
    inquiry = _locked(pk)
    access.require_answerer(user, inquiry.unit_id)
    _require_state(inquiry, State.RECEIVED)
    cleaned = clean_html(body_html or "")
    if not plain_text(cleaned).strip():
        raise ValidationError({"body_html": _("请填写“答复内容”")})
    if len(cleaned) > 20000:
        raise ValidationError({"body_html": _("“答复内容”过长，请精简到一万字以内")})
    before = snapshot(inquiry, AUDITED)
    inquiry.answer_html = cleaned
    inquiry.return_note = ""
    inquiry.submitted_by = signed_in(user)
    if review_required(inquiry.unit_id):
        inquiry.state = State.AWAITING_REVIEW
    else:
        _mark_answered(inquiry, user)
    inquiry.save()
    action = "inquiry.answer_submitted" if inquiry.state == State.AWAITING_REVIEW else "inquiry.answered"
    _audit(user, action, inquiry, before, "", http)
    return inquiry


@transaction.atomic
def review(user: Actor, pk: int, *, approve: bool, note: str = "", http: HttpRequest | None = None) -> Inquiry:
    """The unit's reviewer approves the answer (the asker sees it now) or returns it with a note."""
    inquiry = _locked(pk)
    access.require_reviewer(user, inquiry.unit_id)
    _require_state(inquiry, State.AWAITING_REVIEW)
    if approve and inquiry.submitted_by_id == getattr(user, "pk", None):
        raise PermissionDenied(_("答复须由撰写人以外的审核人审核"))  # four eyes, even for the office
    if not approve and not note.strip():
        raise ValidationError({"note": _("退回时请填写“退回意见”")})
    before = snapshot(inquiry, AUDITED)
    if approve:
        _mark_answered(inquiry, inquiry.submitted_by)
    else:
        inquiry.state = State.RECEIVED
        inquiry.return_note = note.strip()[:500]
    inquiry.save()
    _audit(user, "inquiry.approved" if approve else "inquiry.returned", inquiry, before, note, http)
    return inquiry


@transaction.atomic
def reassign(user: Actor, pk: int, to_unit_id: int, reason: str, *, http: HttpRequest | None = None) -> Inquiry:
    """转办 to another unit (the office only).

    The due date stays as it was. The asker was promised an answer within the period from the day
    they asked, and the national check (REGULATIONS.md §5) counts unanswered time from the message,
    not from an internal transfer: restarting the clock would let a transfer hide a delay from the
    asker and from the 3-month indicator alike. An answer waiting for review is dropped: the new
    unit answers for itself.
    """
    org_access.require_office(user)
    inquiry = _locked(pk)
    _require_state(inquiry, State.RECEIVED, State.AWAITING_REVIEW)
    target = Unit.objects.filter(pk=to_unit_id, active=True).first()
    if target is None:
        raise ValidationError({"to_unit": _("请选择转办的单位")})
    if target.pk == inquiry.unit_id:
        raise ValidationError({"to_unit": _("转办的单位与当前承办单位相同")})
    if not reason.strip():
        raise ValidationError({"reason": _("请填写“转办理由”")})
    before = snapshot(inquiry, AUDITED)
    InquiryReassignment.objects.create(
        inquiry=inquiry, from_unit_id=inquiry.unit_id, to_unit=target, reason=reason.strip()[:500], by=signed_in(user),
        at=timezone.now(),
    )  # fmt: skip
    inquiry.unit = target
    inquiry.state = State.RECEIVED
    inquiry.answer_html = ""
    inquiry.submitted_by = None
    inquiry.return_note = ""
    inquiry.save()
    _audit(user, "inquiry.reassigned", inquiry, before, reason, http)
    return inquiry


@transaction.atomic
def mark_invalid(user: Actor, pk: int, reason: str, note: str = "", *, http: HttpRequest | None = None) -> Inquiry:
    """无效留言 (spam, duplicate …): kept and audited, left out of the response rate and of the
    inspection's count of valid messages."""
    inquiry = _locked(pk)
    access.require_answerer(user, inquiry.unit_id)
    _require_state(inquiry, State.RECEIVED, State.AWAITING_REVIEW)
    if reason not in InvalidReason.values:
        raise ValidationError({"reason": _("请选择“无效原因”")})
    before = snapshot(inquiry, AUDITED)
    inquiry.state = State.INVALID
    inquiry.invalid_reason = reason
    inquiry.invalid_note = note.strip()[:500]
    inquiry.invalid_on = timezone.localdate()
    inquiry.save()
    _audit(user, "inquiry.marked_invalid", inquiry, before, note, http)
    return inquiry


@transaction.atomic
def update_settings(
    user: Actor, *, answer_period_days: int, due_soon_days: int, review_unit_ids: list[int], http: Any = None
) -> InquirySettings:
    """The office's settings: the answer period and which units' answers are reviewed."""
    if not 1 <= answer_period_days <= 60:
        raise ValidationError({"answer_period_days": _("“答复期限”应为1至60个工作日")})
    values = {"answer_period_days": answer_period_days, "due_soon_days": due_soon_days}
    current = officesettings.update(user, InquirySettings, values, action="inquiry.settings_changed", request=http)
    before = sorted(InquiryUnitSettings.objects.filter(review_required=True).values_list("unit_id", flat=True))
    InquiryUnitSettings.objects.exclude(unit_id__in=review_unit_ids).update(review_required=False)
    for unit_id in review_unit_ids:
        InquiryUnitSettings.objects.update_or_create(unit_id=unit_id, defaults={"review_required": True})
    if before != sorted(review_unit_ids):
        record(user, "inquiry.review_units_changed", current, before={"review_units": before},
               after={"review_units": sorted(review_unit_ids)}, request=http)  # fmt: skip
    return current


def fill_missing_due_dates() -> int:
    """After the office enters a missing calendar year: compute the due dates that were left
    empty. Meant for ``workdays.signals.calendar_changed`` (the lead wires the receiver)."""
    filled = 0
    for inquiry in Inquiry.objects.filter(due_on__isnull=True, due_problem__gt="").select_related("unit"):
        due_on, problem = _due(inquiry.received_on)
        if due_on is not None:
            Inquiry.objects.filter(pk=inquiry.pk).update(due_on=due_on, due_problem="")
            record(None, "inquiry.due_computed", inquiry, unit=inquiry.unit, after={"due_on": due_on})
            filled += 1
        elif problem != inquiry.due_problem:
            Inquiry.objects.filter(pk=inquiry.pk).update(due_problem=problem)
    return filled

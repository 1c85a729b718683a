"""What the public may see of an application: its state and dates (``public_status``, the API's
public lookup: no name, number, phone or address; no content, outcome, unit staff or letters);
and, on the tracking page, the request as submitted with personal data masked, its public steps
and its due dates (``submitted``, ``timeline``, ``due_history``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai import personaldata
from gongkai.foi import masking
from gongkai.foi.models import Applicant, Request
from gongkai.foi.vocab import Delivery, DueReason, EventKind, State
from gongkai.orgs.services import published_contacts


def public_status(request_obj: Request) -> dict[str, Any]:
    """State and dates only (API.md): no name, number, phone, address, unit staff or content."""
    return {
        "tracking_code": request_obj.tracking_code,
        "state": request_obj.state,
        "state_label": State(request_obj.state).label if request_obj.state in State.values else "",
        "received_on": request_obj.received_on,
        "due_on": request_obj.due_on,
        # RULINGS.md 2: counted on weekends only until the year's calendar is entered.
        "due_provisional": request_obj.due_provisional,
        "replied_on": request_obj.replied_on,
        "closed_on": request_obj.outcome_on,
        "checked_at": timezone.now(),
    }


# The applicant's view of their case (issue 17, point 13): what anyone holding the tracking code
# sees — the request as submitted with personal data masked, the dated public events and every
# value the due date took with why. Never an event's data (a handler's notes and reasons), never
# who handled it. The letters are behind the applicant's second check (foi.applicant_check).

# Each step, as the applicant reads it; a step not named here is not shown.
PUBLIC_EVENTS: dict[str, Any] = {
    EventKind.ACCEPTED: _("受理并开始办理"),
    EventKind.CORRECTION_REQUESTED: _("机关请申请人补正申请内容（答复期限中止计算）"),
    EventKind.CORRECTION_RECEIVED: _("收到补正材料，答复期限重新计算"),
    EventKind.CORRECTION_LAPSED: _("逾期未补正，不再处理"),
    EventKind.CONSULTATION_STARTED: _("征求第三方或其他机关意见（所需时间不计入答复期限）"),
    EventKind.CONSULTATION_ENDED: _("征求意见结束"),
    EventKind.EXTENSION_APPROVED: _("经批准延长答复期限"),
    EventKind.LONG_PERIOD_SET: _("确定延迟答复期限"),
    EventKind.FEE_NOTIFIED: _("通知缴纳信息处理费（答复期限中止计算）"),
    EventKind.FEE_PAID: _("缴纳信息处理费"),
    EventKind.FEE_LAPSED: _("逾期未缴费，不再处理"),
    EventKind.REPLIED: _("作出答复"),
    EventKind.WITHDRAWN: _("申请人撤回申请"),
    EventKind.ARCHIVED: _("办结归档"),
}


@dataclass(frozen=True)
class Step:
    on: dt.date
    label: Any
    kind: str


@dataclass(frozen=True)
class DueStep:
    on: dt.date
    reason: Any
    due_on: dt.date | None


def masked_description(request_obj: Request, applicant: Applicant | None) -> str:
    """The application's own words with personal data masked: the applicant's own name, phone,
    ID number, e-mail and address wherever typed, then whatever the detector finds (the office's
    published numbers stay)."""
    text = request_obj.description
    if applicant is not None:
        text = masking.mask_own(text, name=applicant.name, phone=applicant.phone)
        text = masking.mask_own(text, name=applicant.contact_person)
        for value, mask in (
            (applicant.id_number, masking.mask_id_number),
            (applicant.email, masking.mask_text),
            (applicant.address, masking.mask_text),
        ):
            if len(value.strip()) >= 2:
                text = text.replace(value.strip(), mask(value.strip()))
    return personaldata.mask(text, public=published_contacts())


def submitted(request_obj: Request) -> dict[str, Any]:
    """The request as submitted, personal data masked (the name as 张*, nothing else of the person)."""
    applicant = Applicant.objects.filter(request=request_obj).first()
    return {
        "unit": request_obj.unit.name,
        "channel": request_obj.get_channel_display(),
        "applicant_type": request_obj.get_applicant_type_display(),
        "applicant": masking.mask_name(applicant.name) if applicant is not None else "",
        "description": masked_description(request_obj, applicant),
        "doc_number": personaldata.mask(request_obj.doc_number),
        "form": request_obj.get_form_display(),
        "delivery": request_obj.get_delivery_display(),
        "online": request_obj.delivery == Delivery.ONLINE,
    }


def timeline(request_obj: Request) -> list[Step]:
    """The public steps, dated, oldest first; registration first of all."""
    steps = [Step(request_obj.received_on, _("收到申请并登记"), "registered")]
    steps += [
        Step(event.on, PUBLIC_EVENTS[event.kind], event.kind)
        for event in request_obj.events.order_by("on", "id")
        if event.kind in PUBLIC_EVENTS
    ]
    return steps


def due_history(request_obj: Request) -> list[DueStep]:
    """Every value the reply due date took, with why (no value while the clock is stopped)."""
    return [
        DueStep(change.on, DueReason(change.because).label, change.due_on)
        for change in request_obj.due_changes.order_by("recorded_at", "id")
        if change.because in DueReason.values
    ]

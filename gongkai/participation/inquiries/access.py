"""Who may see and act on inquiries, and the one way to read an asker's name and phone.

A unit's 信息员 (editor) answers its inquiries and marks invalid ones; its 审核 (reviewer)
reviews answers where the unit requires it; both see the unit's inquiries. The office sees every
unit, reassigns (转办) and may act for any unit. Everyone else gets a 404: an inquiry's existence
is not revealed. The asker's data leaves the database only through ``reveal_asker``, audited.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from gongkai.actor import Actor
from gongkai.audit.services import record
from gongkai.foi import masking
from gongkai.orgs import access
from gongkai.orgs.models import Role, Unit
from gongkai.participation.models import Inquiry, InquiryAsker

ANSWER_ROLE = Role.EDITOR
REVIEW_ROLE = Role.REVIEWER
SEEING_ROLES = (ANSWER_ROLE, REVIEW_ROLE)


def inquiry_units(user: Actor) -> QuerySet[Unit]:
    """The units whose inquiries ``user`` sees (all for the office)."""
    if access.is_office(user):
        return Unit.objects.filter(active=True)
    units = access.units_for(user, ANSWER_ROLE) | access.units_for(user, REVIEW_ROLE)
    return units.distinct()


def may_use(user: Actor) -> bool:
    return access.is_office(user) or inquiry_units(user).exists()


def inquiries_visible_to(user: Actor) -> QuerySet[Inquiry]:
    if access.is_office(user):
        return Inquiry.objects.all()
    ids = list(inquiry_units(user).values_list("pk", flat=True))
    return Inquiry.objects.filter(Q(unit_id__in=ids))


def get_inquiry_for(user: Actor, pk: int) -> Inquiry:
    """The inquiry, or 404 when it does not exist or ``user`` may not see it."""
    found = inquiries_visible_to(user).select_related("unit").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def can_answer(user: Actor, unit: Unit | int) -> bool:
    return access.can_act(user, unit, ANSWER_ROLE)


def can_review(user: Actor, unit: Unit | int) -> bool:
    return access.can_act(user, unit, REVIEW_ROLE)


def require_answerer(user: Actor, unit: Unit | int) -> None:
    if not can_answer(user, unit):
        raise PermissionDenied(_("您没有答复该单位政务咨询的权限"))


def require_reviewer(user: Actor, unit: Unit | int) -> None:
    if not can_review(user, unit):
        raise PermissionDenied(_("您没有审核该单位政务咨询答复的权限"))


@dataclass(frozen=True)
class MaskedAsker:
    name: str
    phone: str


def masked(asker: InquiryAsker | None) -> MaskedAsker:
    if asker is None:
        return MaskedAsker("", "")
    return MaskedAsker(masking.mask_name(asker.name), masking.mask_phone(asker.phone))


def reveal_asker(user: Actor, inquiry: Inquiry, *, purpose: str = "", http: HttpRequest | None = None) -> InquiryAsker:
    """The asker's name and phone for staff who may answer; every call is audited."""
    require_answerer(user, inquiry.unit_id)
    asker = InquiryAsker.objects.get(inquiry=inquiry)
    record(user, "inquiry.asker_viewed", inquiry, unit=inquiry.unit, note=purpose[:200], request=http)
    return asker

"""Who may see and handle applications, and the one way to read an applicant's personal data.

Applications are handled by the 依申请承办 (handler) staff of the unit they are addressed to and
by the disclosure office, which sees every unit. No other role sees them. The applicant's name,
ID number, phone, address and e-mail leave the database only through ``reveal_applicant``,
which writes an audit entry for every view; lists use the masked forms.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from gongkai.actor import Actor
from gongkai.audit.services import record
from gongkai.foi import masking
from gongkai.foi.models import Applicant, Attachment, Letter, Request
from gongkai.foi.vocab import Delivery
from gongkai.orgs import access
from gongkai.orgs.models import Role, Unit


def requests_visible_to(user: Actor) -> QuerySet[Request]:
    """The applications ``user`` may see: their handler units', or all for the office."""
    if access.is_office(user):
        return Request.objects.all()
    return Request.objects.filter(unit__in=access.units_for(user, Role.HANDLER))


def get_request_for(user: Actor, pk: int) -> Request:
    """The application, or 404 when it does not exist or ``user`` may not see it."""
    found = requests_visible_to(user).select_related("unit").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def can_handle(user: Actor, unit: Unit | int) -> bool:
    return access.can_act(user, unit, Role.HANDLER)


def require_handler(user: Actor, unit: Unit | int) -> None:
    if not can_handle(user, unit):
        raise PermissionDenied(_("您没有办理该单位政府信息公开申请的权限"))


@dataclass(frozen=True)
class MaskedApplicant:
    """What lists and the API show by default: 张*, 150602********1238, 138****1234."""

    name: str
    id_number: str
    phone: str


def masked(applicant: Applicant) -> MaskedApplicant:
    return MaskedApplicant(
        name=masking.mask_name(applicant.name),
        id_number=masking.mask_id_number(applicant.id_number),
        phone=masking.mask_phone(applicant.phone),
    )


def reveal_applicant(
    user: Actor, request_obj: Request, *, purpose: str = "", http: HttpRequest | None = None
) -> Applicant:
    """The applicant's full data for staff who may handle the application; every call is audited
    (who, when, which application, why) so each view of personal data can be accounted for."""
    require_handler(user, request_obj.unit_id)
    applicant = Applicant.objects.get(request=request_obj)
    record(
        user,
        "foi.applicant_viewed",
        request_obj,
        unit=request_obj.unit,
        note=purpose[:200],
        request=http,
    )
    return applicant


# The letters addressed to the applicant (a consultation letter goes to the third party or an
# organ, never to the applicant).
APPLICANT_LETTERS = frozenset(
    {Letter.Kind.CORRECTION, Letter.Kind.EXTENSION, Letter.Kind.LONG_PERIOD, Letter.Kind.FEE, Letter.Kind.REPLY}
)


def letters_for_applicant(request_obj: Request) -> QuerySet[Letter]:
    """The letters the applicant may download from the tracking page once they passed the second
    check for ``request_obj`` (foi.applicant_check): their own letters, and only where they chose
    to receive the reply online (网上获取); none otherwise."""
    if request_obj.delivery != Delivery.ONLINE:
        return Letter.objects.none()
    return Letter.objects.filter(request=request_obj, kind__in=APPLICANT_LETTERS).order_by("issued_on", "id")


def get_letter_for_applicant(request_obj: Request, pk: int) -> Letter:
    """One of ``letters_for_applicant``, or 404: another application's letter (another
    applicant's), a third party's letter, or any letter of a reply sent by post is never found."""
    found = letters_for_applicant(request_obj).select_related("request").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def released_for_applicant(request_obj: Request) -> QuerySet[Attachment]:
    """The files of government information the reply provides, for the applicant who passed the
    second check — only where they chose to receive the reply online (网上获取), as the letters."""
    if request_obj.delivery != Delivery.ONLINE:
        return Attachment.objects.none()
    return Attachment.objects.filter(request=request_obj, released=True).order_by("uploaded_at", "id")


def get_released_for_applicant(request_obj: Request, pk: int) -> Attachment:
    """One of ``released_for_applicant``, or 404 (the applicant's own uploads, another
    application's files, and any file of a reply sent by post are never found)."""
    found = released_for_applicant(request_obj).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found

"""Who may see and act on consultations: the one place that answers it.

Staff see the consultations of the units they act for (the office: every unit); another unit's
is a 404. The public sees a consultation once its draft has been published.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from gongkai.actor import Actor
from gongkai.orgs import access
from gongkai.orgs.models import Role
from gongkai.participation.models import Consultation


def consultations_visible_to(user: Actor) -> QuerySet[Consultation]:
    base = Consultation.objects.select_related("item", "item__unit")
    if access.is_office(user):
        return base
    return base.filter(item__unit__in=access.units_for(user))


def get_consultation_for(user: Actor, pk: int) -> Consultation:
    found = consultations_visible_to(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def public_consultations() -> QuerySet[Consultation]:
    return Consultation.objects.filter(item__published_revision__isnull=False).select_related(
        "item", "item__unit", "item__published_revision"
    )


def get_public_consultation(pk: int) -> Consultation:
    found = public_consultations().filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def can_moderate(user: Actor, consultation: Consultation) -> bool:
    """Moderators: the office, or a reviewer of the consultation's unit."""
    return access.can_act(user, consultation.item.unit_id, Role.REVIEWER)


def require_moderator(user: Actor, consultation: Consultation) -> None:
    if not can_moderate(user, consultation):
        raise PermissionDenied(_("只有公开办或本单位审核人员可以处理意见"))


def can_write_report(user: Actor, consultation: Consultation) -> bool:
    unit = consultation.item.unit_id
    return access.can_act(user, unit, Role.EDITOR) or access.can_act(user, unit, Role.SIGNER)


def require_report_writer(user: Actor, consultation: Consultation) -> None:
    if not can_write_report(user, consultation):
        raise PermissionDenied(_("只有本单位信息员或签发人可以填写采纳情况"))

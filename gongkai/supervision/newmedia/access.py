"""Who may see and act on new-media accounts: the one place that answers it.

A unit's 信息员 (editor) applies for the unit's accounts, starts operation once filed, records the
last content date and reports rectification done; its 审核 (reviewer) sees them. The office
(公开办) sees every account and takes the office's steps (approve, reject, file, order
rectification, close, cancel) and the annual review. Another unit's account is a 404: its
existence is not revealed (the public matrix shows live accounts without staff data).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from gongkai.actor import Actor
from gongkai.orgs import access
from gongkai.orgs.models import Role, Unit
from gongkai.supervision.newmedia import lifecycle as lc
from gongkai.supervision.newmedia.models import Account

UNIT_ROLE = Role.EDITOR
SEEING_ROLES = (Role.EDITOR, Role.REVIEWER)


def account_units(user: Actor) -> QuerySet[Unit]:
    """The units whose accounts ``user`` sees (every active unit for the office)."""
    if access.is_office(user):
        return Unit.objects.filter(active=True)
    units = access.units_for(user, Role.EDITOR) | access.units_for(user, Role.REVIEWER)
    return units.distinct()


def may_use(user: Actor) -> bool:
    return access.is_office(user) or account_units(user).exists()


def require_user(user: Actor) -> None:
    if not may_use(user):
        raise PermissionDenied(_("只有各单位信息员、审核人员和公开办可以查看政务新媒体备案"))


def accounts_visible_to(user: Actor) -> QuerySet[Account]:
    if access.is_office(user):
        return Account.objects.all()
    return Account.objects.filter(unit_id__in=list(account_units(user).values_list("pk", flat=True)))


def get_account_for(user: Actor, pk: int) -> Account:
    """The account, or 404 when it does not exist or ``user`` may not see it."""
    found = accounts_visible_to(user).select_related("unit", "platform").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def application_units(user: Actor) -> QuerySet[Unit]:
    """The units ``user`` may apply for (the office: every unit)."""
    return access.units_for(user, UNIT_ROLE)


def require_applicant(user: Actor) -> None:
    if not application_units(user).exists():
        raise PermissionDenied(_("只有各单位信息员和公开办可以申请开设政务新媒体"))


def can_act_for_unit(user: Actor, unit: Unit | int) -> bool:
    return access.can_act(user, unit, UNIT_ROLE)


def require_unit_editor(user: Actor, unit: Unit | int) -> None:
    if not can_act_for_unit(user, unit):
        raise PermissionDenied(_("只有本单位信息员可以办理本单位的政务新媒体事项"))


def may_take(user: Actor, account: Account, transition: lc.Transition) -> bool:
    if transition.actor == lc.OFFICE:
        return access.is_office(user)
    return can_act_for_unit(user, account.unit_id)


def require_step(user: Actor, account: Account, transition: lc.Transition) -> None:
    if not may_take(user, account, transition):
        if transition.actor == lc.OFFICE:
            raise PermissionDenied(_("仅公开办可以进行此操作"))
        raise PermissionDenied(_("只有本单位信息员可以办理本单位的政务新媒体事项"))


def allowed_steps(user: Actor, account: Account) -> list[lc.Transition]:
    """The steps ``user`` may take on ``account`` now (for the forms on its page)."""
    return [t for t in lc.actions_from(account.state) if may_take(user, account, t)]


def may_review(user: Actor) -> bool:
    """The annual review (年度审核) and the office's settings are the office's."""
    return access.is_office(user)


def require_office(user: Actor) -> None:
    access.require_office(user)

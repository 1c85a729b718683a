"""Who may act for which unit: the one place that answers it for units and roles.

A person acts only for the units where they hold a role; the disclosure office (公开办) acts for
every unit. Views, the API and commands ask here and never write their own filters.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from gongkai.actor import Actor
from gongkai.audit.models import AuditEntry
from gongkai.orgs.models import Membership, Role, Unit

_CACHE_ATTR = "_gongkai_roles"


def _roles(user: Actor) -> dict[int, set[str]]:
    """unit id → roles, loaded once per user object."""
    if user is None or not user.is_authenticated or not user.is_active:
        return {}
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = {}
        for unit_id, role in Membership.objects.filter(user=user, unit__active=True).values_list("unit_id", "role"):
            cached.setdefault(unit_id, set()).add(role)
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget(user: Actor) -> None:
    """Drop the cached roles after memberships change."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def is_office(user: Actor) -> bool:
    return any(Role.OFFICE in roles for roles in _roles(user).values())


def is_staff_member(user: Actor) -> bool:
    """Anyone holding any role: may use the workbench."""
    return bool(_roles(user))


def roles_in(user: Actor, unit: Unit | int) -> set[str]:
    unit_id = unit if isinstance(unit, int) else unit.pk
    roles = set(_roles(user).get(unit_id, set()))
    if is_office(user):
        roles.add(Role.OFFICE)
    return roles


def can_act(user: Actor, unit: Unit | int, role: str) -> bool:
    """May ``user`` act in ``role`` for ``unit``? The office may act for every unit."""
    return is_office(user) or role in _roles(user).get(unit if isinstance(unit, int) else unit.pk, set())


def require(user: Actor, unit: Unit | int, role: str) -> None:
    if not can_act(user, unit, role):
        raise PermissionDenied(_("您没有以“%(role)s”身份处理该单位事务的权限") % {"role": Role(role).label})


def require_office(user: Actor) -> None:
    if not is_office(user):
        raise PermissionDenied(_("仅公开办可以进行此操作"))


def units_for(user: Actor, role: str | None = None) -> QuerySet[Unit]:
    """The units ``user`` may act for (in ``role``, or in any role)."""
    if is_office(user):
        return Unit.objects.filter(active=True)
    ids = [uid for uid, roles in _roles(user).items() if role is None or role in roles]
    return Unit.objects.filter(pk__in=ids, active=True)


def memberships_summary(user: Actor) -> list[dict[str, Any]]:
    """The units a person holds roles in, with the roles, for ``/api/v1/me`` and the workbench."""
    roles = _roles(user)
    units = Unit.objects.filter(pk__in=roles.keys()).order_by("position", "id")
    return [{"id": u.pk, "name": u.name, "roles": sorted(roles[u.pk])} for u in units]


def audit_entries_visible_to(user: Actor) -> QuerySet[AuditEntry]:
    """Who may read the audit trail: the disclosure office sees every entry; nobody else any.
    (Here, not in ``audit``: the audit trail sits below the units and people it records.)"""
    return AuditEntry.objects.all() if is_office(user) else AuditEntry.objects.none()


def staff_addresses(unit: Unit | int, roles: Iterable[str]) -> list[str]:
    """The e-mail addresses of the active people holding one of ``roles`` in ``unit``: whom a
    reminder about the unit's work goes to (applications, ledger tasks)."""
    people = Membership.objects.filter(role__in=list(roles), unit=unit, user__is_active=True).select_related("user")
    return sorted({m.user.email for m in people if m.user.email})

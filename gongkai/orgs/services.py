"""Changes to units, people and the site profile: each validated, saved and audited here."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai import personaldata
from gongkai.actor import Actor

if TYPE_CHECKING:
    from django.contrib.auth.models import User

from gongkai.audit.services import changed, record, snapshot
from gongkai.orgs import access
from gongkai.orgs.models import CONTACTS_CACHE_KEY, Membership, SiteProfile, Unit

UNIT_FIELDS = ["name", "short_name", "kind", "credit_code", "parent", "position", "review_organ", "active"]


@transaction.atomic
def create_unit(actor: Actor, **data: Any) -> Unit:
    access.require_office(actor)
    unit = Unit(**data)
    unit.full_clean()
    unit.save()
    record(actor, "unit.created", unit, unit=unit, after=snapshot(unit, UNIT_FIELDS))
    return unit


@transaction.atomic
def update_unit(actor: Actor, unit: Unit, **data: Any) -> Unit:
    access.require_office(actor)
    before = snapshot(unit, UNIT_FIELDS)
    for key, value in data.items():
        setattr(unit, key, value)
    unit.full_clean()
    unit.save()
    old, new = changed(before, snapshot(unit, UNIT_FIELDS))
    if new:
        record(actor, "unit.changed", unit, unit=unit, before=old, after=new)
    return unit


@transaction.atomic
def grant(actor: Actor, user: User, unit: Unit, role: str) -> Membership:
    access.require_office(actor)
    membership, created = Membership.objects.get_or_create(user=user, unit=unit, role=role)
    if created:
        record(
            actor,
            "membership.granted",
            membership,
            unit=unit,
            after={"user": user.get_username(), "unit": unit.name, "role": role},
        )
    access.forget(user)
    return membership


@transaction.atomic
def revoke(actor: Actor, membership: Membership) -> None:
    access.require_office(actor)
    if membership.user_id == getattr(actor, "pk", None) and membership.role == "office":
        raise ValidationError({"role": _("不能撤销自己的公开办角色")})
    record(
        actor,
        "membership.revoked",
        membership,
        unit=membership.unit,
        before={"user": membership.user.get_username(), "unit": membership.unit.name, "role": membership.role},
    )
    membership.delete()
    access.forget(membership.user)


@transaction.atomic
def create_person(actor: Actor, username: str, full_name: str, password: str) -> Any:
    """A staff account. The password is checked by Django's validators (settings)."""
    from django.contrib.auth.password_validation import validate_password

    access.require_office(actor)
    user_model = get_user_model()
    if user_model.objects.filter(username=username).exists():
        raise ValidationError({"username": _("用户名已存在")})
    user = user_model(username=username, first_name=full_name)
    validate_password(password, user)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    record(actor, "person.created", user, after={"username": username, "full_name": full_name})
    return user


@transaction.atomic
def set_active(actor: Actor, user: User, active: bool) -> None:
    access.require_office(actor)
    if user.pk == getattr(actor, "pk", None) and not active:
        raise ValidationError({"active": _("不能停用自己的账号")})
    if user.is_active != active:
        user.is_active = active
        user.save(update_fields=["is_active"])
        record(
            actor,
            "person.activated" if active else "person.deactivated",
            user,
            before={"is_active": not active},
            after={"is_active": active},
        )


SITE_FIELDS = [
    "site_name",
    "government",
    "office_name",
    "address",
    "postcode",
    "office_hours",
    "phone",
    "fax",
    "email",
    "website",
    "site_code",
    "icp_number",
    "police_number",
]


@transaction.atomic
def save_site(actor: Actor, profile: SiteProfile, **data: Any) -> SiteProfile:
    """Create or change the site identity and the office's contact data (the 指南 reads them)."""
    access.require_office(actor)
    creating = profile.pk is None
    before = None if creating else snapshot(profile, SITE_FIELDS)
    for key, value in data.items():
        setattr(profile, key, value)
    profile.full_clean()
    profile.save()
    old, new = changed(before, snapshot(profile, SITE_FIELDS))
    if new:
        record(actor, "site.created" if creating else "site.changed", profile, before=old or None, after=new)
    return profile


def published_contacts() -> frozenset[str]:
    """The disclosure office's own phone, fax and e-mail (条例 Art. 12 publishes them in the
    guide): public numbers, which the personal-data detector never masks (RULINGS.md 6). Kept in
    the cache (a public page masks many texts) until the profile is saved again."""
    found = cache.get(CONTACTS_CACHE_KEY)
    if found is None:
        profile = SiteProfile.current()
        texts = (profile.phone, profile.fax, profile.email) if profile is not None else ()
        found = personaldata.public_values(texts)
        cache.set(CONTACTS_CACHE_KEY, found, timeout=3600)
    return frozenset(found)

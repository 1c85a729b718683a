"""Every change of the service directory: the office creates, edits and deactivates services;
the link check (the inspection's checker) stores each link's state. Each writer checks access,
validates with a Chinese message naming the field, saves and records the audit entry."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from gongkai.actor import Actor
from gongkai.audit.services import changed, record, snapshot
from gongkai.orgs import access as org_access
from gongkai.sites.directory.models import Service, validate_https
from gongkai.sites.models import Site

FIELDS = [
    "name",
    "code",
    "department",
    "department_name",
    "category",
    "basis",
    "conditions",
    "materials",
    "steps",
    "time_limit",
    "fees",
    "place",
    "phone",
    "url",
    "app_url",
    "active",
    "position",
]
TEXT_FIELDS = [f for f in FIELDS if f not in ("department", "active", "position")]
MAX_SITES = 200
LINK_LABELS = {"url": _lazy("政务服务网办理页面"), "app_url": _lazy("蒙速办链接")}


def _clean_text(service: Service) -> None:
    for name in TEXT_FIELDS:
        value = getattr(service, name)
        if isinstance(value, str):
            setattr(service, name, value.strip())
    if not service.name:
        raise ValidationError({"name": _("请填写事项名称。")})
    if service.department_id is None and not service.department_name:
        raise ValidationError({"department": _("请选择办理部门，或填写办理部门名称。")})
    for name in ("url", "app_url"):
        value = getattr(service, name)
        try:
            validate_https(value) if value else None
        except ValidationError:
            label = LINK_LABELS[name]
            raise ValidationError({name: _("“%(label)s”须是以 https:// 开头的完整网址。") % {"label": label}}) from None


def _sites(site_ids: Iterable[Any]) -> list[Site]:
    ids = list(dict.fromkeys(site_ids))
    if len(ids) > MAX_SITES or not all(isinstance(pk, int) and not isinstance(pk, bool) for pk in ids):
        raise ValidationError({"site_ids": _("显示的站点应为站点编号列表。")})
    found = {s.pk: s for s in Site.objects.filter(pk__in=ids)}
    missing = [pk for pk in ids if pk not in found]
    if missing:
        raise ValidationError({"site_ids": _("没有这些站点：%(ids)s。") % {"ids": "、".join(map(str, missing))}})
    return [found[pk] for pk in ids]


def _snapshot(service: Service) -> dict[str, Any]:
    data = snapshot(service, FIELDS)
    data["site_ids"] = sorted(service.sites.values_list("pk", flat=True)) if service.pk else []
    return data


def _save(service: Service) -> None:
    _clean_text(service)
    service.full_clean()
    service.save()


@transaction.atomic
def create_service(actor: Actor, *, site_ids: Iterable[Any] = (), **data: Any) -> Service:
    """A new service (the office). ``site_ids`` empty: shown on every site."""
    org_access.require_office(actor)
    unknown = set(data) - set(FIELDS)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: _("不能设置此字段。")})
    service = Service(**data)
    sites = _sites(site_ids)
    _save(service)
    service.sites.set(sites)
    record(actor, "directory.service_created", service, after=_snapshot(service))
    return service


@transaction.atomic
def update_service(actor: Actor, service: Service, *, site_ids: Iterable[Any] | None = None, **data: Any) -> Service:
    """Change a service (the office); ``active=False`` takes it off every site."""
    org_access.require_office(actor)
    unknown = set(data) - set(FIELDS)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: _("不能设置此字段。")})
    service = Service.objects.select_for_update().get(pk=service.pk)
    before = _snapshot(service)
    for key, value in data.items():
        setattr(service, key, value)
    if (service.url, service.app_url) != (before["url"], before["app_url"]):
        service.link_state, service.link_checked_at, service.link_detail = Service.LinkState.UNCHECKED, None, ""
    sites = _sites(site_ids) if site_ids is not None else None
    _save(service)
    if sites is not None:
        service.sites.set(sites)
    old, new = changed(before, _snapshot(service))
    if new:
        action = "directory.service_deactivated" if new.get("active") is False else "directory.service_changed"
        record(actor, action, service, before=old, after=new)
    return service


def deactivate_service(actor: Actor, service: Service) -> Service:
    return update_service(actor, service, active=False)


@transaction.atomic
def delete_service(actor: Actor, service: Service) -> None:
    """Remove a service for good (the API's DELETE; the workbench deactivates instead)."""
    org_access.require_office(actor)
    before = _snapshot(service)
    pk = service.pk
    service.delete()
    record(actor, "directory.service_deleted", object_type="directory.service", object_id=pk, before=before)


def store_link_states(results: dict[int, tuple[bool, str]], actor: Actor | None = None) -> int:
    """Store the link check's outcome per service id: (all links answered, the reason of the
    first that did not). Services without links stay unchecked. Returns how many changed state."""
    now = timezone.now()
    moved = 0
    for service in Service.objects.filter(pk__in=list(results)):
        ok, detail = results[service.pk]
        state = Service.LinkState.OK if ok else Service.LinkState.BROKEN
        if state != service.link_state:
            moved += 1
        Service.objects.filter(pk=service.pk).update(link_state=state, link_checked_at=now, link_detail=detail[:300])
    if results:
        record(actor, "directory.links_checked", object_type="directory.service", after={"checked": len(results)})
    return moved

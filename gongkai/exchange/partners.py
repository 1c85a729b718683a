"""Partners: registered, paired, filtered and retried by the office (audited), and what the API
and the workbench show of them."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.actor import Actor
from gongkai.audit.services import record
from gongkai.catalog.models import Domain
from gongkai.exchange import identity, signing, warnings
from gongkai.exchange.models import DeliveryFailure, Direction, FailureDirection, Mode, Partner
from gongkai.orgs import access
from gongkai.orgs.models import Unit
from gongkai.policies.models import Level
from gongkai.publishing.models import Kind
from gongkai.sites.models import Column

INSTANCE_SHAPE = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
MAX_ID = 2**63 - 1
FILTERS = ("unit_ids", "domain_ids", "kinds", "column_ids")
FIELDS = ("name", "base_url", "direction", "mode", "active", "level", *FILTERS)


def _check_url(value: str) -> str:
    value = (value or "").strip().rstrip("/")
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError as exc:
        raise ValidationError({"base_url": _("对方平台地址应为 http(s):// 开头的完整网址")}) from exc
    return value


def _ids(field: str, values: Any, model: Any) -> list[int]:
    if not isinstance(values, list) or not all(
        isinstance(v, int) and not isinstance(v, bool) and 0 < v <= MAX_ID for v in values
    ):
        raise ValidationError({field: _("应为编号的列表")})
    wanted = sorted(set(values))
    known = set(model.objects.filter(pk__in=wanted).values_list("pk", flat=True))
    unknown = [v for v in wanted if v not in known]
    if unknown:
        raise ValidationError({field: _("编号不存在：%(ids)s") % {"ids": "、".join(map(str, unknown))}})
    return wanted


def _kinds(values: Any) -> list[str]:
    if not isinstance(values, list) or any(v not in Kind.values for v in values):
        raise ValidationError({"kinds": _("类型应为以下取值：%(allowed)s") % {"allowed": "、".join(Kind.values)}})
    return sorted(set(values))


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    for name, given in data.items():
        value = given
        if name not in FIELDS:
            raise ValidationError({name: _("不能设置此字段")})
        if isinstance(value, str) and "\x00" in value:
            raise ValidationError({name: _("含有不允许的控制字符")})
        if name == "base_url":
            value = _check_url(value)
        elif name == "direction" and value not in Direction.values:
            raise ValidationError({"direction": _("方向应为 up（上级）或 down（下级）")})
        elif name == "mode" and value not in Mode.values:
            raise ValidationError({"mode": _("交换方式应为 push、pull 或 both")})
        elif name == "level" and value not in ("", *Level.values):
            raise ValidationError({"level": _("层级应为 national、region、city 或 district")})
        elif name == "name":
            value = str(value or "").strip()
            if not value:
                raise ValidationError({"name": _("请填写名称")})
        elif name in ("unit_ids", "domain_ids", "column_ids"):
            value = _ids(name, value, {"unit_ids": Unit, "domain_ids": Domain, "column_ids": Column}[name])
        elif name == "kinds":
            value = _kinds(value)
        clean[name] = value
    return clean


def parse_credentials(value: Any) -> dict[str, str]:
    """The partner's ``our_credentials`` as its office passed them on."""
    field = "peer_credentials"
    if not isinstance(value, dict):
        raise ValidationError({field: _("对方凭据应为对方平台给出的 JSON 对象")})
    instance, key = value.get("instance"), value.get("public_key")
    if not isinstance(instance, str) or not INSTANCE_SHAPE.match(instance.strip()):
        raise ValidationError({field: _("对方凭据的实例标识（instance）应为1至64个字母、数字、点、下划线或连字符")})
    if not isinstance(key, str) or not signing.valid_public_key(key):
        raise ValidationError({field: _("对方凭据的公钥（public_key）不是有效的 Ed25519 公钥")})
    if instance.strip() == identity.ours().instance_id:
        raise ValidationError({field: _("这是本平台自己的凭据，不能与自己交换")})
    organ = value.get("organ")
    organ = str(organ or "").replace("\x00", "")[:200]
    return {"peer_instance": instance.strip(), "peer_public_key": key, "peer_organ": organ}


def _check_unique(partner: Partner) -> None:
    others = Partner.objects.exclude(pk=partner.pk)
    if others.filter(name=partner.name).exists():
        raise ValidationError({"name": _("已有同名的交换伙伴")})
    if partner.peer_instance and others.filter(peer_instance=partner.peer_instance).exists():
        raise ValidationError({"peer_credentials": _("该实例已登记为另一个交换伙伴")})


def _audited(partner: Partner) -> dict[str, Any]:
    values = {name: getattr(partner, name) for name in FIELDS}
    values["peer_instance"] = partner.peer_instance or ""
    return values


@transaction.atomic
def create(actor: Actor, *, peer_credentials: Any = None, **data: Any) -> Partner:
    access.require_office(actor)
    for required in ("name", "base_url", "direction"):
        if not data.get(required):
            raise ValidationError({required: _("为必填项")})
    partner = Partner(**_clean(data))
    if peer_credentials is not None:
        for name, value in parse_credentials(peer_credentials).items():
            setattr(partner, name, value)
    _check_unique(partner)
    partner.save()
    identity.ours()  # made now if this is the first partner: our credentials go back at once
    record(actor, "exchange.partner_created", partner, after=_audited(partner))
    return partner


@transaction.atomic
def update(actor: Actor, partner: Partner, *, peer_credentials: Any = None, **data: Any) -> Partner:
    access.require_office(actor)
    partner = Partner.objects.select_for_update().get(pk=partner.pk)
    before = _audited(partner)
    for name, value in _clean(data).items():
        setattr(partner, name, value)
    if peer_credentials is not None:
        for name, value in parse_credentials(peer_credentials).items():
            setattr(partner, name, value)
    _check_unique(partner)
    partner.save()
    after = _audited(partner)
    changed = {k: v for k, v in after.items() if before.get(k) != v}
    if changed or peer_credentials is not None:
        record(actor, "exchange.partner_changed", partner, before={k: before[k] for k in changed}, after=changed)
    return partner


@transaction.atomic
def retry(actor: Actor, partner: Partner, failure: DeliveryFailure | None = None) -> None:
    """Send again with the next cycle: one failed record (out: the item as it is now; in: the
    partner's log read again from that record), or — without ``failure`` — the partner now,
    without waiting out its backoff."""
    access.require_office(actor)
    if failure is None:
        Partner.objects.filter(pk=partner.pk).update(next_attempt_at=None)
        record(actor, "exchange.retried", partner, after={"partner": partner.pk})
        return
    if failure.direction == FailureDirection.OUT:
        DeliveryFailure.objects.filter(pk=failure.pk).update(retry=True)
    else:
        cursor = max(0, failure.seq - 1)
        Partner.objects.filter(pk=partner.pk, pulled_cursor__gt=cursor).update(pulled_cursor=cursor)
        DeliveryFailure.objects.filter(pk=failure.pk).update(retry=True)
    Partner.objects.filter(pk=partner.pk).update(next_attempt_at=None)
    record(actor, "exchange.retried", partner, after={"failure": failure.pk, "item": failure.origin_item})


def open_failures(partner: Partner) -> Any:
    return DeliveryFailure.objects.filter(partner=partner, resolved_at__isnull=True)


def summary(partner: Partner) -> dict[str, Any]:
    """What the API and the workbench show of a partner (API.md names the first six)."""
    return {
        "id": partner.pk,
        "name": partner.name,
        "direction": partner.direction,
        "last_success_at": partner.last_success_at,
        "lag_seconds": warnings.lag_seconds(partner),
        "failures": open_failures(partner).count(),
        "failed_attempts": partner.failures,
        "base_url": partner.base_url,
        "mode": partner.mode,
        "active": partner.active,
        "paired": partner.paired,
        "peer_instance": partner.peer_instance,
        "level": partner.level,
        "unit_ids": partner.unit_ids,
        "domain_ids": partner.domain_ids,
        "kinds": partner.kinds,
        "column_ids": partner.column_ids,
        "pushed_cursor": partner.pushed_cursor,
        "pulled_cursor": partner.pulled_cursor,
        "last_error": partner.last_error,
        "next_attempt_at": partner.next_attempt_at,
    }

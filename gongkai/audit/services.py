"""The one function that writes the audit trail, and helpers to describe objects for it."""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable
from typing import Any

from django.db import models
from django.http import HttpRequest
from django.utils import timezone

from gongkai.actor import Actor, signed_in
from gongkai.audit.models import AuditEntry
from gongkai.clientaddress import client_address

SYSTEM = "系统"


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The named fields of ``obj`` as JSON-ready values (foreign keys by id)."""
    result: dict[str, Any] = {}
    for name in fields:
        field = obj._meta.get_field(name)
        attname = getattr(field, "attname", name)
        result[name] = _plain(getattr(obj, attname))
    return result


def changed(before: dict[str, Any] | None, after: dict[str, Any] | None) -> tuple[dict[str, Any], dict[str, Any]]:
    """Keep only the keys whose values differ, so an entry shows exactly what changed."""
    before = before or {}
    after = after or {}
    keys = [k for k in {**before, **after} if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after.get(k) for k in keys}


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address through the trusted proxies (gongkai/clientaddress.py)."""
    return client_address(request)


def record(
    actor: Actor | None,
    action: str,
    obj: models.Model | None = None,
    *,
    object_type: str | None = None,
    object_id: str | int | None = None,
    unit: Any = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    note: str = "",
    request: HttpRequest | None = None,
) -> AuditEntry:
    """Append one entry. Every create, change and state transition goes through here.

    ``actor`` is a user or None for the system (jobs, commands). Values in ``before``/``after``
    must not carry personal data of applicants or commenters: pass masked values.
    """
    person = signed_in(actor)
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = obj.pk if object_id is None else object_id
    entry = AuditEntry(
        at=timezone.now(),
        actor=person,
        actor_name=person.get_username() if person is not None else SYSTEM,
        action=action,
        object_type=object_type or "",
        object_id="" if object_id is None else str(object_id),
        object_repr=str(obj)[:200] if obj is not None else "",
        unit=unit,
        before=_plain(before) if before is not None else None,
        after=_plain(after) if after is not None else None,
        note=note,
        ip_address=client_ip(request),
    )
    entry.save(force_insert=True)
    return entry

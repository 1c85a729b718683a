"""Creating and editing information items: validated, sanitised, audited, optimistically locked."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from gongkai.audit.services import changed, record, snapshot
from gongkai.orgs import access
from gongkai.orgs.models import Role, Unit
from gongkai.publishing import clock
from gongkai.publishing.models import Item, State
from gongkai.publishing.sanitize import clean_html
from gongkai.workdays.calendar import CalendarMissing
from gongkai.workdays.services import get_calendar, missing_message

EDITABLE_FIELDS = [
    "title",
    "body_html",
    "topic",
    "genre",
    "doc_number",
    "written_on",
    "formed_on",
    "validity",
    "expires_on",
    "disclosure_mode",
    "normative",
    "catalogue_entry",
    "emergency",
    "show_alert",
    "change_note",
    "kind",
]
AUDITED_FIELDS = [*EDITABLE_FIELDS, "unit", "publish_due_on"]
EDITABLE_STATES = {State.DRAFT}


class Conflict(Exception):
    """The item changed since the editor loaded it (optimistic locking) or its state forbids this."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def set_due(item: Item) -> None:
    """Compute and store the publication deadline; an unknown calendar year is recorded visibly."""
    entry = item.catalogue_entry
    entry_days = entry.time_limit_days if entry is not None else None
    try:
        item.publish_due_on = clock.publish_due_on(item.formed_on, get_calendar(), entry_days)
        item.due_problem = ""
    except CalendarMissing as exc:
        item.publish_due_on = None
        item.due_problem = missing_message(exc)


def _clean(item: Item) -> None:
    item.body_html = clean_html(item.body_html or "")
    item.full_clean(exclude=["author", "published_revision"])
    if item.expires_on and item.written_on and item.expires_on < item.written_on:
        raise ValidationError({"expires_on": _("失效日期不能早于成文日期")})


@transaction.atomic
def create_item(actor: Any, unit: Unit, **data: Any) -> Item:
    access.require(actor, unit, Role.EDITOR)
    unknown = set(data) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: _("不能设置此字段")})
    item = Item(unit=unit, author=actor, **data)
    _clean(item)
    set_due(item)
    item.save()
    record(actor, "item.created", item, unit=unit, after=snapshot(item, AUDITED_FIELDS))
    return item


@transaction.atomic
def update_item(actor: Any, item: Item, version: int, **data: Any) -> Item:
    """Change a draft. ``version`` is the one the editor loaded: if someone saved in between, the
    change is refused (Conflict) instead of silently overwriting theirs."""
    access.require(actor, item.unit_id, Role.EDITOR)
    current = Item.objects.select_for_update().get(pk=item.pk)
    if current.version != version:
        raise Conflict(_("此信息已被他人修改（当前版本%(v)s），请刷新后重新编辑") % {"v": current.version})
    if current.state not in EDITABLE_STATES:
        raise Conflict(_("“%(state)s”状态的信息不能修改") % {"state": current.get_state_display()})
    before = snapshot(current, AUDITED_FIELDS)
    for key, value in data.items():
        if key not in EDITABLE_FIELDS:
            raise ValidationError({key: _("不能设置此字段")})
        setattr(current, key, value)
    _clean(current)
    set_due(current)
    current.version = F("version") + 1
    current.save()
    current.refresh_from_db()
    old, new = changed(before, snapshot(current, AUDITED_FIELDS))
    if new:
        record(actor, "item.changed", current, unit=current.unit, before=old, after=new)
    return current


def require_unit_role(actor: Any, item: Item, *roles: str) -> None:
    if not any(access.can_act(actor, item.unit_id, role) for role in roles):
        raise PermissionDenied(_("您不能处理本单位以外或超出本人角色的信息"))


def today_local() -> dt.date:
    from django.utils import timezone

    return timezone.localdate()

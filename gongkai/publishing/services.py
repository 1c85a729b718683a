"""Creating and editing information items: validated, sanitised, audited, optimistically locked."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.actor import Actor, signed_in
from gongkai.audit.services import changed, record, snapshot
from gongkai.catalog import rules
from gongkai.orgs import access
from gongkai.orgs.models import Role, Unit
from gongkai.publishing import clock, readonly
from gongkai.publishing.models import Item, ItemEvent, State
from gongkai.publishing.sanitize import clean_html
from gongkai.publishing.stats import waiting
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
    """Compute and store the publication deadline; an unknown calendar year is recorded visibly.
    A revision of published information has one only when the information changed (条例 Art. 26,
    ``clock.carries_deadline``)."""
    published = item.published_revision
    if item.formed_on is None or (  # None: a carried document whose date is unknown
        published is not None
        and not clock.carries_deadline(item.formed_on, published.formed_on, timezone.localdate(published.published_at))
    ):
        item.publish_due_on, item.due_problem = None, ""
        return
    entry = item.catalogue_entry
    limit = entry.time_limit if entry is not None else ""
    try:
        item.publish_due_on = clock.publish_due_on(
            item.formed_on,
            get_calendar(),
            entry.time_limit_days if entry is not None else None,
            calendar_days=rules.calendar_days(limit),
            immediate=rules.immediate(limit),
        )
        item.due_problem = ""
    except CalendarMissing as exc:
        item.publish_due_on = None
        item.due_problem = missing_message(exc)


FIRST_YEAR, LAST_YEAR = 1949, 2100  # dates outside are typing errors, not history


def _check_dates(item: Item) -> None:
    for name in ("formed_on", "written_on", "expires_on"):
        value = getattr(item, name)
        if value is not None and not FIRST_YEAR <= value.year <= LAST_YEAR:
            label = getattr(Item._meta.get_field(name), "verbose_name", name)
            raise ValidationError(
                {name: _("%(label)s的年份应在%(a)s至%(b)s之间") % {"label": label, "a": FIRST_YEAR, "b": LAST_YEAR}}
            )


def _strip_nul(item: Item) -> None:
    """NUL cannot be stored by PostgreSQL; nobody types it on purpose."""
    for name in ("title", "body_html", "doc_number", "change_note"):
        setattr(item, name, (getattr(item, name) or "").replace("\x00", ""))


def _clean(item: Item) -> None:
    _strip_nul(item)
    _check_dates(item)
    item.body_html = clean_html(item.body_html or "")
    item.full_clean(exclude=["author", "published_revision"])
    if item.expires_on and item.written_on and item.expires_on < item.written_on:
        raise ValidationError({"expires_on": _("失效日期不能早于成文日期")})


@transaction.atomic
def create_item(actor: Actor, unit: Unit, **data: Any) -> Item:
    access.require(actor, unit, Role.EDITOR)
    unknown = set(data) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: _("不能设置此字段")})
    item = Item(unit=unit, author=signed_in(actor), **data)
    _clean(item)
    set_due(item)
    item.save()
    record(actor, "item.created", item, unit=unit, after=snapshot(item, AUDITED_FIELDS))
    return item


@transaction.atomic
def update_item(actor: Actor, item: Item, version: int, **data: Any) -> Item:
    """Change a draft. ``version`` is the one the editor loaded: if someone saved in between, the
    change is refused (Conflict) instead of silently overwriting theirs."""
    access.require(actor, item.unit_id, Role.EDITOR)
    current = Item.objects.select_for_update().get(pk=item.pk)
    readonly.refuse_if_read_only(current)
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
        # Whoever edits the content can no longer review or sign it (workflow.contributors).
        ItemEvent.objects.create(item=current, action="edit", actor=signed_in(actor), note="", at=timezone.now())
    return current


def require_unit_role(actor: Actor, item: Item, *roles: str) -> None:
    if not any(access.can_act(actor, item.unit_id, role) for role in roles):
        raise PermissionDenied(_("您不能处理本单位以外或超出本人角色的信息"))


def recompute_due_dates(**_signal: Any) -> int:
    """After the calendar changed: recompute the deadline of every working copy not yet published,
    revisions of published items included (one that waited for a missing year gets its date now).
    A published revision keeps the deadline it was judged by. Returns how many changed."""
    changed_count = 0
    pending = Item.objects.filter(waiting())
    for item in pending.select_related("catalogue_entry", "unit", "published_revision"):
        before = (item.publish_due_on, item.due_problem)
        set_due(item)
        if (item.publish_due_on, item.due_problem) != before:
            Item.objects.filter(pk=item.pk).update(publish_due_on=item.publish_due_on, due_problem=item.due_problem)
            record(
                None,
                "item.due_recomputed",
                item,
                unit=item.unit,
                before={"publish_due_on": before[0]},
                after={"publish_due_on": item.publish_due_on},
                note="calendar changed",
            )
            changed_count += 1
    return changed_count

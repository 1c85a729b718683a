"""Changes to sites, columns and picks: each validated, saved, audited and placed here.

Every writer checks access (access.py), runs ``full_clean`` (a Chinese message per field),
records the audit entry in the same transaction, and rebuilds the placements the change moves
(placements.py). The page cache follows through pagecache.watch in apps.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.actor import Actor
from gongkai.audit.services import changed, record, snapshot
from gongkai.orgs import access as org_access
from gongkai.publishing.models import Item
from gongkai.sites import access, placements, selection
from gongkai.sites.models import Column, ColumnPick, Site

SITE_FIELDS = [
    "code",
    "name",
    "host",
    "language",
    "identifier",
    "icp_number",
    "police_number",
    "colour",
    "whole_library",
    "is_default",
    "active",
    "position",
]
COLUMN_FIELDS = [
    "name",
    "slug",
    "parent",
    "description",
    "position",
    "rules",
    "on_home",
    "home_count",
    "retired",
    "redirect_to",
]
MAX_PICKS = 500


def site_snapshot(site: Site) -> dict[str, Any]:
    """What the audit keeps of a site: its fields, and its logo by the stored file's name."""
    return {**snapshot(site, SITE_FIELDS), "logo": site.logo.name or ""}


class HostTaken(Exception):
    """Another site holds the host name (API: 409)."""

    field = "host"

    def __init__(self, host: str) -> None:
        super().__init__(_("域名 %(host)s 已由其他站点使用。") % {"host": host})


def _check_host(site: Site) -> None:
    site.host = (site.host or "").strip().lower()
    if Site.objects.filter(host=site.host).exclude(pk=site.pk).exists():
        raise HostTaken(site.host)


def _save_site(site: Site) -> None:
    _check_host(site)
    if site.is_default:
        Site.objects.filter(is_default=True).exclude(pk=site.pk).update(is_default=False)
    site.full_clean()
    try:
        with transaction.atomic():
            site.save()
    except IntegrityError as exc:  # another request took the host between the check and the save
        if Site.objects.filter(host=site.host).exclude(pk=site.pk).exists():
            raise HostTaken(site.host) from exc
        raise


@transaction.atomic
def create_site(actor: Actor, *, units: Iterable[Any] = (), **data: Any) -> Site:
    org_access.require_office(actor)
    site = Site(**data)
    _save_site(site)
    if units:
        site.units.set(units)
    record(actor, "sites.site_created", site, after=site_snapshot(site))
    return site


@transaction.atomic
def update_site(actor: Actor, site: Site, *, units: Iterable[Any] | None = None, **data: Any) -> Site:
    """The office changes anything; a site's manager its identity, not who it serves nor its host."""
    access.require_manage(actor, site)
    office_only = {"host", "code", "is_default", "whole_library", "active"} & set(data)
    if (office_only or units is not None) and not org_access.is_office(actor):
        org_access.require_office(actor)
    site = Site.objects.select_for_update().get(pk=site.pk)
    before = site_snapshot(site)
    for key, value in data.items():
        setattr(site, key, value)
    _save_site(site)
    if units is not None:
        site.units.set(units)
    old, new = changed(before, site_snapshot(site))
    if new or units is not None:
        record(actor, "sites.site_changed", site, before=old, after=new)
    if "active" in data:
        placements.rebuild_site(site.pk)
    return site


@transaction.atomic
def set_managers(actor: Actor, site: Site, users: Iterable[Any]) -> None:
    org_access.require_office(actor)
    users = list(users)
    before = sorted(site.managers.values_list("username", flat=True))
    site.managers.set(users)
    after = sorted(u.username for u in users)
    if before != after:
        record(actor, "sites.managers_changed", site, before={"managers": before}, after={"managers": after})


def _check_column(column: Column) -> None:
    column.rules = selection.clean(column.rules)
    if column.parent_id is not None:
        parent = Column.objects.filter(pk=column.parent_id).first()
        if parent is None or parent.site_id != column.site_id:
            raise ValidationError({"parent_id": _("上级栏目须属于同一站点。")})
        seen = {column.pk}
        while parent is not None:
            if parent.pk in seen:
                raise ValidationError({"parent_id": _("上级栏目不能是本栏目或其下级栏目。")})
            seen.add(parent.pk)
            parent = parent.parent
    if column.redirect_to_id is not None:
        target = Column.objects.filter(pk=column.redirect_to_id).first()
        if target is None or target.site_id != column.site_id or target.pk == column.pk or target.retired:
            raise ValidationError({"redirect_to": _("停用后转到的栏目须是同一站点中在用的其他栏目。")})
    if Column.objects.filter(site_id=column.site_id, slug=column.slug).exclude(pk=column.pk).exists():
        raise ValidationError({"slug": _("本站点已有路径为“%(slug)s”的栏目。") % {"slug": column.slug}})
    column.full_clean(validate_unique=False)


def _items(item_ids: Iterable[int]) -> list[int]:
    ids = list(dict.fromkeys(item_ids))
    if len(ids) > MAX_PICKS:
        raise ValidationError({"item_ids": _("手选信息不能超过%(max)s条。") % {"max": MAX_PICKS}})
    if not all(isinstance(pk, int) and not isinstance(pk, bool) for pk in ids):
        raise ValidationError({"item_ids": _("手选信息应为信息编号列表。")})
    known = set(Item.objects.filter(pk__in=ids).values_list("pk", flat=True))
    missing = [pk for pk in ids if pk not in known]
    if missing:
        raise ValidationError({"item_ids": _("没有这些信息：%(ids)s。") % {"ids": "、".join(map(str, missing))}})
    return ids


def _set_picks(column: Column, item_ids: list[int]) -> None:
    ColumnPick.objects.filter(column=column).exclude(item_id__in=item_ids).delete()
    existing = set(ColumnPick.objects.filter(column=column).values_list("item_id", flat=True))
    ColumnPick.objects.bulk_create(
        [ColumnPick(column=column, item_id=pk, position=n) for n, pk in enumerate(item_ids) if pk not in existing]
    )
    for n, pk in enumerate(item_ids):
        ColumnPick.objects.filter(column=column, item_id=pk).exclude(position=n).update(position=n)


def _column_snapshot(column: Column) -> dict[str, Any]:
    data = snapshot(column, COLUMN_FIELDS)
    data["item_ids"] = (
        list(ColumnPick.objects.filter(column=column).values_list("item_id", flat=True)) if column.pk else []
    )
    return data


@transaction.atomic
def create_column(actor: Actor, site: Site, *, item_ids: Iterable[int] = (), **data: Any) -> Column:
    access.require_manage(actor, site)
    column = Column(site=site, **data)
    _check_column(column)
    picks = _items(item_ids)
    column.save()
    _set_picks(column, picks)
    placements.rebuild_column(column)
    record(actor, "sites.column_created", column, after=_column_snapshot(column), note=site.name)
    return column


@transaction.atomic
def update_column(actor: Actor, column: Column, *, item_ids: Iterable[int] | None = None, **data: Any) -> Column:
    """Rename, move, reorder, re-rule, re-pick or retire (``retired=True``; its URLs then
    redirect to ``redirect_to``, else to its parent, else to the site's home)."""
    access.require_manage(actor, column.site)
    column = Column.objects.select_for_update().get(pk=column.pk)
    before = _column_snapshot(column)
    for key, value in data.items():
        setattr(column, key, value)
    if "retired" in data:
        column.retired_at = timezone.now() if column.retired else None
    _check_column(column)
    if column.retired and Column.objects.filter(parent=column, retired=False).exists():
        raise ValidationError({"retired": _("请先停用或移走其下级栏目。")})
    column.save()
    if item_ids is not None:
        _set_picks(column, _items(item_ids))
    after = _column_snapshot(column)
    # Placements follow what selects: the rules, retirement and the set of picks — not a rename,
    # a move or an order (at 100,000 matching items a rebuild is seconds the office would wait).
    if (before["rules"], before["retired"], set(before["item_ids"])) != (
        after["rules"],
        after["retired"],
        set(after["item_ids"]),
    ):
        placements.rebuild_column(column)
    old, new = changed(before, after)
    if new:
        record(
            actor,
            "sites.column_retired" if data.get("retired") else "sites.column_changed",
            column,
            before=old,
            after=new,
        )
    return column


@transaction.atomic
def reorder_columns(actor: Actor, site: Site, column_ids: list[int]) -> None:
    """The columns in the given order under their parents (positions 0, 1, 2 …)."""
    access.require_manage(actor, site)
    mine = set(Column.objects.filter(site=site).values_list("pk", flat=True))
    if not set(column_ids) <= mine:
        raise ValidationError({"column_ids": _("只能排列本站点的栏目。")})
    for position, pk in enumerate(column_ids):
        Column.objects.filter(pk=pk).update(position=position)
    record(actor, "sites.columns_reordered", site, after={"order": column_ids})


@transaction.atomic
def pick(actor: Actor | None, column: Column, item: Item) -> None:
    """Put one item into a column by hand (the exchange maps received items this way: actor None)."""
    if actor is not None:
        access.require_manage(actor, column.site)
    last = ColumnPick.objects.filter(column=column).order_by("-position").values_list("position", flat=True).first()
    _obj, created = ColumnPick.objects.get_or_create(column=column, item=item, defaults={"position": (last or 0) + 1})
    if created:
        placements.place_item(item)
        record(actor, "sites.column_picked", column, after={"item": item.pk})


@transaction.atomic
def unpick(actor: Actor, column: Column, item: Item) -> None:
    access.require_manage(actor, column.site)
    if ColumnPick.objects.filter(column=column, item=item).delete()[0]:
        placements.place_item(item)
        record(actor, "sites.column_unpicked", column, after={"item": item.pk})

"""Which site an inspection judges (issue 19: the national indicators judge sites, so
self-inspection runs per site), and the facts that differ between sites.

The default site — the district portal over the whole library, or the unsaved default while no
Site row exists — is judged as before: the office's ColumnRules, every publishing unit's catalogue,
the district's inquiries, new media and archive. Any other site is judged by what it shows: its
own columns (their placements), the items any of its columns shows, its units' catalogue entries
and inquiries. Both are judged on the services the site shows (the service directory)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Max, QuerySet
from django.utils import timezone

from gongkai import publiclinks
from gongkai.publishing.models import Item
from gongkai.sites import current
from gongkai.sites import public as site_public
from gongkai.sites.models import Column, Placement, Site
from gongkai.supervision.inspection import rules

# 动态/要闻 columns: 2 weeks; 通知公告/政策文件 first-level columns: 6 months (REGULATIONS.md §5 item 4).
# A site's own columns carry no age of their own, so it is read from the column's name; a column
# the names do not place is checked for being empty only.
NEWS_WORDS = ("动态", "要闻", "新闻")
NOTICE_WORDS = ("通知", "公告", "政策", "文件")
NEWS_DAYS = 14
NOTICE_DAYS = 183


@dataclass(frozen=True)
class Scope:
    site: Site

    @property
    def library(self) -> bool:
        """The whole library (the default site, or any site that shows everything)."""
        return self.site.pk is None or self.site.whole_library

    @property
    def name(self) -> str:
        return self.site.name

    def items(self, items: QuerySet[Item]) -> QuerySet[Item]:
        """``items`` narrowed to what this site shows."""
        shown = site_public.site_scope(self.site) if self.site.pk is not None else None
        return items if shown is None else items.filter(pk__in=shown)

    def unit_ids(self) -> list[int] | None:
        """The site's own units (None on the library site: every unit)."""
        if self.library:
            return None
        return list(self.site.units.values_list("pk", flat=True))


def of(site: Site | None) -> Scope:
    """The scope of ``site`` (None: the default site)."""
    return Scope(site if site is not None else current.default_site())


def stored_site(scope: Scope) -> Site | None:
    """What Inspection.site stores: the saved site, or None for the unsaved default."""
    return scope.site if scope.site.pk is not None else None


def _local(value: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(value) if value is not None else None


def latest_home_on(scope: Scope) -> dt.date | None:
    """A site's home page lists the newest items of its columns (carried documents left out)."""
    latest = Placement.objects.filter(site_id=scope.site.pk, item__carried=False).aggregate(at=Max("published_at"))
    return _local(latest["at"])


def max_age(column: Column) -> int | None:
    if any(word in column.name for word in NEWS_WORDS):
        return NEWS_DAYS
    if column.parent_id is None and any(word in column.name for word in NOTICE_WORDS):
        return NOTICE_DAYS
    return None


def column_url(column: Column) -> str:
    if "site_column" in publiclinks.kinds():
        return publiclinks.public_url("site_column", column.slug)
    return f"/lm/{column.slug}/"


def site_columns(scope: Scope) -> list[rules.Column]:
    """The site's columns in use with the newest publication of the district's own items in each
    (two queries, whatever the number of columns)."""
    columns = list(site_public.columns_of(scope.site))
    latest = dict(
        Placement.objects.filter(column__in=columns, item__carried=False)
        .values("column_id")
        .annotate(at=Max("published_at"))
        .values_list("column_id", "at")
    )
    return [
        rules.Column(
            name=column.name,
            latest_on=_local(latest.get(column.pk)),
            max_age_days=max_age(column),
            counts_for_veto=max_age(column) is not None,
            points=2,
            url=column_url(column),
        )
        for column in columns
    ]
